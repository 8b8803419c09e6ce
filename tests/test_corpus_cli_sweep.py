"""Every corpus template through the reading commands of the CLI: no crash, and convert is lossless.

For each file: ``graph``, ``lint``, ``convert --to json`` and ``convert --to yaml`` exit
0, 1 or 2 and never print a traceback; and for each file that loads, both converted texts
read back (the JSON with the ``json`` module, refusing NaN/Infinity; the YAML with
cfnbridge's own loader) as exactly the template that was read.
"""

from __future__ import annotations

import json

import pytest

from cfnbridge.loader import parse
from cfnbridge.nodes import to_plain
from tests.cli_run import cli
from tests.conftest import corpus_templates

COMMANDS = (("graph",), ("lint", "--no-config"), ("convert", "--to", "json"), ("convert", "--to", "yaml"))


def _no_constant(word: str) -> None:
    raise AssertionError(f"{word} written as JSON")


def test_every_corpus_file_through_graph_lint_and_convert(corpus) -> None:
    bad, loaded, mismatched = [], 0, []
    for path in corpus:
        runs = {command[0] + command[-1]: cli(*command, str(path)) for command in COMMANDS}
        for name, run in runs.items():
            if run.code not in (0, 1, 2) or "Traceback" in run.out + run.err or "internal error" in run.err:
                bad.append((str(path), name, run.code, (run.err or run.out).strip()[-200:]))
        if runs["convertjson"].code != 0:
            continue
        loaded += 1
        original = to_plain(parse(path.read_bytes().decode("utf-8-sig"), str(path)))
        if json.loads(runs["convertjson"].out, parse_constant=_no_constant) != original:
            mismatched.append((str(path), "json"))
        if to_plain(parse(runs["convertyaml"].out, "converted.yaml")) != original:
            mismatched.append((str(path), "yaml"))
    assert bad == []
    assert mismatched == []
    assert loaded >= 0.9 * len(corpus)  # the corpus is real templates: nearly all of them load


@pytest.mark.parametrize("flag", [[], ["--long-form"]])
def test_long_and_short_form_yaml_read_back_the_same(tmp_path, flag: list[str]) -> None:
    templates = [p for p in corpus_templates() if p.suffix in (".yaml", ".yml")][:40]
    for path in templates:
        result = cli("convert", "--to", "yaml", *flag, str(path))
        if result.code != 0:
            continue
        assert to_plain(parse(result.out, "x.yaml")) == to_plain(parse(path.read_text("utf-8-sig"), str(path)))
