"""Over every corpus template: each AWS call the script scan finds is located on a line that
shows it, and the translation reports exactly those calls at exactly those places."""

from __future__ import annotations

import json

import pytest

import cfnbridge
from cfnbridge.gap_codes import codes_for
from cfnbridge.script_scan import table
from cfnbridge.script_scan.collect import scripts
from cfnbridge.script_scan.positions import SourceText
from cfnbridge.script_scan.report import describe, locate, translated_mount
from cfnbridge.script_scan.shell import scan
from tests.conftest import corpus_id, corpus_templates


def _written_forms(word: str) -> set[str]:
    """How ``word`` may be spelt in the file: as itself, or escaped in a JSON string."""
    escaped = json.dumps(word, ensure_ascii=False)[1:-1]
    return {word, escaped, escaped.replace("/", "\\/")}


def _load(path):
    try:
        return cfnbridge.load(path)
    except cfnbridge.InputError:
        return None  # the known-bad files: tests/test_corpus.py checks their errors


@pytest.mark.parametrize("path", corpus_templates(), ids=corpus_id)
def test_every_finding_points_at_its_word(path) -> None:
    template = _load(path)
    if template is None:
        return
    source = SourceText(template.source_text)
    lines = template.source_text.splitlines()
    expected = set()
    for script in scripts(template):
        for finding in scan(script.text, table.served_metadata()):
            location = locate(script, finding.start, source, template.filename)
            at = lines[location.line - 1][location.column - 1:]
            assert any(at.startswith(form) for form in _written_forms(finding.word)), (location, finding)
            described = describe(finding)
            if described is not None and not translated_mount(template, finding):
                expected.add((described[0], location.line, location.column))
    if not expected or "invalid" in path.parts:
        return  # (the invalid ones cannot be translated: tests/test_corpus.py checks their errors)
    gaps = cfnbridge.translate(template).gaps
    script_codes = {*codes_for("CB3020"), *codes_for("CB3320"), *codes_for("CB3420")}
    reported = {(g.code, g.location.line, g.location.column) for g in gaps if g.code in script_codes}
    assert reported == expected
