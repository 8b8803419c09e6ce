"""Secrets Manager secrets as Barbican secrets.

Barbican stores a payload but does not generate one, and wants the payload's content
type beside it; a generated secret therefore becomes an ``OS::Heat::RandomString``
whose value is the payload.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import GENERATED_SECRET, SECRET_GENERATED
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext


def secret(ctx: ResourceContext) -> None:
    """AWS::SecretsManager::Secret -> OS::Barbican::Secret (and a RandomString when generated)."""
    properties: dict[str, Any] = {}
    payload = ctx.prop("SecretString")
    generate = ctx.props.get("GenerateSecretString")
    ctx.consume("GenerateSecretString")
    if payload is not MISSING:
        properties["payload"] = payload
        properties["payload_content_type"] = "text/plain"
    properties.update(ctx.map_properties())
    properties.setdefault("secret_type", "opaque")
    ctx.add(ctx.name, "OS::Barbican::Secret", properties)
    if payload is MISSING and generate is not None:
        # Emitted after the secret, which must stay the primary resource.
        properties["payload"] = _generated(ctx, generate)
        properties["payload_content_type"] = "text/plain"


def _generated(ctx: ResourceContext, spec: Any) -> Any:
    path = ctx.path("GenerateSecretString")
    options = spec if isinstance(spec, dict) else {}
    length = ctx.static(options.get("PasswordLength", 32))
    random: dict[str, Any] = {"length": int(length) if str(length).isdigit() else 32}
    if "ExcludeCharacters" in options or "ExcludePunctuation" in options:
        random["character_classes"] = [{"class": "lettersdigits", "min": 1}]
    name = ctx.add(ctx.name + "Value", "OS::Heat::RandomString", random)
    if "SecretStringTemplate" in options or "GenerateStringKey" in options:
        ctx.gap(GENERATED_SECRET, "the generated secret was a JSON document (SecretStringTemplate with "
                "GenerateStringKey); the Barbican secret holds only the generated password",
                f"read the password with get_attr [{name}, value]", path)
    else:
        ctx.gap(SECRET_GENERATED, f"Barbican does not generate secrets; OS::Heat::RandomString {name} "
                "generates it", "", path)
    return ctx.dialect.get_attr(name, "value")
