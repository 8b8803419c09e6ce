"""EFS mounts in a script, pointed at the Manila share the file system became.

A Ref to an ``AWS::EFS::FileSystem`` now gives the share's export location (``host:/path``),
which is itself the NFS source to mount. So ``${FS}.efs.${AWS::Region}.amazonaws.com:/sub``
becomes ``<export location>/sub`` and the EFS mount helper's type (``-t efs``) becomes
``-t nfs4``; the rest of the mount command is kept.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import SHARE_MOUNT, SHARE_MOUNT_POINTED
from cfnbridge.translation.bootstrap import user_data

if TYPE_CHECKING:
    from cfnbridge.template import Template
    from cfnbridge.translation.context import ResourceContext

Path = tuple[Any, ...]
_LEFT = re.compile(r"\.efs\.[^\s]*amazonaws\.com|\bmount\s+(?:-\S+\s+)*-t\s+efs\b")
_DNS_NAME = re.compile(r"(\x00\d+\x00)\.efs\.(?:[\w-]+|\x00\d+\x00)\.amazonaws\.com(?::(/[^\s'\";]*))?")
_HELPER = re.compile(r"(\bmount\s+(?:-\S+\s+)*-t\s+)efs\b((?:\s+-o\s+\S+)?\s+)(\x00\d+\x00):(/[^\s'\";]*)?")


def point_mounts_at_shares(ctx: ResourceContext, script: Any) -> tuple[Any, bool]:
    """``script`` with its EFS mount sources replaced by the shares' export locations."""
    def share(token: str, tokens: dict[str, Any]) -> bool:
        value = tokens.get(token)
        if not isinstance(value, dict) or len(value) != 1:
            return False
        reference = ctx.dialect.reference(*next(iter(value.items())))
        owner = ctx.owner_of(reference[1]) if reference and reference[0] == "resource" else None
        return owner is not None and ctx.template.resources[owner].type == "AWS::EFS::FileSystem"

    def change(text: str, tokens: dict[str, Any]) -> str:
        def dns(match: re.Match[str]) -> str:
            if not share(match.group(1), tokens):
                return match.group(0)
            below = match.group(2) or ""
            return match.group(1) + ("" if below in ("", "/") else below)

        def helper(match: re.Match[str]) -> str:
            if not share(match.group(3), tokens):
                return match.group(0)
            below = match.group(4) or ""
            return match.group(1) + "nfs4" + match.group(2) + match.group(3) + ("" if below in ("", "/") else below)

        return _DNS_NAME.sub(dns, _HELPER.sub(helper, text))

    return user_data.rewrite_text(ctx.dialect, script, change)


def remount(ctx: ResourceContext, server: dict[str, Any], path: Path) -> None:
    """A server's user data with its EFS mounts pointed at the shares, each change (or a mount left) reported."""
    script = server.get("user_data")
    if script is None or not ctx.index(_file_systems):
        return  # no share here to point at: the script scan reports EFS names of other stacks
    rewritten, changed = point_mounts_at_shares(ctx, script)
    if changed:
        server["user_data"] = rewritten
        ctx.gap(SHARE_MOUNT_POINTED, "the script's EFS mount now mounts the Manila share's export location "
                "(host:/path, what a Ref to the file system gives) with -t nfs4", "", path)
    found = user_data.tokenize(ctx.dialect, rewritten)
    if found is not None and _LEFT.search(found[0]):
        ctx.gap(SHARE_MOUNT, "this script mounts EFS (its DNS name <fs id>.efs.<region>.amazonaws.com or the efs "
                "mount helper) in a way the translation could not point at a Manila share; the mount fails",
                "mount -t nfs4 <export location> <dir>, the location from {get_attr: [<share>, export_locations, "
                "0]} (a Ref to the file system)", path)


def _file_systems(template: Template) -> tuple[str, ...]:
    """The template's EFS file systems (built once per template)."""
    return tuple(name for name, resource in template.resources.items() if resource.type == "AWS::EFS::FileSystem")
