"""Which files to lint: named files as given, directories walked with excludes.

Directories are searched recursively for ``.json``, ``.yaml``, ``.yml`` and ``.template``
files, skipping hidden entries. ``--exclude`` globs and the lines of any
``.cfnbridgeignore`` met on the way (gitignore-like: ``#`` comments, a trailing ``/`` for
directories, a leading ``/`` to anchor at that file's directory) leave files out.

A walk never opens what is not a regular file: a named pipe called ``x.yaml`` would block
the run forever, a device would never end, and a symlink loop cannot be read. Those are
listed with the reason they are skipped (the summary counts them) and never read.
Symlinked directories are not followed, so a link back up the tree cannot loop.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from fnmatch import fnmatchcase

from cfnbridge.errors import InputError, Location

TEMPLATE_SUFFIXES = (".json", ".yaml", ".yml", ".template")
IGNORE_FILE = ".cfnbridgeignore"
STDIN = "-"
_IGNORE_FILE_BYTES = 1024 * 1024  # an ignore file is a few lines; read no more than this


@dataclass(frozen=True, slots=True)
class Source:
    """One file to lint; ``explicit`` when named on the command line (never skipped as a non-template).

    ``skip`` says why a file found in a directory is not read (a named pipe, a device, a
    symlink loop); it is ``None`` for every file that is linted.
    """

    path: str
    explicit: bool
    skip: str | None = None

    def __post_init__(self) -> None:
        # Any source not named by the user is checked here, once, however it was made: a
        # caller rebuilding Source(path, False) must not open a named pipe by accident.
        if not self.explicit and self.skip is None and self.path != STDIN:
            object.__setattr__(self, "skip", _why_not_readable(self.path))


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
            for source in _walk(given, excludes):
                if source.path not in seen:
                    seen.add(source.path)
                    found.append(source)
        elif os.path.exists(given):
            if given not in seen:
                seen.add(given)
                found.append(Source(given, True))
        else:
            raise InputError("no such file or directory", Location(given, 1, 1))
    return found


def _walk(root: str, excludes: tuple[str, ...]) -> list[Source]:
    patterns = [_Pattern(root, glob.strip("/"), glob.startswith("/"), glob.endswith("/")) for glob in excludes]
    result: list[Source] = []
    for directory, dirnames, filenames in os.walk(root):
        ignore_file = os.path.join(directory, IGNORE_FILE)
        if IGNORE_FILE in filenames and _why_not_readable(ignore_file) is None:
            patterns = patterns + _read_ignore(ignore_file, directory)
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
                result.append(Source(path, False))
    return result


def _why_not_readable(path: str) -> str | None:
    """Why a file found by a walk must not be opened, or None for a regular file."""
    try:
        mode = os.stat(path).st_mode  # follows a symlink to what it names
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"  # a symlink loop or a dangling link
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe, not a file"
    return "a device or socket, not a file"


def _read_ignore(path: str, base: str) -> list[_Pattern]:
    patterns = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for raw in handle.read(_IGNORE_FILE_BYTES).splitlines():
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
