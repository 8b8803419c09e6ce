"""What a Heat deploy needs besides the API calls, as plain functions: the on-the-fly
translation with its gap policy, Heat's previews as ``Change`` rows, Heat's events and
outputs in the shapes the rest of cfnbridge uses, and the ``--env`` files. heatclient is
imported only to read those files.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cfnbridge.errors import DeployError, InputError
from cfnbridge.targets.base import Change, ChangeAction, StackEvent

if TYPE_CHECKING:
    from cfnbridge.template import Template
    from cfnbridge.translation import Translation

log = logging.getLogger("cfnbridge.targets.heat")

STACK_TYPE = "OS::Heat::Stack"
"""The type shown for the stack's own events (Heat's event list carries no type)."""

_PREVIEW_ACTIONS: dict[str, ChangeAction] = {
    "added": "add",
    "updated": "modify",
    "replaced": "replace",
    "deleted": "remove",
}


@dataclass(frozen=True, slots=True)
class HeatTemplate:
    """A translated template, ready for Heat: the document, its types, its parameters."""

    document: dict[str, Any]
    types: dict[str, str]
    parameters: tuple[str, ...]
    gaps: tuple[Any, ...] = ()
    files: dict[str, str] = field(default_factory=dict)  # translated nested templates, sent in Heat's files


def translate_for_heat(
    template: Template,
    to: str,
    profile: Any,
    allow_gaps: bool,
    warn: Callable[[str], None] | None = None,
) -> HeatTemplate:
    """Translate ``template``; error-level gaps stop here unless ``allow_gaps``.

    With ``allow_gaps`` the translation leaves out what OpenStack cannot give
    (``placeholder=True``), and every error gap is reported through ``warn``.
    """
    import cfnbridge

    translation: Translation = cfnbridge.translate(template, to=to, profile=profile,
                                                   placeholder=allow_gaps)
    errors = translation.gaps_at_least("error")
    shown = translation.gaps_at_least("warning")
    if shown and warn is not None:  # as ``cfnbridge translate`` reports them, before the plan
        from cfnbridge.translation.gaps import report_text

        warn(f"translation gaps ({to}):\n{report_text(shown)}")
    if errors and not allow_gaps:
        listed = "\n".join(f"  {gap}" for gap in errors)
        raise DeployError(
            f"the template cannot be translated for Heat without losing meaning "
            f"({len(errors)} error-level gap(s)); fix them, or pass --allow-gaps to deploy "
            f"with placeholders:\n{listed}"
        )
    for gap in errors:
        message = f"deploying despite a translation gap: {gap}"
        log.warning("%s", message)
        if warn is not None:
            warn(message)
    _heat_check(translation.to_yaml(), warn, translation.files)
    document = translation.template
    resources = document.get("resources") or document.get("Resources") or {}
    types = {name: str(body.get("type") or body.get("Type") or "")
             for name, body in resources.items() if isinstance(body, dict)}
    parameters = document.get("parameters") or document.get("Parameters") or {}
    return HeatTemplate(document, types, tuple(parameters), tuple(errors), dict(translation.files))


def _heat_check(text: str, warn: Callable[[str], None] | None, files: dict[str, str] | None = None) -> None:
    """Heat's own validator on the translation, offline, before any cloud call (when it is installed)."""
    from cfnbridge.translation.check import CheckUnavailable, check

    try:
        findings = check(text, files)
    except CheckUnavailable as exc:
        if warn is not None:
            warn(f"the translation was not checked offline: {exc}")
        return
    if findings:
        listed = "\n".join(f"  {finding.render('translated template')}" for finding in findings)
        raise DeployError(f"Heat's validator rejects the translated template; nothing was sent:\n{listed}")


def require_parameters(heat_template: HeatTemplate, given: Mapping[str, Any]) -> None:
    """Parameters the translation added with no default (an image, a flavor, an import) must be
    given for a new stack: refused here, by name, instead of by Heat after the preview."""
    specs = heat_template.document.get("parameters") or heat_template.document.get("Parameters") or {}
    missing = [name for name, spec in specs.items() if isinstance(spec, dict)
               and "default" not in spec and "Default" not in spec and name not in given]
    if missing:
        described = "; ".join(f"{name} ({(specs[name].get('description') or specs[name].get('Description') or '')})"
                              for name in missing)
        raise DeployError(f"the translated template needs values for {', '.join(missing)}: {described}; pass "
                          + " ".join(f"--param {name}=..." for name in missing))


def hidden_changes(current: Mapping[str, Any], given: Mapping[str, Any]) -> tuple[str, ...]:
    """Given parameters whose deployed value Heat shows masked (NoEcho / hidden), so that
    whether they change cannot be compared."""
    from cfnbridge.deploy_secrets import CLOUD_MASKS

    return tuple(sorted(k for k in given if str(current.get(k)) in CLOUD_MASKS))


def preview_changes(preview: Mapping[str, Any]) -> tuple[Change, ...]:
    """``preview_update``'s ``resource_changes`` as add/modify/replace/remove rows."""
    changes = preview.get("resource_changes", preview)
    rows: list[Change] = []
    for key, action in _PREVIEW_ACTIONS.items():
        for item in changes.get(key) or []:
            rows.append(Change(action, item.get("resource_name", ""), item.get("resource_type", ""),
                               item.get("physical_resource_id") or None))
    return tuple(rows)


def created_changes(resources: Iterable[Any]) -> tuple[Change, ...]:
    """A create preview's resources (nested lists for nested stacks) as "add" rows."""
    rows: list[Change] = []
    for item in resources:
        if isinstance(item, list):  # a nested stack's own resources: shown by their parent
            continue
        data = item if isinstance(item, dict) else getattr(item, "to_dict", lambda: {})()
        rows.append(Change("add", data.get("resource_name", ""), data.get("resource_type", "")))
    return tuple(rows)


def to_event(raw: Any, stack_name: str, types: Mapping[str, str]) -> StackEvent:
    """A heatclient event as a ``StackEvent``; the type comes from the template."""
    data = raw.to_dict() if hasattr(raw, "to_dict") else dict(raw)
    logical = data.get("resource_name") or data.get("logical_resource_id") or ""
    kind = STACK_TYPE if logical == stack_name else types.get(logical, "")
    return StackEvent(
        event_id=str(data.get("id", "")),
        timestamp=parse_time(data.get("event_time")),
        logical_id=logical,
        resource_type=kind,
        status=data.get("resource_status", ""),
        reason=data.get("resource_status_reason") or None,
        physical_id=data.get("physical_resource_id") or None,
    )


def parse_time(value: str | None) -> datetime:
    """Heat's ISO times (no zone, meaning UTC) as aware datetimes."""
    if not value:
        return datetime.now(UTC)
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def output_text(value: Any) -> str:
    """An output value as text: strings as they are, anything else as compact JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def outputs_of(stack: Any) -> dict[str, str]:
    """A Heat stack's outputs by name; an output Heat could not resolve shows its error."""
    result = {}
    for output in getattr(stack, "outputs", None) or []:
        if "output_error" in output:
            result[output["output_key"]] = f"<error: {output['output_error']}>"
        else:
            result[output["output_key"]] = output_text(output.get("output_value"))
    return result


def stack_tags(tags: Mapping[str, str]) -> str | None:
    """Heat's stack tags are plain strings; a CloudFormation tag K=V becomes "K=V"."""
    if not tags:
        return None
    return ",".join(f"{key}={value}" for key, value in tags.items())


def template_diff(old: Mapping[str, Any], new: Mapping[str, Any],
                  changed_parameters: Iterable[str] = ()) -> tuple[Change, ...]:
    """Resources added, modified or removed between two templates (HOT or CFN dialect),
    for when the cloud gives no preview. A resource that uses a changed parameter counts
    as modified; whether it would be replaced is not known here."""
    before = old.get("resources") or old.get("Resources") or {}
    after = new.get("resources") or new.get("Resources") or {}
    changed = set(changed_parameters)
    rows: list[Change] = []
    for name, body in after.items():
        kind = str(body.get("type") or body.get("Type") or "")
        if name not in before:
            rows.append(Change("add", name, kind))
            continue
        props_new = body.get("properties") or body.get("Properties") or {}
        props_old = before[name].get("properties") or before[name].get("Properties") or {}
        details = sorted(k for k in set(props_new) | set(props_old)
                         if props_new.get(k) != props_old.get(k) or _uses(props_new.get(k), changed))
        if details or before[name] != body:
            rows.append(Change("modify", name, kind, details=tuple(details)))
    for name, body in before.items():
        if name not in after:
            rows.append(Change("remove", name, str(body.get("type") or body.get("Type") or "")))
    return tuple(rows)


def _uses(value: Any, parameters: set[str]) -> bool:
    """Whether ``value`` refers to one of ``parameters`` (Ref or get_param)."""
    if not parameters:
        return False
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in {"Ref", "get_param"}:
                head = inner[0] if isinstance(inner, list) and inner else inner
                if head in parameters:
                    return True
            if _uses(inner, parameters):
                return True
        return False
    if isinstance(value, list):
        return any(_uses(v, parameters) for v in value)
    return False


def reconcile(preview: tuple[Change, ...], old: Mapping[str, Any], new: Mapping[str, Any],
              changed_parameters: Iterable[str] = ()) -> tuple[Change, ...]:
    """Drop the preview's false alarms: rows for resources whose definition did not change
    and that depend on nothing that changes.

    Heat's ``preview_update`` compares new definitions, with references to other resources
    still unresolved, against the stored resolved ones, so a port or subnet fed by
    ``get_resource`` shows as "replace" even for an identical template. A resource is kept
    when its own definition changed, when it uses a changed parameter, or when something it
    refers to (directly or through others) is added, removed or changed.
    """
    diff = {row.logical_id: row for row in template_diff(old, new, changed_parameters)}
    after = new.get("resources") or new.get("Resources") or {}
    needs = {name: _references(body) & set(after) for name, body in after.items()}
    changing = set(diff)
    grew = True
    while grew:  # what changes, and what refers to something that changes
        grew = False
        for name, wanted in needs.items():
            if name not in changing and wanted & changing:
                changing.add(name)
                grew = True
    return tuple(row for row in preview if row.action in ("add", "remove") or row.logical_id in changing)


def _references(value: Any) -> set[str]:
    """Names a resource definition refers to: get_resource/get_attr/Ref/Fn::GetAtt/depends_on."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                if key in ("get_resource", "Ref") and isinstance(inner, str):
                    found.add(inner)
                elif key in ("get_attr", "Fn::GetAtt") and isinstance(inner, list) and inner:
                    found.add(str(inner[0]))
                elif key in ("depends_on", "DependsOn"):
                    found.update(inner if isinstance(inner, list) else [inner])
                stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)
    return found


def load_environments(paths: tuple[str, ...] | list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Heat environment files (``--env``), merged in order, with the files they name."""
    if not paths:
        return {}, {}
    from heatclient.common import template_utils

    for path in paths:
        if not Path(path).is_file():
            raise InputError(f"--env: no such file: {path}")
    try:
        files, environment = template_utils.process_multiple_environments_and_files(
            env_paths=[str(Path(p).resolve()) for p in paths])
    except Exception as error:  # heatclient raises plain errors for bad YAML and URLs
        raise InputError(f"--env: {error}") from error
    return dict(files), dict(environment)


def types_of(document: dict[str, Any]) -> dict[str, str]:
    resources = document.get("resources") or document.get("Resources") or {}
    return {k: str(v.get("type") or v.get("Type") or "") for k, v in resources.items()
            if isinstance(v, dict)}


def site_values(template: Template, document: Mapping[str, Any], profile: Any,
                given: Mapping[str, str]) -> dict[str, str]:
    """``given`` with the AWS names of instance types, images and key pairs turned into the
    site's flavors, images and keys, for the parameters the translation retargeted.

    A parameter counts as retargeted when the translation replaced its default with the
    site profile's name for it; the value given was checked against the source template's
    constraints (AWS names) before, and is passed in the site's name now.
    """
    if not profile or not given:
        return dict(given)
    from cfnbridge.deploy_params import as_parameter_string
    from cfnbridge.profile import Profile, load_profile

    site: Profile = profile if isinstance(profile, Profile) else load_profile(profile)
    translated = document.get("parameters") or document.get("Parameters") or {}
    result = dict(given)
    for name, value in given.items():
        source = template.parameters.get(name)
        spec = translated.get(name)
        if source is None or source.default is None or not isinstance(spec, dict):
            continue
        before, after = as_parameter_string(source.default), spec.get("default", spec.get("Default"))
        for lookup in (site.flavor_for, site.image_for, site.key_for):
            if after is not None and before != after and lookup(before) == after:
                result[name] = lookup(value) or value
                break
    return result
