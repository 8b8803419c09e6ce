"""Shared test helpers: where the public template corpus and the examples are.

Two corpora of real, public templates (byte-for-byte copies of upstream files):

* ``tests/corpus_sample/``, vendored: a few dozen templates chosen to exercise every
  translator handler plus each known-bad upstream file (see its README). Always tested,
  so a fresh clone runs every corpus test.
* the full corpus, when present: ``$CFNBRIDGE_CORPUS``, or ``../shared/corpus`` next to the
  repository. Tested as well, in the same tests.

``CORPUS`` is the sample: tests that name one file by its path find it there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Tests lint without the result cache unless they test it (a test that patches a rule must
# not be answered from an earlier test's results); cache tests pass --cache explicitly.
os.environ["CFNBRIDGE_LINT_NO_CACHE"] = "1"

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SAMPLE = REPO / "tests" / "corpus_sample"
CORPUS = SAMPLE
_FULL = Path(os.environ.get("CFNBRIDGE_CORPUS") or REPO.parent / "shared" / "corpus")
FULL_CORPUS: Path | None = _FULL.resolve() if _FULL.is_dir() and _FULL.resolve() != SAMPLE else None
CORPUS_ROOTS: tuple[Path, ...] = (SAMPLE, FULL_CORPUS) if FULL_CORPUS else (SAMPLE,)
TEMPLATE_SUFFIXES = (".json", ".yaml", ".yml", ".template")
SAMPLE_SIZE = 54  # templates in tests/corpus_sample
FULL_SIZE = 227  # templates in the full corpus (its README)

# Genuine defects in upstream files (both corpora hold all of them), checked for their exact errors.
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


def corpus_templates(roots: tuple[Path, ...] = CORPUS_ROOTS) -> list[Path]:
    """Every template file in the corpora (the sample first; sorted, so test ids are stable)."""
    found = []
    for root in roots:
        found += sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in TEMPLATE_SUFFIXES)
    return found


def corpus_root(path: Path) -> Path:
    return next(root for root in CORPUS_ROOTS if path.is_relative_to(root))


def corpus_key(path: Path) -> str:
    """The upstream path of a corpus file (the same in both corpora): ``heat-cfn/F17/x.template``."""
    return path.relative_to(corpus_root(path)).as_posix()


def corpus_id(path: Path) -> str:
    """A test id naming the corpus too: ``sample/heat-cfn/...`` or ``full/heat-cfn/...``."""
    return f"{'sample' if corpus_root(path) == SAMPLE else 'full'}/{corpus_key(path)}"


@pytest.fixture(scope="session")
def corpus() -> list[Path]:
    return corpus_templates()


from tests.heat_judge import heat_validate  # noqa: E402,F401  (a shared fixture)
