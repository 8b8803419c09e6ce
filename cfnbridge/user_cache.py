"""Where cfnbridge keeps what it can rebuild: ``$XDG_CACHE_HOME/cfnbridge`` (``~/.cache/cfnbridge``).

One place for the directory, so the resource-map cache and the lint result cache agree
and a user clears both with one ``rm -r``.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_home() -> Path:
    """The cfnbridge cache directory (it may not exist yet)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cfnbridge"
