"""The output dialects by name: ``--to hot`` and ``--to native``."""

from __future__ import annotations

from cfnbridge.translation.cfn_dialect import Native
from cfnbridge.translation.dialect import Dialect
from cfnbridge.translation.hot_dialect import Hot

HOT = Hot()
NATIVE = Native()
DIALECTS: dict[str, Dialect] = {HOT.name: HOT, NATIVE.name: NATIVE}
