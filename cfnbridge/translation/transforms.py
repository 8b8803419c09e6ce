"""Named value transforms that resource maps can ask for (``transform: image``).

Each takes the resource context, the source value and its path, and returns the
translated value (or ``MISSING``). The table at the bottom is the whole list; a map
naming a transform that is not here fails its schema test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cfnbridge import intrinsics as fn
from cfnbridge.evaluation import Undecided
from cfnbridge.gap_codes import (
    ACL_APPROXIMATED,
    DYNAMIC_STRUCTURE,
    DYNAMIC_TAG_KEY,
    DYNAMIC_TAGS,
    FLAVOR,
    IMAGE,
    IMAGE_FROM_PROFILE,
    IMAGE_UNKNOWN,
    LB_PROTOCOL_LOST,
    NOT_IMPLEMENTED,
    STATIC_WEBSITE,
)
from cfnbridge.translation.plan import Role, Status
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]


def _dynamic_tags(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """Tags computed at deploy time (a parameter, a macro) cannot be reshaped for OpenStack."""
    static = ctx.static(value)
    if isinstance(static, list):
        return static
    ctx.gap(DYNAMIC_TAGS, "these tags are computed at deploy time and could not be converted; "
            "they were dropped", "write the tags out as a list of Key/Value pairs", path)
    return MISSING


def _conditional_tag(tag: Any) -> tuple[str, Any, bool] | None:
    """``!If [Cond, {Key, Value}, !Ref AWS::NoValue]`` as (condition, tag, present-when-true)."""
    if not isinstance(tag, fn.If) or not isinstance(tag.args, list) or len(tag.args) != 3:
        return None
    condition, when_true, when_false = tag.args
    novalue = [isinstance(b, fn.Ref) and b.target == "AWS::NoValue" for b in (when_true, when_false)]
    if novalue[1] and isinstance(when_true, dict):
        return condition, when_true, True
    if novalue[0] and isinstance(when_false, dict):
        return condition, when_false, False
    return None


def _tag_pairs(ctx: ResourceContext, value: list[Any], path: Path) -> list[tuple[Any, Any, Any]]:
    """(key, value, condition) per tag, conditions as the translator's optional ``if``; every
    tag that cannot be read as a Key/Value pair is reported, never dropped silently."""
    pairs = []
    for index, tag in enumerate(value):
        conditional = _conditional_tag(tag)
        where = (*path, index)
        if conditional is not None:
            condition, tag, present_when_true = conditional
        if not isinstance(tag, dict) or "Key" not in tag:
            ctx.gap(DYNAMIC_TAGS, "this tag is not a literal Key/Value pair and was dropped",
                    "write it out as {Key: ..., Value: ...}", where)
            continue
        key = ctx.value_at(tag["Key"], (*where, "Key"))
        item = ctx.value_at(tag.get("Value", ""), (*where, "Value"))
        pairs.append((key, item, (condition, present_when_true, where) if conditional else None))
    return pairs


def _only_if(ctx: ResourceContext, condition: tuple[Any, bool, Path], value: Any) -> Any:
    name, present_when_true, where = condition
    return ctx.optional(name, value, MISSING, where) if present_when_true else \
        ctx.optional(name, MISSING, value, where)


def tags_to_list(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """AWS ``Tags: [{Key, Value}]`` to Neutron/Nova ``tags: ["key=value"]``."""
    if not isinstance(value, list):
        value = _dynamic_tags(ctx, value, path)
        if value is MISSING:
            return MISSING
    out: list[Any] = []
    for key, item, condition in _tag_pairs(ctx, value, path):
        if isinstance(key, str) and isinstance(item, str | int | float | bool):
            text: Any = f"{key}={item}"
        else:
            text = ctx.dialect.join("=", [key, item])
        if condition:
            name, present_when_true, where = condition
            text = ctx.optional_item(name, text, present_when_true, where)
        if text is not MISSING:
            out.append(text)
    return out


def tags_to_map(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """AWS ``Tags: [{Key, Value}]`` to a metadata mapping ``{key: value}``."""
    if not isinstance(value, list):
        value = _dynamic_tags(ctx, value, path)
        if value is MISSING:
            return MISSING
    out: dict[str, Any] = {}
    for index, (key, item, condition) in enumerate(_tag_pairs(ctx, value, path)):
        if not isinstance(key, str):
            ctx.gap(DYNAMIC_TAG_KEY, "a tag whose key is computed at deploy time was dropped",
                    "use a literal key", (*path, index, "Key"))
            continue
        out[key] = _only_if(ctx, condition, item) if condition else item
    return out


def image(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """An AMI id (literal, from a mapping or an SSM path) to a Glance image."""
    static = ctx.static(value)
    if isinstance(static, str):
        found = ctx.profile.image_for(static)
        if found:
            return found
        ctx.gap(IMAGE, f"AMI {static!r} is not in the site profile; it became the parameter 'Image'",
                "map it under 'images' in the profile", path)
        return ctx.parameter("Image", {"type": "string", "description": f"Glance image (was {static})"})
    if isinstance(value, fn.Ref) and value.target in ctx.template.parameters:
        parameter = ctx.template.parameters[value.target]
        ctx.gap(IMAGE, f"image parameter {value.target!r} must now name a Glance image",
                "give an image name or id from the OpenStack site", path)
        ctx.note_parameter_role(value.target, Role.IMAGE)
        if parameter.type.startswith("AWS::SSM::Parameter"):
            default = parameter.default
            mapped = ctx.profile.image_for(str(default)) if default else None
            if mapped:
                return mapped
        return ctx.value_at(value, path)
    if isinstance(value, fn.FindInMap) and not isinstance(static, str):
        return _mapped_image(ctx, value, path)
    reason = static.reason if isinstance(static, Undecided) else "not a string"
    ctx.gap(IMAGE_UNKNOWN, f"the image cannot be known before deployment ({reason})",
            "make sure the value names a Glance image", path)
    return ctx.value_at(value, path)


def _mapped_image(ctx: ResourceContext, value: fn.FindInMap, path: Path) -> Any:
    """An AMI looked up in a mapping at deploy time (by region, by architecture …).

    AMI ids do not exist in Glance, and a key OpenStack does not have (a region named
    ``RegionOne``) would find nothing: the image would be ``''`` and the server boot nothing.
    When the profile maps every AMI of the mapping, the lookup stays, over the Glance names;
    otherwise the image is the parameter 'Image', its default the profile's image for the AMI
    the defaults select.
    """
    args = value.args if isinstance(value.args, list) else []
    label = args[0] if args and isinstance(args[0], str) else "?"
    table = ctx.template.mappings.get(args[0]) if args and isinstance(args[0], str) else None
    amis = _leaves(table, args[2] if len(args) > 2 and isinstance(args[2], str) else None)
    glance = {ami: ctx.profile.image_for(ami) for ami in amis}
    keys = [ctx.static(key) for key in args[1:3]]
    missing_key = any(isinstance(key, str) and isinstance(table, dict) and key not in table for key in keys[:1])
    if amis and all(glance.values()) and not missing_key:
        ctx.gap(IMAGE_FROM_PROFILE, f"the mapping {label!r} picks the image at deploy time; its AMI ids became the "
                "site profile's Glance images", "", path)
        name = f"{label}Images"
        remapped = {top: {k: glance.get(str(v), v) for k, v in (entry or {}).items()} if isinstance(entry, dict)
                    else entry for top, entry in (table or {}).items()}
        ctx.parameter(name, {"type": "json", "default": remapped,
                             "description": f"Glance images of the mapping {label} (was AMI ids)"})
        return ctx.dialect.get_param(ctx.parameter_name(name), *(ctx.value_at(key, path) for key in args[1:3]))
    first_key = next(iter(table), None) if isinstance(table, dict) else None
    chosen = ctx.static_with_defaults(value, region=ctx.profile.region or first_key)
    default = ctx.profile.image_for(chosen) if isinstance(chosen, str) else None
    why = "a key OpenStack does not have" if missing_key else "AMI ids that do not exist in Glance"
    ctx.gap(IMAGE, f"the AMI comes from the mapping {label!r}, with {why}; it became the parameter "
            f"'Image'" + (f" (default {default!r} from the site profile)" if default else ""),
            "map the mapping's AMIs under 'images' in the profile, or pass a Glance image", path)
    spec: dict[str, Any] = {"type": "string", "description": f"Glance image (was an AMI from the mapping {label})",
                            "constraints": [{"custom_constraint": "glance.image"}]}
    if default:
        spec["default"] = default
    return ctx.parameter("Image", spec)


def _leaves(table: Any, key: str | None) -> list[str]:
    """The AMI ids of a mapping: each entry's value under ``key`` (or every value)."""
    found: list[str] = []
    for entry in (table or {}).values() if isinstance(table, dict) else ():
        values = [entry.get(key)] if isinstance(entry, dict) and key is not None else (
            list(entry.values()) if isinstance(entry, dict) else [])
        found += [str(v) for v in values if isinstance(v, str | int)]
    return found


def flavor(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """An EC2 instance type to a Nova flavor, via the profile's flavor rules."""
    static = ctx.static(value)
    if isinstance(static, str):
        found = ctx.profile.flavor_for(static)
        if found:
            return found
        name = _flavor_parameter(ctx, static)
        ctx.gap(FLAVOR, f"instance type {static!r} is not in the site profile; "
                f"it became the parameter {name!r}", "add a rule under 'flavors' in the profile", path)
        return ctx.parameter(name, {"type": "string", "default": static,
                                    "description": f"Nova flavor (was instance type {static})"})
    if isinstance(value, fn.Ref) and value.target in ctx.template.parameters:
        ctx.gap(FLAVOR, f"instance type parameter {value.target!r} must now name a Nova flavor",
                "give a flavor name from the OpenStack site", path)
        ctx.note_parameter_role(value.target, Role.FLAVOR)
        return ctx.value_at(value, path)
    if isinstance(value, fn.If) and isinstance(value.args, list) and len(value.args) == 3:
        branches = [flavor(ctx, branch, path) for branch in value.args[1:]]
        return ctx.dialect.if_(value.args[0], *branches)
    ctx.gap(FLAVOR, "the instance type is chosen at deploy time (a mapping or a function), so it is "
            "kept as a flavor name and the profile's rules could not be applied",
            "make sure every possible value names a Nova flavor, or pass the flavor as a parameter", path)
    return ctx.value_at(value, path)


def _flavor_parameter(ctx: ResourceContext, instance_type: str) -> str:
    """'Flavor' for the first instance type the profile does not map; each other type gets its own
    parameter (FlavorT3Small), since one value cannot stand for two instance types."""
    taken = ctx.added_parameter("Flavor")
    if taken is None or taken.get("default") == instance_type:
        return "Flavor"
    return "Flavor" + "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", instance_type))


def key_name(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """An EC2 key pair name to a Nova key pair name (the profile may rename it)."""
    static = ctx.static(value)
    if isinstance(static, str):
        return ctx.profile.key_for(static) or static
    if isinstance(value, fn.Ref) and value.target in ctx.template.parameters:
        ctx.note_parameter_role(value.target, Role.KEY)
    return ctx.value_at(value, path)


def user_data(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """User data without its Base64: Heat passes raw text and encodes it itself."""
    if isinstance(value, fn.Base64):
        return ctx.value_at(value.args, path)
    return ctx.value_at(value, path)


def s3_website(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """S3 website settings as Swift staticweb container metadata (Web-Index, Web-Error)."""
    if not isinstance(value, dict):
        ctx.gap(DYNAMIC_STRUCTURE, "the website settings are computed at deploy time and were dropped",
                "write them out literally", path)
        return MISSING
    out: dict[str, Any] = {}
    for key, target in (("IndexDocument", "Web-Index"), ("ErrorDocument", "Web-Error")):
        if key in value:
            out[target] = ctx.value_at(value[key], (*path, key))
    for key in value:
        if key not in ("IndexDocument", "ErrorDocument"):
            ctx.gap(STATIC_WEBSITE, f"S3 website setting {key!r} has no staticweb equivalent; dropped",
                    "handle redirects in front of Swift (a proxy)", (*path, key))
    return out or MISSING


def string(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """A value Heat wants as a string (AWS accepts booleans and numbers there)."""
    translated = ctx.value_at(value, path)
    if isinstance(translated, bool):
        return str(translated).lower()
    if isinstance(translated, int | float):
        return str(translated)
    return translated


def integer(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """A value Heat wants as an integer (AWS templates often quote numbers)."""
    translated = ctx.value_at(value, path)
    if isinstance(translated, str) and translated.strip().lstrip("-").isdigit():
        return int(translated)
    return translated


def boolean(ctx: ResourceContext, value: Any, path: Path) -> Any:
    translated = ctx.value_at(value, path)
    if isinstance(translated, str) and translated.lower() in ("true", "false"):
        return translated.lower() == "true"
    return translated


# S3 canned ACL -> Swift read ACL (X-Container-Read); None where Swift has no equivalent.
_S3_READ_ACLS: dict[str, str | None] = {
    "Private": "",
    "PublicRead": ".r:*,.rlistings",
    "PublicReadWrite": ".r:*,.rlistings",
    "AuthenticatedRead": "*:*",
    "BucketOwnerRead": "",
    "BucketOwnerFullControl": "",
    "LogDeliveryWrite": None,
    "AwsExecRead": None,
}


def s3_acl(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """An S3 canned ACL to a Swift read ACL (``X-Container-Read``).

    Swift ACLs are not S3 grants: ``.r:*`` opens object reads to anyone, ``.rlistings``
    the listing, and ``*:*`` means any user of any project on the cloud. Public write is
    never granted automatically: Swift cannot take anonymous writes, and opening a
    container to every user of the cloud should be a deliberate choice.
    """
    static = ctx.static(value)
    if not isinstance(static, str):
        ctx.gap(ACL_APPROXIMATED, "the canned ACL is chosen at deploy time, and S3 ACL names mean "
                "nothing to Swift", "pass a Swift read ACL such as '.r:*,.rlistings' (public) or '' (private)", path)
        return ctx.value_at(value, path)
    read = _S3_READ_ACLS.get(static)
    if read is None:
        ctx.gap(ACL_APPROXIMATED, f"the canned ACL {static!r} has no Swift equivalent; "
                "the container stays private", "grant access with Swift ACLs by hand", path)
        return MISSING
    if static == "PublicReadWrite":
        ctx.gap(ACL_APPROXIMATED, "PublicReadWrite became public read only: Swift cannot take "
                "anonymous writes", "set X-Container-Write: '*:*' to let any user of the cloud write", path)
    elif static == "AuthenticatedRead":
        ctx.gap(ACL_APPROXIMATED, "AuthenticatedRead became '*:*': any user of this OpenStack cloud "
                "may read, rather than any AWS account", "", path)
    return read or MISSING


def resource(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """A reference that must name the resource itself (get_resource), whatever Ref maps to."""
    target = ctx.referenced_resource(value)
    if isinstance(value, fn.Ref) and target is not None and ctx.status_of(target) is not Status.OMITTED:
        return ctx.dialect.get_resource(ctx.emitted_name(target) or target)
    return ctx.value_at(value, path)


def elb_listeners(ctx: ResourceContext, value: Any, path: Path) -> Any:
    """Classic ELB listeners for Heat's own HAProxy load balancer, which speaks HTTP and TCP only."""
    if not isinstance(value, list):
        return ctx.value_at(value, path)
    out: list[Any] = []
    for index, listener in enumerate(value):
        if not isinstance(listener, dict):
            out.append(ctx.value_at(listener, (*path, index)))
            continue
        protocol = ctx.static(listener.get("Protocol"))
        if isinstance(protocol, str) and protocol.upper() not in ("HTTP", "TCP"):
            ctx.gap(LB_PROTOCOL_LOST, f"Heat's HAProxy load balancer cannot terminate {protocol}; the "
                    "listener was removed", "translate with --to hot: Octavia terminates HTTPS with a Barbican "
                    "certificate", (*path, index, "Protocol"))
            continue
        for key in sorted(set(listener) - {"LoadBalancerPort", "InstancePort", "Protocol"}):
            ctx.gap(NOT_IMPLEMENTED, f"Heat's load balancer listener has no {key!r}; it was removed",
                    "", (*path, index, key))
        kept = {k: v for k, v in listener.items() if k in ("LoadBalancerPort", "InstancePort", "Protocol")}
        out.append(ctx.value_at(kept, (*path, index)))
    return out


TRANSFORMS: dict[str, Callable[[ResourceContext, Any, Path], Any]] = {
    "tags_to_list": tags_to_list,
    "tags_to_map": tags_to_map,
    "image": image,
    "flavor": flavor,
    "key_name": key_name,
    "user_data": user_data,
    "s3_website": s3_website,
    "string": string,
    "integer": integer,
    "boolean": boolean,
    "s3_acl": s3_acl,
    "resource": resource,
    "elb_listeners": elb_listeners,
}


def apply(name: str, ctx: ResourceContext, value: Any, path: Path) -> Any:
    return TRANSFORMS[name](ctx, value, path)


__all__ = ["MISSING", "TRANSFORMS", "apply"]
