"""CB1000: the file cannot be read or parsed."""

from cfnbridge.linting.results import PARSE_ERROR
from cfnbridge.linting.rule import Rule


class ParseError(Rule):
    """The file is not readable JSON or YAML (syntax error, duplicate key, unknown tag, binary or
    oversized file). Nothing else can be checked until it parses; the run goes on with the
    other files."""

    id = PARSE_ERROR
    severity = "error"
    summary = "File cannot be read or parsed"
