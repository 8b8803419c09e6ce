"""The Template model: a CloudFormation template's sections as typed, located objects.

The model is a thin view over the loaded tree, not a copy: property values stay the
located containers and intrinsic objects the loader built, so anything read from the
model can still be located with :meth:`Template.locate`. Building the model checks the
structure CloudFormation itself insists on (a ``Resources`` mapping, a ``Type`` per
resource, known top-level sections …) and reports every problem at once.

The model also refuses what CloudFormation refuses but a plain reading would let pass:
an empty or null ``Resources``, conditions that refer to themselves (directly or in a
circle), and a
``DeletionPolicy``/``UpdateReplacePolicy`` that is not one of its options (a function is
allowed only under the ``AWS::LanguageExtensions`` transform, as in CloudFormation).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cfnbridge.errors import ErrorGroup, InputError, Location, TemplateError
from cfnbridge.foreach import LoopNote, expand, has_loops
from cfnbridge.gc_pause import collector_paused
from cfnbridge.intrinsics import Intrinsic
from cfnbridge.loader import looks_like_path, parse, read_source
from cfnbridge.nodes import LocatedDict, locate
from cfnbridge.template_checks import condition_cycles, first_function, policy_problem

SECTIONS = frozenset({
    "AWSTemplateFormatVersion", "HeatTemplateFormatVersion", "Description", "Metadata",
    "Parameters", "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs",
})



@dataclass(slots=True)
class Parameter:
    """A template parameter; ``no_echo`` values must never be printed."""

    name: str
    type: str
    default: Any = None
    no_echo: bool = False
    allowed_values: list[Any] | None = None
    allowed_pattern: str | None = None
    description: str | None = None
    raw: Any = None

    @property
    def has_default(self) -> bool:
        return self.raw is not None and "Default" in self.raw


@dataclass(slots=True)
class Resource:
    """A resource with its attributes; ``properties`` is the located mapping as written."""

    name: str
    type: str
    properties: dict[str, Any] = field(default_factory=dict)
    depends_on: list[str] = field(default_factory=list)
    condition: str | None = None
    deletion_policy: Any = None
    update_replace_policy: Any = None
    update_policy: Any = None
    creation_policy: Any = None
    metadata: Any = None
    raw: Any = None


@dataclass(slots=True)
class Output:
    """A stack output; ``export`` is the export name expression, if any."""

    name: str
    value: Any
    description: Any = None
    export: Any = None
    condition: str | None = None
    raw: Any = None


@dataclass(slots=True)
class Template:
    """A loaded CloudFormation template: its sections, its text and where it came from."""

    filename: str
    source_text: str
    root: LocatedDict
    format_version: str | None = None
    description: Any = None
    parameters: dict[str, Parameter] = field(default_factory=dict)
    mappings: dict[str, Any] = field(default_factory=dict)
    conditions: dict[str, Any] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)
    transform: list[str] | None = None
    metadata: Any = None
    rules: Any = None
    # Fn::ForEach loops the translation reports: written out with a parameter's default, or left out
    foreach: list[LoopNote] = field(default_factory=list)
    # The tree as written, when loops were written out in ``root`` (convert writes this one)
    as_written: LocatedDict | None = field(default=None, repr=False, compare=False)
    # Results derived once from the (never mutated) tree, such as the reference list.
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def locate(self, path: Iterable[Any], *, of_key: bool = False) -> Location:
        """File, line and column of the node at ``path`` (e.g. ``("Resources", "Web", "Type")``)."""
        return locate(self.root, path, self.filename, of_key=of_key)


def _whole_number(value: Any) -> bool:
    return not isinstance(value, bool) and (isinstance(value, int) or (isinstance(value, str) and value.isdigit()))


def _number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _single(value: Any) -> bool:
    """One literal value (a function is reported on its own: none may appear in Parameters)."""
    return isinstance(value, str | int | float | bool | Intrinsic)


_PARAMETER_CHECKS = (
    ("MinLength", _whole_number, "a whole number"),
    ("MaxLength", _whole_number, "a whole number"),
    ("MinValue", _number, "a number"),
    ("MaxValue", _number, "a number"),
    ("AllowedValues", lambda v: isinstance(v, list) and all(_single(item) for item in v), "a list of values"),
    ("AllowedPattern", lambda v: isinstance(v, str), "a string"),
    ("Default", lambda v: v is None or _single(v), "one value (a list default is written 'a,b')"),
)


def load(source: str | bytes | os.PathLike[str], *, filename: str | None = None) -> Template:
    """Load a CloudFormation template from a path, or from JSON/YAML text or bytes.

    Raises a located :class:`~cfnbridge.errors.InputError` for anything that is not a
    readable, well-formed template.
    """
    if isinstance(source, bytes):
        from cfnbridge.loader import decode

        name = filename or "<string>"
        text = decode(source, name)
    elif isinstance(source, os.PathLike) or (isinstance(source, str) and looks_like_path(source)):
        name = filename or os.fspath(source)
        text = read_source(source)
    else:
        name = filename or "<string>"
        text = source
    with collector_paused():  # the model over the tree is built in one go too
        return from_tree(parse(text, name), text, name)


def from_tree(root: Any, text: str, name: str) -> Template:
    """Build the model from a loaded tree, reporting every structural problem at once."""
    if not isinstance(root, LocatedDict):
        kind = "a function" if isinstance(root, Intrinsic) else type(root).__name__
        raise TemplateError(f"a template must be a mapping at the top level, not {kind}",
                            Location(name, 1, 1))
    written, notes = root, []
    if has_loops(text):  # Fn::ForEach: the model, graph, translation and lint see the loops written out
        root, notes = expand(root, name)
    builder = _ModelBuilder(root, text, name)
    builder.template.foreach = notes
    builder.template.as_written = written if root is not written else None
    return builder.build()


class _ModelBuilder:
    """Reads each section into the model, collecting errors instead of stopping at the first."""

    def __init__(self, root: LocatedDict, text: str, name: str) -> None:
        self.root = root
        self.template = Template(filename=name, source_text=text, root=root)
        self.errors: list[InputError] = []

    def error(self, message: str, path: tuple[Any, ...], *, of_key: bool = False) -> None:
        self.errors.append(TemplateError(message, self.template.locate(path, of_key=of_key)))

    def mapping(self, path: tuple[Any, ...], value: Any) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(f"{path[-1]} must be a mapping", path)
            return {}
        return value

    def build(self) -> Template:
        root, tpl = self.root, self.template
        for key in root:
            if key not in SECTIONS and "Transform" not in root:  # macros may read other keys
                self.error(f"unknown top-level section {key!r}", (key,), of_key=True)
        version = root.get("AWSTemplateFormatVersion", root.get("HeatTemplateFormatVersion"))
        tpl.format_version = None if version is None else str(version)
        tpl.description = self._description(root.get("Description"))
        tpl.metadata = root.get("Metadata")
        tpl.rules = root.get("Rules")
        tpl.mappings = self.mapping(("Mappings",), root.get("Mappings"))
        self._no_functions(tpl.mappings, ("Mappings",), "Mappings")
        tpl.conditions = self.mapping(("Conditions",), root.get("Conditions"))
        self._transform(root.get("Transform"))
        self._parameters(self.mapping(("Parameters",), root.get("Parameters")))
        if "Resources" not in root:
            self.errors.append(TemplateError("the template has no Resources section", Location(tpl.filename, 1, 1)))
        else:
            resources = self.mapping(("Resources",), root["Resources"])
            left_out = any(note.severity == "error" for note in tpl.foreach)  # loops Heat cannot write out
            if not resources and not left_out and (root["Resources"] is None or isinstance(root["Resources"], dict)):
                self.error("Resources is empty; a template needs at least one resource", ("Resources",))
            self._resources(resources)
        self._outputs(self.mapping(("Outputs",), root.get("Outputs")))
        self._condition_cycles()
        if self.errors:
            raise self.errors[0] if len(self.errors) == 1 else ErrorGroup(self.errors)
        return tpl

    def _description(self, value: Any) -> Any:
        if value is not None and not isinstance(value, str | int | float):
            self.error("Description must be text (CloudFormation takes a literal string, not a function or a list)",
                       ("Description",))
            return None
        return value

    def _no_functions(self, value: Any, path: tuple[Any, ...], where: str) -> None:
        """Parameters and Mappings hold literal values only: CloudFormation evaluates no function there."""
        found = first_function(value, path)
        if found is not None:
            function, at = found
            self.error(f"{where}: {function.name or 'a function'} cannot be used here "
                       "(CloudFormation takes only literal values in this section)", at)

    def _transform(self, value: Any) -> None:
        if value is None:
            return
        names = value if isinstance(value, list) else [value]
        self.template.transform = [n if isinstance(n, str) else str(n.get("Name", "?")) if isinstance(n, dict)
                                   else repr(n) for n in names]

    def _parameters(self, section: dict[str, Any]) -> None:
        for name, body in section.items():
            path = ("Parameters", name)
            if not isinstance(body, dict):
                self.error(f"parameter {name!r} must be a mapping", path)
                continue
            self._no_functions(body, path, f"parameter {name!r}")
            kind = body.get("Type")
            if not isinstance(kind, str):
                self.error(f"parameter {name!r} needs a Type", path, of_key=True)
                kind = "String"
            for key, check, what in _PARAMETER_CHECKS:
                if key in body and not check(body[key]):
                    self.error(f"parameter {name!r}: {key} must be {what}", (*path, key))
            self.template.parameters[name] = Parameter(
                name=str(name), type=kind, default=body.get("Default"),
                no_echo=str(body.get("NoEcho", "false")).lower() == "true",
                allowed_values=body.get("AllowedValues"), allowed_pattern=body.get("AllowedPattern"),
                description=body.get("Description"), raw=body,
            )

    def _resources(self, section: dict[str, Any]) -> None:
        for name, body in section.items():
            path = ("Resources", name)
            if not isinstance(body, dict):
                self.error(f"resource {name!r} must be a mapping with a Type", path)
                continue
            kind = body.get("Type")
            if not isinstance(kind, str) or not kind:
                self.error(f"resource {name!r} has no Type", path, of_key=True)
                continue
            properties = body.get("Properties")
            if properties is None or isinstance(properties, Intrinsic):
                properties = {}  # computed at deploy time (e.g. Fn::If): the raw form stays in .raw
            elif not isinstance(properties, dict):
                self.error(f"Properties of {name!r} must be a mapping", (*path, "Properties"))
                properties = {}
            self.template.resources[str(name)] = Resource(
                name=str(name), type=kind, properties=properties,
                depends_on=self._depends_on(body.get("DependsOn"), path),
                condition=self._condition_name(body.get("Condition"), (*path, "Condition")),
                deletion_policy=self._policy(body, "DeletionPolicy", path),
                update_replace_policy=self._policy(body, "UpdateReplacePolicy", path),
                update_policy=body.get("UpdatePolicy"), creation_policy=body.get("CreationPolicy"),
                metadata=body.get("Metadata"), raw=body,
            )

    def _depends_on(self, value: Any, path: tuple[Any, ...]) -> list[str]:
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        names = [item for item in items if isinstance(item, str)]
        if len(names) != len(items):
            self.error("DependsOn must be a resource name or a list of names", (*path, "DependsOn"))
        return names

    def _condition_name(self, value: Any, path: tuple[Any, ...]) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.error("Condition must name a condition", path)
            return None
        return value  # whether it names a defined condition is a reference check (cfnbridge.references)

    def _policy(self, body: dict[str, Any], key: str, path: tuple[Any, ...]) -> Any:
        value = body.get(key)
        problem = policy_problem(key, value, self.template.transform or [])
        if problem is not None:
            self.error(problem, (*path, key))
        return value

    def _condition_cycles(self) -> None:
        for cycle in condition_cycles(self.template.conditions):
            if len(cycle) == 2:
                self.error(f"condition {cycle[0]!r} refers to itself", ("Conditions", cycle[0]))
            else:
                self.error("conditions refer to each other in a circle: " + " -> ".join(cycle),
                           ("Conditions", cycle[0]))

    def _outputs(self, section: dict[str, Any]) -> None:
        for name, body in section.items():
            path = ("Outputs", name)
            if not isinstance(body, dict) or "Value" not in body:
                self.error(f"output {name!r} needs a Value", path)
                continue
            export = body.get("Export")
            self.template.outputs[str(name)] = Output(
                name=str(name), value=body["Value"], description=body.get("Description"),
                export=export.get("Name") if isinstance(export, dict) else export,
                condition=self._condition_name(body.get("Condition"), (*path, "Condition")),
                raw=body,
            )


def load_data(path: os.PathLike[str] | str) -> tuple[Any, Any]:
    """Load a plain YAML/JSON data file (profiles, configs) with the template loader's checks.

    Returns the data as plain Python values and a function from a path to its Location.
    """
    from cfnbridge.nodes import to_plain

    name = os.fspath(path)
    root = parse(read_source(path), name)
    return to_plain(root), lambda p: locate(root, p, name)
