"""``python -m cfnbridge`` runs the command line."""

import sys

from cfnbridge.cli import main

sys.exit(main())
