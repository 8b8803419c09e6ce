"""cfn-init over every corpus template that has it: nothing dropped silently.

For each resource with ``AWS::CloudFormation::Init`` metadata, the written HOT (read back as
Heat reads it) either carries the translated program, in which every config, package, group,
user, source, file, command and service of the metadata appears, or the gap report says at
the metadata why not. No server's user data keeps a cfn-init or cfn-signal call unless an
error gap says it was left.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml

import cfnbridge
from cfnbridge import intrinsics as fn
from tests.conftest import corpus_id, corpus_templates

INIT = "AWS::CloudFormation::Init"
PROGRAM = "/var/lib/cfnbridge/bootstrap/"
_CALL = re.compile(r"(?m)^[^#\n]*?(?<![\w./-])(?:/opt/aws/bin/)?cfn-(?:init|signal)\b")


def _with_init() -> list:
    found = []
    for path in corpus_templates():
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if INIT in text:
            found.append(path)
    return found


TEMPLATES = _with_init()


def _names(init: dict[str, Any]) -> list[tuple[str, Any]]:
    """(what, name) for every entry cfn-init would act on, as written in the metadata."""
    out: list[tuple[str, Any]] = []
    for key, config in init.items():
        if key == "configSets" or not isinstance(config, dict):
            continue
        out.append(("config", key))
        for section, entries in config.items():
            if not isinstance(entries, dict):
                continue
            if section in ("packages", "services"):
                for manager, items in entries.items():
                    out.extend((f"{section}.{manager}", name) for name in (items if isinstance(items, dict) else ()))
            else:
                out.extend((section, name) for name in entries)
    return out


def _programs(document: dict[str, Any]) -> dict[str, str]:
    programs = {}
    for body in (document.get("resources") or {}).values():
        if body.get("type") != "OS::Heat::CloudConfig":
            continue
        for entry in body["properties"]["cloud_config"].get("write_files", []):
            if entry["path"].startswith(PROGRAM):
                programs[entry["path"][len(PROGRAM):]] = json.dumps(entry["content"])
    return programs


def _scripts(document: dict[str, Any]) -> list[str]:
    scripts = []
    for body in (document.get("resources") or {}).values():
        if body.get("type") == "OS::Heat::MultipartMime":
            scripts += [json.dumps(part["config"]) for part in body["properties"]["parts"]
                        if part.get("subtype") == "x-shellscript"]
        elif body.get("type") == "OS::Nova::Server" and isinstance(body["properties"].get("user_data"), str | dict) \
                and "get_attr" not in body["properties"]["user_data"]:
            scripts.append(json.dumps(body["properties"]["user_data"]))
    return scripts


@pytest.mark.skipif(not TEMPLATES, reason="no template with cfn-init in the corpus")
@pytest.mark.parametrize("path", TEMPLATES, ids=corpus_id)
def test_cfn_init_is_translated_or_reported(path) -> None:
    try:
        template = cfnbridge.load(path)
        result = cfnbridge.translate(template)
    except cfnbridge.CfnBridgeError:
        return  # known-bad inputs are tested for their errors elsewhere
    document = yaml.safe_load(result.to_yaml())  # the bytes a user gets, read back
    programs = _programs(document)
    gaps = result.gaps
    for name, resource in template.resources.items():
        metadata = resource.metadata
        if not isinstance(metadata, dict) or not isinstance(metadata.get(INIT), dict):
            continue
        base = ("Resources", name, "Metadata", INIT)
        at_metadata = [g for g in gaps if tuple(g.path[:4]) == base]
        if name not in programs:
            assert at_metadata or any(g.resource == name and g.code in (
                "cfn-init-not-called", "bootstrap-untranslated", "cfn-init") for g in gaps) or \
                result.plan.get(name) is not None and not result.plan[name].translated, \
                f"{name}: cfn-init metadata neither translated nor reported"
            continue
        program = programs[name]
        for what, entry in _names(metadata[INIT]):
            if isinstance(entry, str) and not isinstance(entry, fn.Intrinsic):
                word = entry.split("/")[-1] if what in ("files", "sources") else entry
                reported = any(str(entry) in tuple(map(str, g.path)) for g in at_metadata)
                assert word in program or reported, f"{name}: {what} {entry!r} is not in the program nor reported"
    left = [g for g in gaps if g.code in ("bootstrap-untranslated", "signal-untranslated")]
    for script in _scripts(document):
        text = json.loads(script) if script.startswith('"') else script
        if _CALL.search(text if isinstance(text, str) else script):
            assert left, "a cfn-init or cfn-signal call was left in the user data without an error gap"
