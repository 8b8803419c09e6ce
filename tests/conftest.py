"""Shared test helpers: where the public template corpus and the examples are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
CORPUS = Path(os.environ.get("CFNBRIDGE_CORPUS", REPO.parent / "shared" / "corpus"))
TEMPLATE_SUFFIXES = (".json", ".yaml", ".yml", ".template")


def corpus_templates() -> list[Path]:
    """Every template file in the shared corpus (sorted, so test ids are stable)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix in TEMPLATE_SUFFIXES)


@pytest.fixture(scope="session")
def corpus() -> list[Path]:
    templates = corpus_templates()
    if not templates:
        pytest.fail(f"the template corpus is missing at {CORPUS}; set CFNBRIDGE_CORPUS")
    return templates


from tests.heat_judge import heat_validate  # noqa: E402,F401  (a shared fixture)
