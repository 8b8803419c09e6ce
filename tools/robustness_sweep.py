"""Run every corpus template through the CLI's reading commands and count what went wrong.

Each file goes through ``graph``, ``lint``, ``convert --to json`` and ``convert --to yaml``
in this process (the same ``cfnbridge.cli.main`` the console script calls, with its own
stdout and stderr captured). A run is bad when its exit code is outside 0, 1, 2 or its
output holds a traceback. Usage: ``python tools/robustness_sweep.py [--translate] [DIR]``;
``--translate`` adds ``translate`` in both modes, with and without ``--placeholder``.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from cfnbridge.cli import main

COMMANDS = (("graph",), ("lint", "--no-config"), ("convert", "--to", "json"), ("convert", "--to", "yaml"))
TRANSLATE = (("translate",), ("translate", "--placeholder"), ("translate", "--to", "native"),
             ("translate", "--to", "native", "--placeholder"))
SUFFIXES = (".json", ".yaml", ".yml", ".template")


def run_cli(argv: list[str]) -> tuple[int, str]:
    """Exit code and combined output of one CLI run, as a user would see them."""
    runner = CliRunner()
    with runner.isolation() as (out, err, *_):
        try:
            code = main(argv)
        except BaseException as exc:  # noqa: BLE001 - an escaped exception is what we count
            import traceback

            return -1, "Traceback (escaped)\n" + "".join(traceback.format_exception(exc))
        return code, out.getvalue().decode(errors="replace") + err.getvalue().decode(errors="replace")


def sweep(files: list[Path], commands: tuple[tuple[str, ...], ...] = COMMANDS) -> list[tuple[str, str, int, str]]:
    """(file, command, exit code, last output line) of every bad run."""
    bad = []
    for path in files:
        for command in commands:
            code, output = run_cli([*command, str(path)])
            if code not in (0, 1, 2) or "Traceback" in output:
                last = output.strip().splitlines()[-1] if output.strip() else ""
                bad.append((str(path), command[0] + " " + " ".join(command[1:]), code, last))
    return bad


def templates(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in SUFFIXES)


def main_() -> int:
    args = sys.argv[1:]
    commands = COMMANDS + TRANSLATE if "--translate" in args else COMMANDS
    args = [a for a in args if a != "--translate"]
    root = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    files = templates(root)
    bad = sweep(files, commands)
    for file, command, code, last in bad:
        print(f"{file}: {command}: exit {code}: {last}")
    print(f"{len(files)} files, {len(files) * len(commands)} runs, {len(bad)} bad")
    print(Counter(command for _, command, _, _ in bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main_())
