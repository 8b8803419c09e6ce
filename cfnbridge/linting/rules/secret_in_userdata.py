"""CB6002: secrets written in plain text in user data or cfn-init."""

import re
from collections.abc import Iterator

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule

ASSIGNMENT = re.compile(r"(?i)(?:\b|_)(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|secret[_-]?key)"
                        r"[\"']?\s*[=:]\s*[\"']?([^\s\"'$;&|<>{}()`,]{4,})")
AWS_KEY = re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")
_PLACEHOLDERS = frozenset({"none", "null", "true", "false", "changeme", "required", "xxxx", "****"})


class SecretInUserData(Rule):
    """User data and cfn-init files are readable by anyone who can read the template, the stack
    or the server's metadata service. A literal ``password=…``, token or AWS access key there is a
    leaked secret; on OpenStack, Nova's metadata keeps it too."""

    id = "CB6002"
    severity = "error"
    summary = "Secret in plain text in user data"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        if not ctx.mentions("UserData", "user_data", "AWS::CloudFormation::Init"):
            return
        for path, value in ctx.strings():
            if len(path) < 3 or path[0] != "Resources" or not _in_scope(path):
                continue
            for match in _secrets(value):
                line, column = ctx.line_in_string(path, value, match.start())
                yield ctx.report_at_line(self, path, line, column,
                                         "a secret is written in plain text in user data",
                                         "pass it as a NoEcho/hidden parameter or fetch it from Barbican at boot")


_SCOPE = frozenset({"UserData", "user_data", "AWS::CloudFormation::Init"})


def _in_scope(path: tuple) -> bool:
    return not _SCOPE.isdisjoint(path)


def _secrets(value: str) -> Iterator[re.Match[str]]:
    for match in ASSIGNMENT.finditer(value):
        if match.group(1).lower() not in _PLACEHOLDERS:
            yield match
    yield from AWS_KEY.finditer(value)
