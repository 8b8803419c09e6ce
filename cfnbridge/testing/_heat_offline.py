"""Run OpenStack Heat's template code in-process with no cloud, database or message bus.

Heat's validation is written for a running engine: it asks Keystone whether a service is
in the catalog and asks Nova/Glance/Neutron whether a flavor, image or network exists.
Offline, those questions have no answer, so while Heat code runs inside :func:`offline`
every service counts as available, every custom constraint that needs an API client
counts as satisfied, and ``Fn::GetAZs`` sees one zone, ``nova``.  Everything Heat
checks from the template alone still runs.

The patches are applied only for the duration of a call (under a lock) so that a real
Heat engine imported into the same process keeps its normal behaviour.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import logging
import threading
import warnings
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

_LOCK = threading.RLock()
_CLIENT_MODULE_PREFIX = "heat.engine.clients"
# What Fn::GetAZs returns offline: Nova's default zone name.
DEFAULT_ZONES = ("nova",)


def _installed_etc() -> Path:
    """Heat ships its default environment and provider templates as data files."""
    dist = importlib.metadata.distribution("openstack-heat")
    for entry in dist.files or ():
        if entry.as_posix().endswith("environment.d/default.yaml"):
            return Path(dist.locate_file(entry)).resolve().parent.parent
    raise RuntimeError("openstack-heat is installed without etc/heat/environment.d")


def _repoint_provider_templates(h: SimpleNamespace, etc: Path) -> None:
    """Point ``file:///etc/heat/templates/...`` registry entries at the installed copies.

    The default environment names AWS::CloudWatch::Alarm and AWS::RDS::DBInstance by
    absolute path; a pip install puts those files under the interpreter prefix instead.
    """
    fixes: dict[str, str] = {}
    for env_file in sorted((etc / "environment.d").glob("*.yaml")):
        body = h.environment_format.parse(env_file.read_text())
        for type_name, target in (body.get("resource_registry") or {}).items():
            if not (isinstance(target, str) and target.startswith("file://")):
                continue
            path = Path(target.removeprefix("file://"))
            local = etc / "templates" / path.name
            if not path.exists() and local.exists():
                fixes[type_name] = local.as_uri()
    if fixes:
        h.resources.global_env().registry.load(fixes)


@contextlib.contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Heat logs one warning per hidden resource type on start-up; nobody here needs them."""
    logger = logging.getLogger(logger_name)
    old = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(old)


@cache
def heat() -> SimpleNamespace:
    """Import and configure Heat once; the first call costs a few seconds of imports."""
    with _LOCK, _quiet("heat"), warnings.catch_warnings():
        # Heat still imports eventlet, which warns about its own deprecation on import.
        warnings.simplefilter("ignore")
        from heat.common import (
            config,  # noqa: F401  (registers Heat's options)
            context,
            environment_format,
            exception,
            template_format,
        )
        from heat.engine import (
            attributes,
            constraints,
            environment,
            parameters,
            properties,
            resource,
            resources,
            stack,
            stk_defn,
            support,
            template,
        )
        from oslo_config import cfg

        if getattr(cfg.CONF, "project", None) is None:  # not yet parsed by anyone
            cfg.CONF([], project="heat", default_config_files=[])
        etc = _installed_etc()
        cfg.CONF.set_default("environment_dir", str(etc / "environment.d"))
        resources.initialise()
        ctx = context.RequestContext(
            project_id="offline", user_id="offline", is_admin=True, overwrite=False
        )
        h = SimpleNamespace(
            cfg=cfg,
            attributes=attributes,
            constraints=constraints,
            context=ctx,
            environment=environment,
            environment_format=environment_format,
            exception=exception,
            parameters=parameters,
            properties=properties,
            resource=resource,
            resources=resources,
            stack=stack,
            stk_defn=stk_defn,
            support=support,
            template=template,
            template_format=template_format,
            version=importlib.metadata.version("openstack-heat"),
        )
        _repoint_provider_templates(h, etc)
    return h


def _needs_client(constraint: Any) -> bool:
    """True for custom constraints that can only be answered by a cloud API."""
    custom = constraint.custom_constraint
    if custom is None:
        return False
    cls = type(custom)
    if cls.__module__.startswith(_CLIENT_MODULE_PREFIX):
        return True
    # BaseCustomConstraint.validate only delegates to validate_with_client(clients, ...).
    base = heat().constraints.BaseCustomConstraint
    return isinstance(custom, base) and cls.validate is base.validate


@contextlib.contextmanager
def offline(unchecked_params: frozenset[str] = frozenset()) -> Iterator[SimpleNamespace]:
    """Patch Heat's cloud lookups for the duration of the block.

    ``unchecked_params`` names parameters whose stand-in value could not be made to satisfy
    their own constraints; their value checks are skipped so they cannot cause false errors.
    """
    h = heat()
    resource_cls = h.resource.Resource
    custom_cls = h.constraints.CustomConstraint
    param_cls = h.parameters.Parameter
    zone_owners = (h.stack.Stack, h.stk_defn.StackDefinition)
    orig_zones = [cls.__dict__["get_availability_zones"] for cls in zone_owners]
    orig_available = resource_cls.__dict__["is_service_available"]
    orig_is_valid = custom_cls._is_valid
    orig_param_validate = param_cls.validate

    def is_valid(self: Any, value: Any, schema: Any, context: Any) -> bool:
        if _needs_client(self):
            return True
        return orig_is_valid(self, value, schema, context)

    def param_validate(self: Any, validate_value: bool = True, context: Any = None) -> None:
        if self.name in unchecked_params:
            validate_value = False
        orig_param_validate(self, validate_value, context)

    with _LOCK:
        resource_cls.is_service_available = classmethod(lambda cls, context: (True, None))
        custom_cls._is_valid = is_valid
        param_cls.validate = param_validate
        for cls in zone_owners:
            cls.get_availability_zones = lambda self: list(DEFAULT_ZONES)
        try:
            yield h
        finally:
            resource_cls.is_service_available = orig_available
            custom_cls._is_valid = orig_is_valid
            param_cls.validate = orig_param_validate
            for cls, orig in zip(zone_owners, orig_zones, strict=True):
                cls.get_availability_zones = orig
