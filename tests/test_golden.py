"""Golden translations: every example under examples/ against its checked-in expected files.

The examples are found by listing ``examples/*/template.yaml``. Outputs are compared as
parsed documents, with a unified diff of the YAML on failure; gap reports as lists of
dicts. Regenerate the expected files with ``python tools/regen_golden.py`` and review the
diff. Heat's validator judges each HOT result, and translation must be deterministic.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

import cfnbridge
from cfnbridge.translation import Translation
from cfnbridge.translation.gaps import report_json
from tests.conftest import EXAMPLES, REPO

TEMPLATES = sorted(EXAMPLES.glob("*/template.yaml"))
PROFILE = EXAMPLES / "site-profile.yaml"
REGEN = REPO / "tools" / "regen_golden.py"

# Known translator defects that these examples expose, by (example, check). Each xfail is
# strict: once the translator is fixed the test passes, fails as XPASS, and the entry goes.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {
}


def _id(path: Path) -> str:
    return path.parent.name


def _param(check: str, modes: tuple[str, ...] = ()) -> list[Any]:
    """The example templates (times ``modes``) as pytest params, strict-xfail on a known defect."""
    params = []
    for path in TEMPLATES:
        for mode in modes or (None,):
            key = f"{check}-{mode}" if mode else check
            reason = KNOWN_DEFECTS.get((_id(path), key))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            values = (path, mode) if mode else (path,)
            params.append(pytest.param(*values, id=f"{_id(path)}-{mode}" if mode else _id(path), marks=marks))
    return params


def _regen() -> ModuleType:
    """tools/regen_golden.py, imported by path (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("regen_golden", REGEN)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def _translate(path: Path, to: str, profile: Path | None = None, placeholder: bool = False) -> Translation:
    return cfnbridge.translate(path, to=to, profile=profile, placeholder=placeholder)


def _dump(document: Any) -> list[str]:
    return yaml.safe_dump(document, sort_keys=False, default_flow_style=False, width=100).splitlines(keepends=True)


def _assert_same(actual: Any, expected: Any, expected_file: Path) -> None:
    """Equal parsed documents, or a failure showing a unified diff of their YAML."""
    if actual == expected:
        return
    name = expected_file.relative_to(REPO).as_posix()
    diff = "".join(difflib.unified_diff(_dump(expected), _dump(actual), fromfile=name, tofile="translator"))
    pytest.fail(f"translation differs from {name} (regenerate with tools/regen_golden.py if intended):\n{diff}",
                pytrace=False)


def _expected_yaml(path: Path) -> Any:
    if not path.exists():
        pytest.fail(f"{path.relative_to(REPO)} is missing: run tools/regen_golden.py", pytrace=False)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_examples_are_found() -> None:
    assert len(TEMPLATES) >= 9, "at least eight golden examples plus web-vpc"
    assert (EXAMPLES / "web-vpc" / "template.yaml") in TEMPLATES


@pytest.mark.parametrize("path", _param("graph"))
def test_example_loads_and_graphs(path: Path) -> None:
    template = cfnbridge.load(path)
    graph = cfnbridge.build_graph(template)
    assert sorted(graph.order()) == sorted(template.resources)


@pytest.mark.parametrize(("path", "to"), _param("golden", ("hot", "native")))
def test_translation_matches_golden(path: Path, to: str) -> None:
    expected_file = path.parent / f"expected.{to}.yaml"
    actual = yaml.safe_load(_translate(path, to).to_yaml())
    _assert_same(actual, _expected_yaml(expected_file), expected_file)


def test_profile_translation_matches_golden() -> None:
    path = EXAMPLES / "web-server" / "template.yaml"
    expected_file = path.parent / "expected.hot.profile.yaml"
    actual = yaml.safe_load(_translate(path, "hot", PROFILE).to_yaml())
    _assert_same(actual, _expected_yaml(expected_file), expected_file)


@pytest.mark.parametrize("path", _param("gaps"))
def test_gap_report_matches_golden(path: Path) -> None:
    expected_file = path.parent / "expected.gaps.json"
    if not expected_file.exists():
        pytest.fail(f"{expected_file.relative_to(REPO)} is missing: run tools/regen_golden.py", pytrace=False)
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    actual = _regen().gap_dicts(_translate(path, "hot").gaps)
    _assert_same(actual, expected, expected_file)


@pytest.mark.parametrize("path", _param("files"))
def test_nested_templates_match_golden(path: Path) -> None:
    """The nested templates written beside the output, as their checked-in files (none is extra)."""
    files = _translate(path, "hot").files
    expected = sorted(p.name.removeprefix("expected.hot.files.") for p in path.parent.glob("expected.hot.files.*"))
    assert sorted(files) == expected
    for name, text in files.items():
        expected_file = path.parent / f"expected.hot.files.{name}"
        _assert_same(yaml.safe_load(text), _expected_yaml(expected_file), expected_file)


@pytest.mark.parametrize(("path", "to"), _param("heat", ("hot", "native")))
def test_output_is_accepted_by_heat(path: Path, to: str, heat_validate) -> None:
    result = _translate(path, to)
    if not result.gaps_at_least("error"):
        assert heat_validate(result.template, files=result.files) == [], \
            "no error gap was reported, so Heat must accept it"
        return
    placeholder = _translate(path, to, placeholder=True)
    assert heat_validate(placeholder.template, files=placeholder.files) == [], \
        "with error gaps, the --placeholder output must pass"


def test_profile_hot_is_accepted_by_heat(heat_validate) -> None:
    result = _translate(EXAMPLES / "web-server" / "template.yaml", "hot", PROFILE)
    assert not result.gaps_at_least("error")
    assert heat_validate(result.template) == []


@pytest.mark.parametrize(("path", "to"), _param("round-trip", ("hot", "native")))
def test_yaml_output_means_the_template(path: Path, to: str) -> None:
    """What to_yaml writes parses back to exactly the translated document."""
    result = _translate(path, to)
    _assert_same(yaml.safe_load(result.to_yaml()), result.template, path)


@pytest.mark.parametrize("path", _param("determinism"))
def test_translation_is_deterministic(path: Path) -> None:
    for to in ("hot", "native"):
        first = cfnbridge.translate(path, to=to)
        second = cfnbridge.translate(path, to=to)
        assert first.to_yaml() == second.to_yaml()
        assert report_json(first.gaps) == report_json(second.gaps)
