"""CB1999: the translation failed on this template."""

from cfnbridge.linting.results import INTERNAL_ERROR
from cfnbridge.linting.rule import Rule


class InternalError(Rule):
    """The translation engine stopped on this template with an unexpected error. The template
    may still be valid; the finding names the error so it can be reported, and the other rules
    and files still run."""

    id = INTERNAL_ERROR
    severity = "error"
    summary = "Translation failed unexpectedly"
