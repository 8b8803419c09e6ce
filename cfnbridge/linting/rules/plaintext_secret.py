"""CB6003: secrets as parameter defaults or literal property values."""

import re
from collections.abc import Iterator
from functools import lru_cache

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule

SECRET_NAME = re.compile(r"(?i)(password|passwd|passphrase|secret|secretkey|token|apikey|api_key|privatekey)$")


class PlaintextSecret(Rule):
    """A parameter named like a password, secret or token with a Default (and without NoEcho),
    or a literal value for a password property, puts the secret in the template and in every
    stack listing. Dynamic references (``{{resolve:...}}``) are not literals and pass."""

    id = "CB6003"
    severity = "warning"
    summary = "Secret in plain text in a default or property"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        for name, parameter in ctx.template.parameters.items():
            if (not parameter.no_echo and parameter.has_default and SECRET_NAME.search(name)
                    and isinstance(parameter.default, str | int) and str(parameter.default).strip()):
                yield ctx.report(self, ("Parameters", name, "Default"),
                                 f"parameter {name!r} looks like a secret and has a plain-text default",
                                 "remove the Default and set NoEcho: true", of_key=True)
        for name, resource in ctx.template.resources.items():
            if not isinstance(resource.properties, dict):
                continue
            for key, value in resource.properties.items():
                if (isinstance(value, str) and value and isinstance(key, str) and _secret_name(key)
                        and not value.startswith("{{resolve:")):
                    yield ctx.report(self, ("Resources", name, "Properties", key),
                                     f"{key} is set to a literal value: the secret is in the template",
                                     "use a NoEcho parameter or a secret store reference")


@lru_cache(maxsize=4096)
def _secret_name(key: str) -> bool:
    """Whether a property name reads like a secret (asked once per name: templates repeat them)."""
    return SECRET_NAME.search(key) is not None
