"""The scripts a server runs, as written in the template: literal pieces, each with its position.

User data is usually ``Fn::Base64`` of an ``Fn::Sub`` or an ``Fn::Join``. A script here is
the text of its literal pieces (a Join's items and delimiters, a Sub's template, nested Joins
and Subs flattened) with every other function standing as one opaque character, so the scan
sees the script as the server will, minus what is known only at deploy time. The branches of
an ``Fn::If`` are scripts of their own. Each piece remembers where its scalar starts, so an
offset in the script becomes a line and column in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cfnbridge import intrinsics as fn
from cfnbridge.nodes import LocatedDict, LocatedList, child_position, resolve_position
from cfnbridge.script_scan.shell import OPAQUE
from cfnbridge.template import Template

Path = tuple[Any, ...]
Anchor = tuple[int, int]  # 0-based line and column where a scalar (or its tags) starts

# Where each server type keeps its user data.
USER_DATA: dict[str, Path] = {
    "AWS::EC2::Instance": ("Properties", "UserData"),
    "AWS::AutoScaling::LaunchConfiguration": ("Properties", "UserData"),
    "AWS::EC2::LaunchTemplate": ("Properties", "LaunchTemplateData", "UserData"),
}
INIT = "AWS::CloudFormation::Init"


@dataclass
class Script:
    """One script: its text, the template path of the value it came from, and its pieces."""

    resource: str
    path: Path
    text: str = ""
    pieces: list[tuple[int, str, Anchor]] = field(default_factory=list)  # (offset in text, text, anchor)

    def add(self, piece: str, anchor: Anchor) -> None:
        if piece:
            self.pieces.append((len(self.text), piece, anchor))
            self.text += piece

    def opaque(self) -> None:
        self.text += OPAQUE

    def piece_at(self, offset: int) -> tuple[str, Anchor, int] | None:
        """The piece holding ``offset``: its text, its anchor and the offset inside it."""
        for begin, piece, anchor in reversed(self.pieces):
            if begin <= offset < begin + len(piece):
                return piece, anchor, offset - begin
        return None


def scripts(template: Template) -> Iterator[Script]:
    """Every script of every server definition and every cfn-init block, in template order."""
    root = template.root
    for name, resource in template.resources.items():
        where = USER_DATA.get(resource.type)
        if where is not None:
            path = ("Resources", name, *where)
            value = _get(resource.raw, where)
            if value is not None:
                yield from _scripts_of(name, path, value, resolve_position(root, path))
        if isinstance(resource.metadata, dict) and isinstance(resource.metadata.get(INIT), dict):
            yield from _init_scripts(name, resource.metadata, ("Resources", name, "Metadata"))


def _get(node: Any, path: Path) -> Any:
    for step in path:
        if not isinstance(node, dict):
            return None
        node = node.get(step)
    return node


def _init_scripts(name: str, metadata: LocatedDict, base: Path) -> Iterator[Script]:
    """cfn-init's commands (``command``, ``test``), files (``content``, ``source``) and sources."""
    init = metadata[INIT]
    for config_name, config in init.items():
        if config_name == "configSets" or not isinstance(config, dict):
            continue
        at = (*base, INIT, config_name)
        for section, keys in (("commands", ("command", "test")), ("files", ("content", "source"))):
            entries = config.get(section)
            if not isinstance(entries, dict):
                continue
            for entry_name, entry in entries.items():
                if not isinstance(entry, dict):
                    continue
                for key in keys:
                    if key in entry:
                        yield from _scripts_of(name, (*at, section, entry_name, key), entry[key],
                                               child_position(entry, key) or (entry.line, entry.column),
                                               argv=section == "commands")
        sources = config.get("sources")
        if isinstance(sources, dict):
            for target, url in sources.items():
                yield from _scripts_of(name, (*at, "sources", target), url,
                                       child_position(sources, target) or (sources.line, sources.column))


def _scripts_of(name: str, path: Path, value: Any, anchor: Anchor, *, argv: bool = False) -> Iterator[Script]:
    """The script ``value`` is, and those of its ``Fn::If`` branches; a command's list form is
    its words joined by spaces (cfn-init runs it as an argument vector)."""
    script = Script(name, path)
    extra: list[tuple[Any, Anchor]] = []
    if argv and isinstance(value, LocatedList):
        _join(script, " ", value, anchor, extra)
    else:
        _add(script, value, anchor, extra)
    if script.pieces:
        yield script
    for branch, branch_anchor in extra:
        yield from _scripts_of(name, path, branch, branch_anchor)


def _add(script: Script, value: Any, anchor: Anchor, extra: list[tuple[Any, Anchor]]) -> None:
    """Append ``value`` to ``script``: text as itself, Sub and Join opened, any other function opaque."""
    if isinstance(value, str):
        script.add(value, anchor)
    elif isinstance(value, fn.Base64):
        _add(script, value.args, (value.value_line, value.value_column), extra)
    elif isinstance(value, fn.Sub):
        args = value.args
        if isinstance(args, LocatedList) and args and isinstance(args[0], str):
            script.add(args[0], args.marks[0])
        elif isinstance(args, str):
            script.add(args, (value.value_line, value.value_column))
        else:
            script.opaque()
    elif isinstance(value, fn.Join) and isinstance(value.args, LocatedList) and len(value.args) == 2 \
            and isinstance(value.args[1], LocatedList):
        delimiter = value.args[0] if isinstance(value.args[0], str) else OPAQUE
        _join(script, delimiter, value.args[1], value.args.marks[0], extra)
    else:
        if isinstance(value, fn.If) and isinstance(value.args, LocatedList) and len(value.args) == 3:
            extra.extend((value.args[index], value.args.marks[index]) for index in (1, 2))
        if value is not None:
            script.opaque()


def _join(script: Script, delimiter: str, items: LocatedList, delimiter_anchor: Anchor,
          extra: list[tuple[Any, Anchor]]) -> None:
    for index, item in enumerate(items):
        if index and delimiter:
            if delimiter == OPAQUE:
                script.opaque()
            else:
                script.add(delimiter, delimiter_anchor)
        _add(script, item, items.marks[index], extra)
