"""Lint results kept between runs, so re-linting an unchanged portfolio only reads and hashes it.

An entry is keyed by the SHA-256 of everything that decides a file's findings: the run key
(cfnbridge's version and the size and mtime of its own code and resource maps, the target,
the rule selection, severity overrides and floor, the placeholder switch and the site
profile's bytes), then the file's name as reported, whether it was named on the command
line, and its bytes. A template whose nested stacks are local files is never cached: its
findings depend on files it does not contain.

Entries are JSON rows (``rows.py``) written to a temporary file and renamed into place, so
concurrent runs never see half an entry; files are 0600 in 0700 directories (findings
never quote secret values, and the owner alone reads them anyway). An entry that does not
parse, or names another key, is a miss. The cache is bounded: past ``MAX_ENTRIES`` the
oldest entries are removed at the end of a run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from cfnbridge.sources import read_to_end

if TYPE_CHECKING:
    from cfnbridge.linting.results import FileResult, Options

FORMAT = "lint-1"
_OPEN_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
MAX_ENTRIES = 100_000
MAX_ENTRY_BYTES = 256 * 1024 * 1024  # far past any entry (a 5 MiB template's findings); a longer file is a miss


def default_directory() -> Path:
    from cfnbridge.user_cache import cache_home

    return cache_home() / "lint"


class ResultCache:
    """One run's view of a cache directory; never raises for what it finds there."""

    def __init__(self, directory: str | os.PathLike[str], options: Options, max_entries: int | None = None) -> None:
        self.root = Path(directory) / FORMAT
        self.run_key = run_key(options)
        self.max_entries = MAX_ENTRIES if max_entries is None else max_entries
        self.hits = self.misses = self.writes = 0
        self.problem: str | None = None  # why entries could not be written, said once
        self._buckets: set[str] = set()  # entry directories this run made or found

    def key(self, name: str, explicit: bool, data: bytes) -> str:
        digest = hashlib.sha256(self.run_key.encode())
        digest.update(b"\0" + name.encode("utf-8", "surrogateescape") + (b"\0e\0" if explicit else b"\0d\0"))
        digest.update(data)
        return digest.hexdigest()

    def _path(self, key: str) -> str:
        return os.path.join(self.root, key[:2], key)  # a string: pathlib costs more than the lookup

    def has(self, key: str) -> bool:
        """Whether an entry exists (a cheap look before deciding what work is left)."""
        found = os.path.isfile(self._path(key))
        if not found:
            self.misses += 1
        return found

    def get(self, key: str) -> FileResult | None:
        from cfnbridge.linting.rows import from_row

        try:
            fd = os.open(self._path(key), os.O_RDONLY | _OPEN_FLAGS)
            try:
                data = read_to_end(fd, limit=MAX_ENTRY_BYTES)
            finally:
                os.close(fd)
            entry = json.loads(data)
            if not isinstance(entry, dict) or entry.get("key") != key:
                raise ValueError("an entry for another key")
            result = from_row(entry["result"])
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: FileResult) -> None:
        if self.problem is not None:
            return
        from cfnbridge.linting.rows import to_row

        try:
            data = json.dumps({"key": key, "result": to_row(result)}, separators=(",", ":")).encode()
        except (TypeError, ValueError):
            return  # a path step JSON cannot hold: lint it again next time
        target = self._path(key)
        bucket = os.path.dirname(target)
        partial = os.path.join(bucket, f".{key}.{os.getpid()}.tmp")
        try:
            if bucket not in self._buckets:  # a stat per bucket and run, not per entry
                _private_dirs(Path(bucket))
                self._buckets.add(bucket)
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
            try:
                _write_all(fd, data)
            finally:
                os.close(fd)
            os.replace(partial, target)
        except OSError as exc:
            self.problem = f"lint cache {self.root.parent}: not written ({exc.strerror or exc})"
            with contextlib.suppress(OSError):
                os.unlink(partial)  # a disk that filled up keeps no half entry
            return
        self.writes += 1

    def prune(self) -> int:
        """Remove the oldest entries beyond ``max_entries`` (down to 90% of it); how many went."""
        if not (self.writes or self.misses):
            return 0
        entries = []
        try:
            for bucket in os.scandir(self.root):
                if bucket.is_dir(follow_symlinks=False):
                    entries.extend(os.scandir(bucket.path))
        except OSError:
            return 0
        if len(entries) <= self.max_entries:
            return 0
        dated = []
        for entry in entries:
            try:
                dated.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
            except OSError:
                continue
        dated.sort()
        removed = 0
        for _, path in dated[:len(dated) - int(self.max_entries * 0.9)]:
            try:
                os.unlink(path)
                removed += 1
            except OSError:
                continue
        return removed


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _private_dirs(directory: Path) -> None:
    """Create ``directory`` and its missing parents owner-only (existing ones are left as they are)."""
    missing = []
    while not directory.is_dir():
        missing.append(directory)
        directory = directory.parent
    for made in reversed(missing):
        try:
            made.mkdir(mode=0o700)
        except FileExistsError:
            continue  # another run made it first
        os.chmod(made, 0o700)


def run_key(options: Options) -> str:
    """What every file of one run shares: the code, its data and the rule configuration."""
    from cfnbridge import __version__

    parts = [FORMAT, __version__, _build_fingerprint(), options.target, str(options.placeholder),
             ",".join(sorted(options.ignore)), ",".join(sorted(options.select)),
             ",".join(f"{rule}={level}" for rule, level in sorted(options.severity.items())),
             options.min_severity or "", str(options.include_cfn_lint)]
    if options.profile is not None:
        try:
            profile = Path(options.profile).read_bytes()
        except OSError:
            profile = b"unreadable"
        parts.append(os.path.abspath(options.profile) + ":" + hashlib.sha256(profile).hexdigest())
    return "\n".join(parts)


def _build_fingerprint() -> str:
    """Size and mtime of every module and map file of this installation: an edited rule is a new key."""
    import cfnbridge
    import cfnbridge.resource_maps

    digest = hashlib.sha256()
    for package in (cfnbridge, cfnbridge.resource_maps):
        root = os.path.dirname(package.__file__ or "")
        for directory, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(name for name in dirnames if name != "__pycache__")
            for name in sorted(filenames):
                if name.endswith((".py", ".yaml", ".json")):
                    info = os.stat(os.path.join(directory, name))
                    digest.update(f"{directory}/{name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()
