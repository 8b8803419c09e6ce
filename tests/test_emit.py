"""The YAML writer writes the bytes PyYAML writes, byte for byte.

``emit.write_direct`` lays the text out itself; ``emit_nodes.to_yaml_nodes`` is the path
through PyYAML's serializer and C emitter that defined the output (the golden files hold its
bytes). Both are compared over every document the corpus translates to (both dialects, with
and without placeholders, nested templates included), where the direct writer must never need
PyYAML, and over generated trees full of texts the emitter treats specially: indicators,
texts that read back as other types, quotes, escapes, line breaks, long lines that fold,
deep indentation, long keys. Where the direct writer declines a document, ``to_yaml`` must
still give PyYAML's bytes, and only for the documented reasons.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import cfnbridge
from cfnbridge.nodes import LocatedDict, LocatedList
from cfnbridge.translation import emit
from cfnbridge.translation.emit import to_yaml, write_direct
from cfnbridge.translation.emit_nodes import to_yaml_nodes
from tests.conftest import corpus_id, corpus_templates

MODES = [("hot", False), ("hot", True), ("native", False), ("native", True)]


@pytest.mark.parametrize("path", corpus_templates(), ids=corpus_id)
def test_corpus_output_is_written_directly_as_pyyaml_writes_it(path, monkeypatch) -> None:
    try:
        template = cfnbridge.load(path)
    except cfnbridge.InputError:
        return  # the known-bad files: tests/test_corpus.py checks their errors
    documents: list[Any] = []

    def recording(document: Any) -> str | None:  # nested templates are written while translating
        documents.append(document)
        return write_direct(document)

    monkeypatch.setattr(emit, "write_direct", recording)
    for to, placeholder in MODES:
        try:
            result = cfnbridge.translate(template, to=to, placeholder=placeholder)
        except cfnbridge.CfnBridgeError:
            continue  # the cyclic templates stop with a located error (tests/test_corpus.py)
        documents.append(result.template)
        for document in documents:
            direct = write_direct(document)
            assert direct is not None, f"{to} placeholder={placeholder}: the direct writer declined"
            assert direct == to_yaml_nodes(document), f"{to} placeholder={placeholder}"
        documents.clear()


class _Name(str):
    """A string subclass, as a loader or a handler may hand one over."""


# Texts the emitter treats specially, alone or as parts of longer texts.
_TRICKY = ["", " ", "  ", "yes", "No", "on", "OFF", "y", "true", "False", "null", "Null", "~", "-", "--", "---",
           "...", "- a", "-a", "?", "? ", "?a", ":", ": ", ":a", "a:", "a: b", "a:b", "http://x/y", "#", " #", "a #b",
           "a#b", "1", "-1", "+1", "0", "017", "0o17", "0x1F", "1_000", "1.0", "-1.5e3", "1e3", ".5", ".inf",
           "-.Inf", ".nan", "2020-01-01", "2001-12-14t21:59:43.10-05:00", "<<", "=", "'", '"', "''", "it's",
           '"q"', "\\", "a\\b", "@x", "`x", "%x", "!x", "!Ref", "&a", "*a", "|", ">", "[", "]", "{a}", ",", "a,b",
           "\t", "a\tb", "\n", "\n\n", "a\n", "\na", "a\n\n", " a\n", "a \nb", "a\n b", "\r", "\r\n", "\x85",
           "\u2028", "\u2029", "\ufeff", "\x00", "\x07", "\x1b", "\x7f", "\x9f", "\xa0", "é", "日本", "\ue000",
           "\ufffd", "\ufffe", "😀", "\U0010ffff", "x" * 101, "é" * 40]
_BREAKS = set("\r\n\x85\u2028\u2029")
_WORDS = st.sampled_from(["", "", "a", "word", "'", '"', "\\", "\t", "é", "😀", "#", ":", "-", "x" * 30, "\n"])
_ALPHABET = st.one_of(st.sampled_from(list(" \t\n\r:#'\"-?,[]{}&*!|>%@`\\~.\x00\x7f\x85\xa0\u2028\u2029\ufeffé😀")),
                      st.characters(blacklist_categories=("Cs",)))
_TEXTS = st.one_of(
    st.sampled_from(_TRICKY),
    st.text(_ALPHABET, max_size=12),
    st.lists(st.one_of(st.sampled_from(_TRICKY), st.text(_ALPHABET, max_size=6)), max_size=6).map("".join),
    st.lists(_WORDS, min_size=5, max_size=70).map(" ".join),  # long lines with single and double spaces
    st.lists(st.one_of(st.sampled_from(_TRICKY), st.lists(_WORDS, max_size=40).map(" ".join)),
             max_size=5).map("\n".join),  # multi-line: literal blocks, or double-quoted and folded
)
_SCALARS = st.one_of(_TEXTS, _TEXTS.map(_Name), st.integers(), st.integers(min_value=10**140, max_value=10**150),
                     st.booleans(), st.none(), st.floats())
_SIMPLE_KEYS = st.one_of(st.sampled_from([text for text in _TRICKY if not _BREAKS & set(text)]),
                         st.text(_ALPHABET, max_size=12).filter(lambda text: not _BREAKS & set(text)))
_LONG_KEYS = st.one_of(st.text(_ALPHABET, min_size=30, max_size=70),  # some past 128 bytes: the '? ' form
                       st.sampled_from(["k" * 128, "k" * 129, "é" * 64, "é" * 65, "😀" * 32, "😀" * 33, "a\nb"]))
_KEYS = st.integers(0, 29).flatmap(lambda roll: _LONG_KEYS if roll == 0 else st.one_of(
    _SIMPLE_KEYS, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False)))  # one in 30 long


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    mappings = st.dictionaries(_KEYS, children, max_size=5)
    sequences = st.lists(children, max_size=5)
    return st.one_of(mappings, sequences, mappings.map(LocatedDict), sequences.map(LocatedList),
                     mappings.map(OrderedDict))


def _deep(pair: tuple[int, Any]) -> Any:
    """The value under ``depth`` levels of one-key mappings and one-item sequences (indentation past the width)."""
    depth, value = pair
    for level in range(depth):
        value = {f"level{level}": value} if level % 3 else [value]
    return value


_TREES = st.recursive(_SCALARS, _containers, max_leaves=25)
_DOCUMENTS = st.one_of(_TREES, st.tuples(st.integers(1, 60), _TREES).map(_deep))


def _declinable(value: Any) -> bool:
    """Whether the tree holds what the direct writer may leave to PyYAML: a key in the ``? `` form
    (a line break, or more than 128 bytes), or a Unicode line or paragraph separator."""
    if isinstance(value, dict):
        return any(_declinable(key) or _declinable(item) for key, item in value.items()) or any(
            (isinstance(key, str) and (any(c in key for c in "\r\n\x85\u2028\u2029")
                                       or len(str(key).encode()) > 128))
            or (type(key) is int and len(str(key)) > 128) for key in value)
    if isinstance(value, list):
        return any(_declinable(item) for item in value)
    return isinstance(value, str) and ("\u2028" in value or "\u2029" in value)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_DOCUMENTS)
@example(document={"k": "a\n\n"})  # a literal block keeping its final breaks: the document end marker
@example(document={"a": "x\n\n", "b": "y\n"})  # ... only when it is the last block
@example(document={"a": {}, "b": [], "c": [{}, [], [[]], {"d": [1, {"e": None}]}]})
@example(document={"k" * 129: 1, "x": 1.5})
@example(document={"user_data": " leading\nline \ntab\there\n"})
@example(document=[{"long": " ".join(["word"] * 40)}, "x " * 60, "'" + "a " * 60, '"' + "a  " * 40 + "\n"])
@example(document={"k" * 100: " leading", "K" * 100: "trailing ", "q" * 100: '" both "'})  # past the width at once
@example(document={})
@example(document=[])
@example(document="---")
def test_generated_trees_are_written_as_pyyaml_writes_them(document: Any) -> None:
    reference = to_yaml_nodes(document)
    direct = write_direct(document)
    if direct is None:
        assert not isinstance(document, (dict, list)) or _declinable(document), "declined for no stated reason"
    else:
        assert direct == reference
    assert to_yaml(document) == reference


@pytest.mark.parametrize("document", [
    {"k" * 129: "v"}, {"é" * 65: "v"}, {10 ** 130: "v"}, {"multi\nline key": 1}, {"k": "a\u2028b"},
    "a bare scalar", 5, None,
], ids=["long-key", "long-unicode-key", "long-int-key", "multi-line-key", "line-separator", "str", "int", "none"])
def test_what_the_direct_writer_leaves_to_pyyaml(document: Any) -> None:
    """A key in the ``? `` form, a single-quoted text with a line separator, a bare scalar:
    PyYAML writes the whole document."""
    assert write_direct(document) is None
    assert to_yaml(document) == to_yaml_nodes(document)


@pytest.mark.parametrize(("document", "error"), [
    ({"k": object()}, yaml.representer.RepresenterError),
    ({"k": "lone \ud800 surrogate"}, UnicodeEncodeError),
    ({"lone \udfff": 1}, UnicodeEncodeError),
], ids=["object", "surrogate-value", "surrogate-key"])
def test_what_pyyaml_cannot_write_still_fails_as_it_did(document: Any, error: type[Exception]) -> None:
    assert write_direct(document) is None
    with pytest.raises(error):
        to_yaml(document)
