"""Translate the corpus and the 500-resource template; cfn-lint on the same inputs, same run.

cfn-lint is the tool a user would otherwise run over these templates before a move, so it
is the yardstick; the budget of its own is 0.5 s for the 500-resource template.
Then the YAML writer alone (``to_yaml``) on the corpus's translations and on a
``--writer-resources`` template (10,000 by default, the goal's size: the writer's share of
its 3 s), beside PyYAML's node path it replaced (``to_yaml_nodes``, the same bytes).
Usage: ``python benchmarks/bench_translate.py [--repeat N] [--skip-cfn-lint] [--writer-resources N]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CORPUS, big_template, cfn_lint_runner, corpus_files, timed  # noqa: E402

import cfnbridge  # noqa: E402
from cfnbridge.translation import translate  # noqa: E402
from cfnbridge.translation.emit import to_yaml  # noqa: E402
from cfnbridge.translation.emit_nodes import to_yaml_nodes  # noqa: E402


def load_all(files: list[Path]) -> list[cfnbridge.Template]:
    templates = []
    for path in files:
        try:
            templates.append(cfnbridge.load(path))
        except cfnbridge.InputError:
            pass  # the known-bad corpus files stop cleanly
    return templates


def translate_all(templates: list[cfnbridge.Template], to: str) -> None:
    for template in templates:
        try:
            translate(template, to=to)
        except cfnbridge.InputError:
            pass  # the cyclic heat-cfn templates stop cleanly


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-cfn-lint", action="store_true")
    parser.add_argument("--writer-resources", type=int, default=10_000)
    args = parser.parse_args()
    files = corpus_files(CORPUS)
    big = big_template(500)
    translate_all(load_all(files[:5]), "hot")  # warm the resource maps and Heat schema caches
    print(f"{'input':<24} {'load':>8} {'to hot':>8} {'native':>8} {'cfn-lint':>9}  cfn-lint / (load + hot)")
    big_hot = 0.0
    for label, inputs in ((f"corpus ({len(files)} files)", files), ("500-resource template", [big])):
        templates = load_all(inputs)
        load = timed(lambda inputs=inputs: load_all(inputs), args.repeat)[0]
        hot = timed(lambda t=templates: translate_all(t, "hot"), args.repeat)[0]
        native = timed(lambda t=templates: translate_all(t, "native"), args.repeat)[0]
        runner = None if args.skip_cfn_lint else cfn_lint_runner(inputs)
        lint = timed(runner, 1)[0] if runner else None
        ratio = f"{lint / (load + hot):8.1f}x" if lint else "     n/a"
        lint_text = f"{lint:8.2f}s" if lint else "      n/a"
        print(f"{label:<24} {load:7.3f}s {hot:7.3f}s {native:7.3f}s {lint_text}  {ratio}")
        big_hot = hot
    print(f"500-resource template to HOT: {big_hot:.3f}s (budget 0.5 s) -> {'OK' if big_hot <= 0.5 else 'OVER'}")
    bench_writer(files, args.writer_resources, args.repeat)


def bench_writer(files: list[Path], resources: int, repeat: int) -> None:
    """The YAML writer alone, against the node path it replaced (both write the same bytes)."""
    corpus = [document for document in map(_hot, load_all(files)) if document is not None]
    big = translate(big_template(resources), to="hot").template
    print(f"{'YAML writer on':<24} {'to_yaml':>8} {'nodes':>8}  to_yaml / nodes")
    for label, documents in ((f"corpus ({len(corpus)} files)", corpus), (f"{resources}-resource template", [big])):
        direct = timed(lambda d=documents: [to_yaml(document) for document in d], repeat)[0]
        nodes = timed(lambda d=documents: [to_yaml_nodes(document) for document in d], repeat)[0]
        print(f"{label:<24} {direct:7.3f}s {nodes:7.3f}s  {direct / nodes:8.2f}")


def _hot(template: cfnbridge.Template) -> dict | None:
    try:
        return translate(template, to="hot").template
    except cfnbridge.InputError:
        return None  # the cyclic heat-cfn templates stop cleanly


if __name__ == "__main__":
    main()
