"""Rewrite the golden files under examples/ from the current translator.

For every ``examples/<name>/template.yaml`` this writes ``expected.hot.yaml``,
``expected.native.yaml`` and ``expected.gaps.json`` (the hot gaps, file paths relative
to the repository), and ``expected.hot.files.<name>`` for each nested template the hot
translation wrote beside it (a child from a local file, used as ``type: <name>``).
``examples/web-server`` also gets ``expected.hot.profile.yaml``,
translated with ``examples/site-profile.yaml``. The output is deterministic, so a rerun
is byte-identical and a translator change shows up as a reviewable diff.

Usage: python tools/regen_golden.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
PROFILE = EXAMPLES / "site-profile.yaml"
PROFILE_EXAMPLES = ("web-server",)

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def example_templates() -> list[Path]:
    """Every example template, found by listing the directory (sorted)."""
    return sorted(EXAMPLES.glob("*/template.yaml"))


def relative(path: str) -> str:
    """``path`` relative to the repository, with forward slashes, when it lies inside it."""
    try:
        return Path(path).resolve().relative_to(REPO).as_posix()
    except ValueError:
        return path


def gap_dicts(gaps: list) -> list[dict]:
    """The gaps as report_json writes them, with file paths relative to the repository."""
    from cfnbridge.translation.gaps import report_json

    items = json.loads(report_json(gaps))
    for item in items:
        item["location"]["file"] = relative(item["location"]["file"])
    return items


def golden_outputs(template: Path) -> dict[str, str]:
    """The expected files of one example, by file name, as text."""
    import cfnbridge

    hot = cfnbridge.translate(template, to="hot")
    native = cfnbridge.translate(template, to="native")
    outputs = {
        "expected.hot.yaml": hot.to_yaml(),
        "expected.native.yaml": native.to_yaml(),
        "expected.gaps.json": json.dumps(gap_dicts(hot.gaps), indent=2, ensure_ascii=False) + "\n",
        **{f"expected.hot.files.{name}": text for name, text in hot.files.items()},
    }
    if template.parent.name in PROFILE_EXAMPLES:
        outputs["expected.hot.profile.yaml"] = cfnbridge.translate(template, to="hot", profile=PROFILE).to_yaml()
    return outputs


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` only compare) every golden file; exit 1 on a difference."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale files instead of writing them")
    args = parser.parse_args(argv)
    stale = []
    for template in example_templates():
        for name, text in golden_outputs(template).items():
            target = template.parent / name
            old = target.read_text(encoding="utf-8") if target.exists() else None
            if old == text:
                continue
            stale.append(target.relative_to(REPO).as_posix())
            if not args.check:
                target.write_text(text, encoding="utf-8")
    verb = "stale" if args.check else "rewritten"
    for path in stale:
        print(f"{verb}: {path}")
    print(f"{len(stale)} file(s) {verb}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
