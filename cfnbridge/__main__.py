"""``python -m cfnbridge`` runs the command line."""

from cfnbridge.cli import console

console()
