"""Reading a TEMPLATE argument: a path, or ``-`` for standard input."""

from __future__ import annotations

import sys

from cfnbridge.loader import decode
from cfnbridge.template import Template, load


def read_template_arg(argument: str) -> Template:
    """Load the template a command-line argument names (``-`` reads standard input)."""
    if argument == "-":
        return load(decode(sys.stdin.buffer.read(), "<stdin>"), filename="<stdin>")
    from pathlib import Path

    return load(Path(argument))
