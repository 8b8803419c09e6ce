"""Heat plugin: cloud resource types with Heat's real schemas and no cloud behind them.

Loaded by a Heat engine through ``plugin_dirs``. For every resource type that would call a
cloud service (Nova, Neutron, Cinder, Octavia, Swift, Trove, Designate, Zaqar, Barbican,
Aodh, Glance, Manila, …, and the AWS types that call them, such as AWS::EC2::Instance), it
registers a subclass of Heat's own class that keeps everything Heat decides by itself:
the properties schema, validation, the update-or-replace rules, dependencies and attribute
names. Only the calls to the cloud are gone: create, update and delete succeed at once
with a made-up physical id, and attributes have made-up values of the declared type
(addresses from 192.0.2.0/24, the documentation range).

Custom constraints that look names up in a cloud (``nova.flavor``, ``glance.image``,
``neutron.network`` …) accept any value, and ``Fn::GetAZs`` sees one zone, ``nova``.

One deliberate failure, for testing rollback: a resource whose properties contain the
string ``fail-on-create`` (or ``fail-on-update``) fails that operation, as a cloud that
refuses the request would. Nothing else ever fails here that would not fail in Heat.
"""

from __future__ import annotations

import collections
import hashlib
import sys
import types
import uuid
from typing import Any

from heat.common import exception
from heat.engine import attributes, constraints, resource, stack, stk_defn, translation

FAKED_SERVICES = frozenset({
    "aodh", "barbican", "blazar", "cinder", "designate", "glance", "ironic", "magnum",
    "manila", "mistral", "neutron", "nova", "octavia", "openstack", "swift", "trove",
    "zaqar", "zun",
})
"""Client names (a resource class's ``default_client_name``) whose types become no-ops."""

ALSO_FAKED = frozenset({"AWS::EC2::SecurityGroup", "AWS::EC2::InternetGateway"})
"""Types that call Nova or Neutron without declaring a default client."""

IN_ENGINE = frozenset({"OS::Heat::SoftwareConfig", "OS::Heat::CloudConfig", "OS::Heat::MultipartMime",
                       "OS::Heat::StructuredConfig"})
"""Types the engine implements itself, which look for Heat's own endpoint in the service catalog
only; there is no catalog here (no Keystone), so they are told it is there and stay real."""

SIGNALLED = frozenset({"OS::Heat::WaitConditionHandle"})
"""Types that create a Keystone stack user to be signalled with; there is no Keystone here."""

ZONES = ["nova"]
FAIL_ON_CREATE = "fail-on-create"
FAIL_ON_UPDATE = "fail-on-update"


def _contains(value: Any, marker: str) -> bool:
    if isinstance(value, str):
        return marker in value
    if isinstance(value, dict):
        return any(_contains(v, marker) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_contains(v, marker) for v in value)
    return False


def _fake_ip(seed: str) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    return f"192.0.2.{digest[0] % 250 + 2}"


class FakeClientPlugin:
    """What a resource's validation asks its client plugin, answered without a cloud:
    limits are generous, API microversions are recent, lookups find nothing to object to."""

    def __init__(self, name: str | None) -> None:
        self.name = name

    def absolute_limits(self) -> dict[str, int]:
        return collections.defaultdict(lambda: 1_000_000)

    def is_version_supported(self, version: Any) -> bool:
        return True

    def does_endpoint_exist(self, *args: Any, **kwargs: Any) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Nothing()


class _Nothing:
    """Any other client-plugin member: a call returning None, or a context manager that
    swallows nothing (``ignore_not_found`` is used both ways)."""

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        return None

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


class NoopCloudResource:
    """Mixed in before Heat's class: the cloud calls become no-ops, the rest stays Heat's."""

    @classmethod
    def is_service_available(cls, context: Any) -> tuple[bool, str | None]:
        return True, None

    def translation_rules(self, props: Any) -> list[Any]:
        # RESOLVE rules look names up in the cloud (image name -> id); keep the others.
        rules = super().translation_rules(props) or []  # type: ignore[misc]
        return [r for r in rules if r.rule != translation.TranslationRule.RESOLVE]

    def client_plugin(self, name: str | None = None) -> FakeClientPlugin:
        return FakeClientPlugin(name or getattr(self, "default_client_name", None))

    def _validate_image_flavor(self, image: Any, flavor: Any) -> None:
        return None  # OS::Nova::Server asks Glance and Nova whether they fit together

    def _refuse_if_asked(self, marker: str, action: str) -> None:
        values = []
        for key in self.properties.props:  # type: ignore[attr-defined]
            try:
                values.append(self.properties[key])  # type: ignore[attr-defined]
            except Exception:  # a value Heat cannot resolve is not ours to judge
                continue
        if _contains(values, marker):
            raise exception.Error(f"the no-op cloud refused to {action} this resource: a property "
                                  f"value contains '{marker}'")

    def handle_create(self) -> None:
        self._refuse_if_asked(FAIL_ON_CREATE, "create")
        self.resource_id_set(str(uuid.uuid4()))  # type: ignore[attr-defined]

    def check_create_complete(self, *args: Any) -> bool:
        return True

    def handle_update(self, json_snippet: Any, tmpl_diff: Any, prop_diff: Any) -> None:
        if prop_diff and _contains(prop_diff, FAIL_ON_UPDATE):
            raise exception.Error(f"the no-op cloud refused to update this resource: a property "
                                  f"value contains '{FAIL_ON_UPDATE}'")

    def check_update_complete(self, *args: Any) -> bool:
        return True

    def handle_delete(self) -> None:
        return None

    def check_delete_complete(self, *args: Any) -> bool:
        return True

    def handle_snapshot_delete(self, state: Any) -> None:
        return None

    def handle_suspend(self) -> None:
        return None

    def handle_resume(self) -> None:
        return None

    def handle_check(self) -> None:
        return None

    def prepare_for_replace(self) -> None:
        return None

    def restore_prev_rsrc(self, convergence: bool = False) -> None:
        return None

    def get_live_state(self, resource_properties: Any) -> dict[str, Any]:
        return {}

    def _show_resource(self) -> dict[str, Any]:
        return {"id": self.resource_id}  # type: ignore[attr-defined]

    def get_reference_id(self) -> str:
        rid = self.resource_id  # type: ignore[attr-defined]
        if rid is None:  # not created yet (validation, preview): Heat's own answer
            return str(self.name)  # type: ignore[attr-defined]
        if self.type() == "AWS::EC2::EIP":  # type: ignore[attr-defined]
            return _fake_ip(rid)  # an EIP's Ref is its address
        return str(rid)

    get_attribute = resource.Resource.get_attribute

    def _resolve_attribute(self, name: str) -> Any:
        schema = self.attributes_schema.get(name)  # type: ignore[attr-defined]
        kind = getattr(schema, "type", None)
        seed = f"{self.resource_id}:{name}"  # type: ignore[attr-defined]
        if name == "fixed_ips":  # ports and servers: what get_attr paths into most often
            return [{"ip_address": _fake_ip(seed), "subnet_id": self.resource_id}]  # type: ignore[attr-defined]
        if kind == attributes.Schema.LIST:
            return []
        if kind == attributes.Schema.MAP:
            return {}
        if kind == attributes.Schema.INTEGER:
            return 0
        if kind == attributes.Schema.BOOLEAN:
            return False
        lowered = name.lower()
        if "zone" in lowered:
            return ZONES[0]
        if "dns" in lowered:
            return f"host-{_fake_ip(seed).replace('.', '-')}.localdomain"
        if lowered.endswith(("ip", "address", "_ip_address")) or "ip_address" in lowered:
            return _fake_ip(seed)
        if lowered in {"id", "arn"} or lowered.endswith("_id"):
            return self.resource_id  # type: ignore[attr-defined]
        return f"{name}-{hashlib.sha256(seed.encode()).hexdigest()[:8]}"


class AnyValue(constraints.BaseCustomConstraint):
    """A custom constraint that accepts every value: there is no cloud to look names up in."""

    def validate_with_client(self, client: Any, value: Any) -> None:
        return None


def _heat_resource_modules() -> list[types.ModuleType]:
    """Heat's resource modules. Heat's plugin loader imports them without listing them in
    ``sys.modules``; each is an attribute of its parent package, so walk those."""
    root = sys.modules["heat.engine.resources"]
    found, pending, seen = [], [root], {id(root)}
    while pending:
        module = pending.pop()
        found.append(module)
        for value in vars(module).values():
            if (isinstance(value, types.ModuleType) and id(value) not in seen
                    and value.__name__.startswith(root.__name__ + ".")):
                seen.add(id(value))
                pending.append(value)
    return sorted(found, key=lambda m: m.__name__)


def _heat_resource_classes() -> dict[str, type]:
    """Every type Heat's own resource modules register (already imported when we load)."""
    found: dict[str, type] = {}
    for module in _heat_resource_modules():
        mapping = getattr(module, "available_resource_mapping", None) or getattr(
            module, "resource_mapping", None)
        if mapping is None:
            continue
        try:
            found.update(mapping())
        except Exception:  # a module whose client library is missing: Heat skips it too
            continue
    return found


def _faked(type_name: str, cls: type) -> bool:
    return type_name in ALSO_FAKED or getattr(cls, "default_client_name", None) in FAKED_SERVICES


class FakeKeystone:
    """The stack-domain users a signalled resource creates (its credentials to signal with),
    answered without Keystone: made-up ids and a token, nothing to delete."""

    server_keystone_endpoint_url = staticmethod(lambda fallback_endpoint=None: "http://127.0.0.1/identity/v3")
    v3_endpoint = "http://127.0.0.1/identity/v3"

    def stack_domain_user_token(self, *args: Any, **kwargs: Any) -> str:
        return "local-token"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return lambda *args, **kwargs: uuid.uuid4().hex


class WithoutKeystone:
    """Mixed in before a signalled Heat type (a wait condition handle): its stack user is made up;
    the signal itself goes through Heat's real API and engine."""

    def keystone(self) -> FakeKeystone:
        return FakeKeystone()


class InCatalog:
    """Mixed in before Heat's class: the service catalog lookup succeeds; nothing else changes."""

    @classmethod
    def is_service_available(cls, context: Any) -> tuple[bool, str | None]:
        return True, None


def resource_mapping() -> dict[str, type]:
    """Heat's plugin hook: our no-op subclass for each cloud type."""
    mapping = {}
    for type_name, cls in _heat_resource_classes().items():
        if isinstance(cls, type) and _faked(type_name, cls):
            name = "Noop" + cls.__name__
            mapping[type_name] = type(name, (NoopCloudResource, cls), {"__module__": __name__})
        elif isinstance(cls, type) and type_name in IN_ENGINE:
            mapping[type_name] = type("Catalogued" + cls.__name__, (InCatalog, cls), {"__module__": __name__})
        elif isinstance(cls, type) and type_name in SIGNALLED:
            mapping[type_name] = type("Keystoneless" + cls.__name__, (WithoutKeystone, cls), {"__module__": __name__})
    return mapping


def constraint_mapping() -> dict[str, type]:
    """Heat's plugin hook: every constraint that needs a cloud client accepts anything."""
    from stevedore import extension

    manager = extension.ExtensionManager(namespace="heat.constraints", invoke_on_load=False)
    return {
        ext.name: AnyValue
        for ext in manager
        if getattr(ext.plugin, "__module__", "").startswith("heat.engine.clients")
    }


# Fn::GetAZs asks Nova for its zones (through the stack or its definition); without Nova,
# one zone named like Nova's default.
stack.Stack.get_availability_zones = lambda self: list(ZONES)  # type: ignore[method-assign]
stk_defn.StackDefinition.get_availability_zones = lambda self: list(ZONES)  # type: ignore[method-assign]
