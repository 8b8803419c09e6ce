"""The CLI's files: reading a TEMPLATE argument (a path, or ``-``) and writing ``-o`` outputs.

Both ends are guarded: reads are bounded like every loader read, and a write that fails
(a missing folder, a full disk, no permission) is an :class:`~cfnbridge.errors.OutputError`
naming the path, exit 2, never a traceback or a half-reported success.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from cfnbridge.errors import OutputError
from cfnbridge.loader import read_stdin
from cfnbridge.template import Template, load


def read_template_arg(argument: str) -> Template:
    """Load the template a command-line argument names (``-`` reads standard input)."""
    if argument == "-":
        return load(read_stdin(sys.stdin.buffer), filename="<stdin>")
    from pathlib import Path

    return load(Path(argument))


def write_output(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8; any failure is a located error naming the path."""
    with output_file(path) as write:
        write(text)


@contextmanager
def output_file(path: str | os.PathLike[str]) -> Iterator[Callable[[str], None]]:
    """A writer to ``path`` for output written piece by piece; failures as in :func:`write_output`."""
    name = os.fspath(path)
    try:
        with open(name, "w", encoding="utf-8") as handle:
            yield handle.write
    except FileNotFoundError:
        folder = os.path.dirname(name) or "."
        raise OutputError(f"cannot write {name}: the folder {folder} does not exist") from None
    except IsADirectoryError:
        raise OutputError(f"cannot write {name}: it is a directory") from None
    except OSError as exc:
        raise OutputError(f"cannot write {name}: {exc.strerror or exc}") from None
