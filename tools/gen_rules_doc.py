"""Write docs/rules.md from the lint rules (tests/test_lint_docs.py keeps it in sync).

Usage: python tools/gen_rules_doc.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

from cfnbridge.linting import rules_markdown

TARGET = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def main(argv: list[str]) -> int:
    text = rules_markdown()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else ""
        if current != text:
            print(f"{TARGET} is out of date: run python tools/gen_rules_doc.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
