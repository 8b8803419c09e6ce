"""Load the whole corpus with cfnbridge and with a bare CSafeLoader, in the same run.

The bare loader is the floor: libyaml's parser plus a constructor for the short tags,
with no positions, no duplicate-key check and no model. cfnbridge aims to stay within
1.5x of it. Usage: ``python benchmarks/bench_load.py [CORPUS_DIR] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import yaml

import cfnbridge

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


class _BareLoader(yaml.CSafeLoader):
    """libyaml with CloudFormation short tags: the fastest honest way to read a template."""


def _short_tag(loader: yaml.Loader, suffix: str, node: yaml.Node) -> dict:
    name = "Ref" if suffix in ("Ref", "Condition") else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        return {name: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {name: loader.construct_sequence(node, deep=True)}
    return {name: loader.construct_mapping(node, deep=True)}


_BareLoader.add_multi_constructor("!", _short_tag)


def bare(texts: list[str]) -> None:
    for text in texts:
        yaml.load(text, Loader=_BareLoader)  # noqa: S506 - a SafeLoader subclass


def ours(texts: list[tuple[str, str]]) -> None:
    for name, text in texts:
        try:
            cfnbridge.load(text, filename=name)
        except cfnbridge.InputError:
            pass  # the known-bad corpus files fail cleanly; the time still counts


def best_of(repeat: int, function, argument) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function(argument)
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.rglob("*") if p.suffix in (".json", ".yaml", ".yml", ".template"))
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in files]
    size = sum(len(t) for _, t in texts)
    bare_best, bare_median = best_of(args.repeat, bare, [t for _, t in texts])
    ours_best, ours_median = best_of(args.repeat, ours, texts)
    print(f"corpus: {len(texts)} templates, {size / 1e6:.2f} MB, best of {args.repeat}")
    print(f"  bare CSafeLoader + short tags : {bare_best * 1000:8.1f} ms (median {bare_median * 1000:.1f})")
    print(f"  cfnbridge.load (located model): {ours_best * 1000:8.1f} ms (median {ours_median * 1000:.1f})")
    ratio = ours_best / bare_best
    print(f"  ratio: {ratio:.2f}x the bare loader (goal: at most 1.50x) -> {'OK' if ratio <= 1.5 else 'OVER'}")


if __name__ == "__main__":
    main()
