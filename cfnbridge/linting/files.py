"""Which files to lint: named files as given, directories walked with excludes.

Directories are searched recursively for ``.json``, ``.yaml``, ``.yml`` and ``.template``
files, skipping hidden entries. ``--exclude`` globs and the lines of any
``.cfnbridgeignore`` met on the way (gitignore-like: ``#`` comments, a trailing ``/`` for
directories, a leading ``/`` to anchor at that file's directory) leave files out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from fnmatch import fnmatchcase

from cfnbridge.errors import InputError, Location

TEMPLATE_SUFFIXES = (".json", ".yaml", ".yml", ".template")
IGNORE_FILE = ".cfnbridgeignore"
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Source:
    """One file to lint; ``explicit`` when named on the command line (never skipped as a non-template)."""

    path: str
    explicit: bool


@dataclass(frozen=True, slots=True)
class _Pattern:
    base: str  # directory the pattern is relative to
    glob: str
    anchored: bool
    directory_only: bool


def discover(paths: list[str], excludes: tuple[str, ...] = ()) -> list[Source]:
    """Files to lint for the command-line ``paths``, in a stable order, without duplicates."""
    found: list[Source] = []
    seen: set[str] = set()
    for given in paths:
        if given == STDIN:
            found.append(Source(STDIN, True))
            continue
        if os.path.isdir(given):
            for path in _walk(given, excludes):
                if path not in seen:
                    seen.add(path)
                    found.append(Source(path, False))
        elif os.path.exists(given):
            if given not in seen:
                seen.add(given)
                found.append(Source(given, True))
        else:
            raise InputError("no such file or directory", Location(given, 1, 1))
    return found


def _walk(root: str, excludes: tuple[str, ...]) -> list[str]:
    patterns = [_Pattern(root, glob.strip("/"), glob.startswith("/"), glob.endswith("/")) for glob in excludes]
    result: list[str] = []
    for directory, dirnames, filenames in os.walk(root):
        if IGNORE_FILE in filenames:
            patterns = patterns + _read_ignore(os.path.join(directory, IGNORE_FILE), directory)
        kept = []
        for name in sorted(dirnames):
            path = os.path.join(directory, name)
            if not name.startswith(".") and not _excluded(path, True, patterns):
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith(TEMPLATE_SUFFIXES):
                continue
            path = os.path.join(directory, name)
            if not _excluded(path, False, patterns):
                result.append(path)
    return result


def _read_ignore(path: str, base: str) -> list[_Pattern]:
    patterns = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for raw in handle:
            line = raw.strip()
            if line and not line.startswith("#"):
                patterns.append(_Pattern(base, line.strip("/"), line.startswith("/"), line.endswith("/")))
    return patterns


def _excluded(path: str, is_dir: bool, patterns: list[_Pattern]) -> bool:
    for pattern in patterns:
        if pattern.directory_only and not is_dir:
            continue
        relative = os.path.relpath(path, pattern.base).replace(os.sep, "/")
        if relative.startswith("../"):
            continue
        if _matches(relative, pattern):
            return True
    return False


def _matches(relative: str, pattern: _Pattern) -> bool:
    glob = pattern.glob
    if fnmatchcase(relative, glob) or glob.startswith("**/") and fnmatchcase(relative, glob[3:]):
        return True
    if glob.endswith("/**") and (relative == glob[:-3] or fnmatchcase(relative, glob[:-3])):
        return True
    if not pattern.anchored and "/" not in glob:
        return fnmatchcase(relative.rsplit("/", 1)[-1], glob)
    return False
