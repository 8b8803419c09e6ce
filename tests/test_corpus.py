"""Every public template in the corpus loads and graphs, or fails with its known clean error."""

from __future__ import annotations

import pytest

import cfnbridge
from tests.conftest import CORPUS, corpus_templates

# Genuine defects in the upstream files, each checked for its exact error and lines.
KNOWN_LOAD_ERRORS = {
    "aws-samples/aws/services/ServiceCatalog/Portfolio.yaml": ("DuplicateKeyError", 191, 193),
    "aws-samples/aws/solutions/CloudFrontCustomOriginLambda@Edge/CloudFront.yaml": ("DuplicateKeyError", 804, 828),
    "heat-cfn/F17/Rails_Single_Instance.template": ("DuplicateKeyError", 70, 71),
}
KNOWN_GRAPH_ERRORS = {
    "heat-cfn/F17/WordPress_Single_Instance_With_Neutron.template": ("UndefinedReferenceError", 179),
    **{f"heat-cfn/F17/invalid/{name}": ("CycleError", None) for name in (
        "AutoScalingMultiAZSample.template", "AutoScalingMultiAZSample.yaml",
        "WordPress_Single_Instance_With_HA.template", "WordPress_Single_Instance_With_HA_AccessPolicy.template",
        "WordPress_Single_Instance_With_IHA.template")},
}


@pytest.mark.parametrize("path", corpus_templates(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_template_loads_and_graphs(path) -> None:
    key = str(path.relative_to(CORPUS))
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


def test_corpus_is_complete(corpus) -> None:
    assert len(corpus) == 227
    for key in (*KNOWN_LOAD_ERRORS, *KNOWN_GRAPH_ERRORS):
        assert (CORPUS / key).is_file(), key
