"""Test-only helpers: oracles that check cfnbridge's output against the real tools."""
