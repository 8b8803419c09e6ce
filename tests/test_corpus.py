"""Every public template in the corpus loads and graphs, or fails with its known clean error."""

from __future__ import annotations

import pytest

import cfnbridge
from tests.conftest import (
    CORPUS_ROOTS,
    FULL_CORPUS,
    FULL_SIZE,
    KNOWN_GRAPH_ERRORS,
    KNOWN_LOAD_ERRORS,
    SAMPLE,
    SAMPLE_SIZE,
    corpus_id,
    corpus_key,
    corpus_templates,
)


@pytest.mark.parametrize("path", corpus_templates(), ids=corpus_id)
def test_corpus_template_loads_and_graphs(path) -> None:
    key = corpus_key(path)
    if key in KNOWN_LOAD_ERRORS:
        kind, first, again = KNOWN_LOAD_ERRORS[key]
        with pytest.raises(cfnbridge.DuplicateKeyError) as info:
            cfnbridge.load(path)
        assert (info.value.first.line, info.value.location.line) == (first, again)
        return
    template = cfnbridge.load(path)
    assert template.resources, key
    for name in template.resources:
        location = template.locate(("Resources", name), of_key=True)
        line = template.source_text.splitlines()[location.line - 1]
        assert location.line > 1 and line.strip().strip('"').startswith(name)
    if key in KNOWN_GRAPH_ERRORS:
        kind, line = KNOWN_GRAPH_ERRORS[key]
        with pytest.raises(cfnbridge.InputError) as info:
            cfnbridge.build_graph(template)
        assert type(info.value).__name__ == kind
        assert line is None or info.value.location.line == line
        return
    graph = cfnbridge.build_graph(template)
    order = graph.order()
    assert sorted(order) == sorted(template.resources)
    position = {name: index for index, name in enumerate(order)}
    for name in template.resources:
        for needed, _kind in graph.dependencies(name):
            assert position[needed] < position[name]


def test_corpus_is_complete() -> None:
    """The sample is all there with its licenses; the full corpus too when it is present (or asked for)."""
    import os

    assert len(corpus_templates((SAMPLE,))) == SAMPLE_SIZE
    for name in ("README.md", "aws-samples/LICENSE.txt", "aws-samples/NOTICE.txt", "heat-cfn/LICENSE"):
        assert (SAMPLE / name).is_file(), name
    asked = os.environ.get("CFNBRIDGE_CORPUS")
    assert not asked or os.path.isdir(asked), f"CFNBRIDGE_CORPUS={asked} is not a directory"
    if FULL_CORPUS is not None:
        assert len(corpus_templates((FULL_CORPUS,))) == FULL_SIZE
    for root in CORPUS_ROOTS:
        for key in (*KNOWN_LOAD_ERRORS, *KNOWN_GRAPH_ERRORS):
            assert (root / key).is_file(), key


def test_sample_files_are_upstream_copies() -> None:
    """Byte for byte, when the full corpus is here to compare with; the README lists every file."""
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    for path in corpus_templates((SAMPLE,)):
        key = corpus_key(path)
        assert f"`{key}`" in readme, key
        if FULL_CORPUS is not None:
            assert path.read_bytes() == (FULL_CORPUS / key).read_bytes(), key
