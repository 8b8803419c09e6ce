"""Heat is the judge: every corpus template translates, and Heat's own validator accepts the result.

For each public template, in both modes: translation never raises anything but a located
cfnbridge error; when no error-level gap was reported, Heat's validator accepts the output
as it is; when one was, the ``--placeholder`` output is accepted. The heat-cfn templates
in native mode validate at least as well as the originals do.
"""

from __future__ import annotations

import pytest

import cfnbridge
from cfnbridge.translation import translate
from tests.conftest import corpus_id, corpus_templates


def _load(path):
    try:
        return cfnbridge.load(path)
    except cfnbridge.InputError:
        return None  # the known-bad files: tests/test_corpus.py checks their errors


@pytest.mark.parametrize("to", ["hot", "native"])
@pytest.mark.parametrize("path", corpus_templates(), ids=corpus_id)
def test_corpus_translation_is_accepted_by_heat(path, to, heat_validate) -> None:
    template = _load(path)
    if template is None:
        return
    if "invalid" in path.parts:
        with pytest.raises(cfnbridge.CycleError):  # as tests/test_graph.py: the five cyclic templates
            translate(template, to=to)
        return
    result = translate(template, to=to)
    for gap in result.gaps:
        assert gap.location.file == str(path) and gap.location.line >= 1
    if not result.gaps_at_least("error"):
        assert heat_validate(result.template) == [], "no error gap was reported, so Heat must accept it"
        return
    kept = translate(template, to=to, placeholder=True)
    assert heat_validate(kept.template) == [], "with --placeholder the rest must still be valid for Heat"


@pytest.mark.parametrize("path", [p for p in corpus_templates() if p.suffix in (".template", ".yaml")
                                  and corpus_id(p).split("/")[1] == "heat-cfn"], ids=corpus_id)
def test_heat_templates_stay_valid_in_native_mode(path, heat_validate) -> None:
    template = _load(path)
    if template is None or heat_validate(template.source_text):
        return  # not valid for Heat to begin with
    assert heat_validate(translate(template, to="native").template) == []
