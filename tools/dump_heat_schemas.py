"""Write Heat's resource schemas to ``resource_maps/heat_schemas.json``.

Translation authors and the offline tests read that file to know which OpenStack
properties and attributes exist without installing Heat (a 350 MB dependency).  Re-run
this after upgrading ``openstack-heat``; the file records the version it came from.

    python tools/dump_heat_schemas.py [OUTPUT]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "resource_maps" / "heat_schemas.json"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(REPO))  # run from a checkout without installing cfnbridge
    from cfnbridge.testing.heat_validator import heat_version, resource_schemas

    out = Path(argv[0]) if argv else DEFAULT_OUTPUT
    types = resource_schemas()
    doc = {"heat_version": heat_version(), "types": types}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    print(f"{len(types)} resource types from openstack-heat {doc['heat_version']} -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
