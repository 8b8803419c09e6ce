"""Bytes in, bounded: a template's text from a file, a pipe or standard input.

Every source is read with one bound (``MAX_BYTES``), whatever it claims its size is: a
regular file is checked by size first, a named pipe or standard input is read up to the
bound and refused past it, and a device (``/dev/zero``) or socket is refused before it is
opened. The text must be UTF-8 (a BOM is allowed) and have no NUL bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO

from cfnbridge.errors import LimitError, LoadError, Location

MAX_BYTES = 5 * 1024 * 1024


def read_source(path: str | os.PathLike[str]) -> str:
    """Read a template file as text: at most ``MAX_BYTES``, UTF-8, no devices or sockets.

    A named pipe is read (``<(command)`` is a pipe), but never more than the limit; a
    device such as ``/dev/zero`` is refused before it is opened.
    """
    return decode(read_bytes(path), str(path))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A template file's bytes under the same bounds as :func:`read_source` (what a cache hashes).

    Read with the descriptor calls alone (stat, open, read to the end, close): a warm lint of
    a portfolio reads every file and little else, and ``open()`` adds a buffer, an fstat and
    a terminal check per file.
    """
    name = str(path)
    try:
        info = os.stat(path)
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise LoadError("is a directory, not a template file", Location(name, 1, 1))
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
            raise LoadError("is a device or socket, not a template file", Location(name, 1, 1))
        regular = stat.S_ISREG(mode)
        if regular and info.st_size > MAX_BYTES:
            raise LimitError(f"file is {info.st_size:,} bytes; the limit is {MAX_BYTES:,}", Location(name, 1, 1))
        fd = os.open(path, os.O_RDONLY | _OPEN_FLAGS)
        try:
            data = read_to_end(fd, info.st_size + 1 if regular else _PIPE_READ)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise LoadError("no such file", Location(name, 1, 1)) from None
    except IsADirectoryError:
        raise LoadError("is a directory, not a template file", Location(name, 1, 1)) from None
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror or exc}", Location(name, 1, 1)) from None
    except ValueError:  # a NUL byte in the name
        raise LoadError("not a usable file name", Location(name, 1, 1)) from None
    if len(data) > MAX_BYTES:
        raise LimitError(f"more than {MAX_BYTES:,} bytes; that is the limit", Location(name, 1, 1))
    return data


_OPEN_FLAGS = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_PIPE_READ = 64 * 1024


def read_to_end(fd: int, first: int = _PIPE_READ, limit: int = MAX_BYTES + 1) -> bytes:
    """Everything ``fd`` holds, but never more than ``limit`` bytes (past ``MAX_BYTES``, the
    caller refuses a template).

    ``first`` is the first read's size: a regular file's size and one, so one read and one empty
    read finish it; a file that grew since its size was taken is read on to the bound.
    """
    chunks = []
    left = limit
    size = min(first, left)
    while left > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
        size = min(_PIPE_READ, left)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_stdin(stream: IO[bytes], name: str = "<stdin>") -> str:
    """Read standard input as template text, refusing more than ``MAX_BYTES``."""
    try:
        data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LoadError(f"cannot read standard input: {exc.strerror or exc}", Location(name, 1, 1)) from None
    if len(data) > MAX_BYTES:
        raise LimitError(f"standard input holds more than {MAX_BYTES:,} bytes; that is the limit",
                         Location(name, 1, 1))
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) to text; anything else, or more than ``MAX_BYTES``, is a located error."""
    if len(data) > MAX_BYTES:
        raise LimitError(f"{len(data):,} bytes; the limit is {MAX_BYTES:,}", Location(name, 1, 1))
    if b"\x00" in data[:8192]:
        raise LoadError("binary file (contains NUL bytes), not a template", Location(name, 1, 1))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise LoadError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", Location(name, line, column)) from None


def looks_like_path(source: str) -> bool:
    """A one-line string naming a template file, rather than template text."""
    if not source.strip() or "\n" in source or source.lstrip().startswith(("{", "[")):
        return False
    if source.endswith((".json", ".yaml", ".yml", ".template", ".txt")):
        return True
    try:
        return Path(source).is_file()
    except (OSError, ValueError):  # too long for a file name, or a NUL in it: text, then
        return False
