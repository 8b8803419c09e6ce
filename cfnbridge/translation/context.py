"""The one door a handler goes through: everything it may read or change, by name.

A handler gets a :class:`ResourceContext` for the AWS resource it translates and nothing
else: the source template (read-only), the resource's map, the site profile, the dialect's
function spellings, and named methods to translate values, add output resources and
parameters, override an attribute, report a gap. The translator's state stays behind it,
so a handler cannot reach another resource's output except through these methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from cfnbridge import intrinsics as fn
from cfnbridge.errors import Location
from cfnbridge.template import Resource, Template
from cfnbridge.translation import maps
from cfnbridge.translation.dialect import Dialect
from cfnbridge.translation.plan import Child, Planned, Status
from cfnbridge.translation.values import MISSING

if TYPE_CHECKING:
    from cfnbridge.profile import Profile
    from cfnbridge.translation.engine import Translator
    from cfnbridge.translation.plan import Role

Path = tuple[Any, ...]
T = TypeVar("T")


class ResourceContext:
    """One AWS resource being translated."""

    def __init__(self, translator: Translator, resource: Resource, type_map: maps.TypeMap) -> None:
        self._t = translator
        self.resource = resource
        self.name = resource.name
        self.type_map = type_map
        self.props: dict[str, Any] = resource.properties if isinstance(resource.properties, dict) else {}
        self.base: Path = ("Resources", resource.name, "Properties")
        self.consumed: set[str] = set()

    # -- what the handler reads ----------------------------------------------------------------
    @property
    def template(self) -> Template:
        """The source template, to read (never to change)."""
        return self._t.template

    @property
    def profile(self) -> Profile:
        return self._t.profile

    @property
    def dialect(self) -> Dialect:
        """Function spellings of the output dialect (get_param, get_attr, join, select …)."""
        return self._t.dialect

    @property
    def target_type(self) -> str | None:
        """The OS:: type the map gives this AWS type (``hot.type``)."""
        return self.type_map.target

    @property
    def placeholder(self) -> bool:
        """Whether values OpenStack cannot give are left out (``--placeholder``)."""
        return self._t.options.placeholder

    @property
    def cloud_init(self) -> bool:
        """Whether servers boot stock images (cfn-init and cfn-signal translated for cloud-init)."""
        return self._t.options.cloud_init

    def path(self, *steps: Any) -> Path:
        return (*self.base, *steps)

    def static(self, value: Any) -> Any:
        """The value known before deployment, or an ``Undecided``."""
        return self._t.values.static(value)

    def static_with_defaults(self, value: Any, region: str | None = None) -> Any:
        """The value the template's parameter defaults give (what a deploy without parameters gets);
        None when they give none (a mapping key that is not there, a value known only at deploy time)."""
        from cfnbridge.errors import CfnBridgeError
        from cfnbridge.evaluation import Evaluator, Undecided

        try:
            found = Evaluator(self._t.template, region=region, use_defaults=True).value(value)
        except CfnBridgeError:
            return None
        return None if isinstance(found, Undecided) else found

    def index(self, build: Callable[[Template], T]) -> T:
        """``build(template)``, computed once per template: an index a handler would otherwise rebuild per resource."""
        derived = self._t.template.derived
        key = ("index", build.__module__, build.__qualname__)
        if key not in derived:
            derived[key] = build(self._t.template)
        return derived[key]

    def referenced_resource(self, value: Any) -> str | None:
        """The AWS resource a ``Ref``/``GetAtt`` value names, if it is that simple."""
        resources = self._t.template.resources
        if isinstance(value, fn.Ref) and value.target in resources:
            return value.target
        if isinstance(value, fn.GetAtt) and value.resource in resources:
            return value.resource
        return None

    def status_of(self, aws_name: str | None) -> Status | None:
        """What another AWS resource became (None for a name that is not a resource)."""
        planned = self._t.plan.get(aws_name) if aws_name else None
        return planned.status if planned else None

    def emitted_name(self, aws_name: str | None) -> str | None:
        """The first output resource another AWS resource became, once it is translated."""
        planned = self._t.plan.get(aws_name) if aws_name else None
        return planned.primary if planned else None

    def owner_of(self, output_name: str | None) -> str | None:
        """The AWS resource an output resource came from (None for a name not emitted yet)."""
        return self._t.owner.get(output_name) if output_name else None

    def emitted_names(self, aws_name: str | None) -> list[str]:
        """Every output resource another AWS resource became, first the one Ref points at."""
        planned = self._t.plan.get(aws_name) if aws_name else None
        return list(planned.emitted) if planned else []

    def emitted(self, output_name: str | None) -> dict[str, Any] | None:
        """An output resource already added (neutral keys: type, properties …), to read."""
        return self._t.resources.get(output_name) if output_name else None

    def child_template(self, path: str) -> Child:
        """The local template at ``path``, translated like this one (written beside it); raises
        InputError when it cannot be read."""
        return self._t.child(path)

    # -- translating values ----------------------------------------------------------------------
    def value(self, value: Any, *steps: Any) -> Any:
        """Translate a value of this resource's properties, at ``steps`` below Properties."""
        return self._t.value(value, self.path(*steps), self.name)

    def value_at(self, value: Any, path: Path) -> Any:
        """Translate a value that stands elsewhere in the template (a launch configuration's property)."""
        return self._t.value(value, path, self.name)

    def prop(self, key: str) -> Any:
        """Translate property ``key`` (marking it consumed); MISSING when unset."""
        self.consumed.add(key)
        if key not in self.props:
            return MISSING
        return self.value(self.props[key], key)

    def consume(self, *keys: str) -> None:
        self.consumed.update(keys)

    def attribute(self, aws_name: str, attribute: str, path: Path) -> Any:
        """The value of ``Fn::GetAtt [aws_name, attribute]`` in the output, reported like any GetAtt."""
        return self._t.attribute(aws_name, attribute, path, self.name)

    def condition_any(self, conditions: list[tuple[str, bool]], *, with_own: bool = False) -> str:
        """A new condition, true when any of ``(name, polarity)`` holds (and, with ``with_own``, this
        resource's own Condition too); its name."""
        own = self.resource.condition if with_own else None
        if len(conditions) == 1 and not own:
            name, polarity = conditions[0]
            return name if polarity else self._t.negated_condition(name)
        terms: list[Any] = [fn.Condition(name) if polarity else fn.Not([fn.Condition(name)])
                            for name, polarity in conditions]
        expression = terms[0] if len(terms) == 1 else fn.Or(terms)
        if own:
            expression = fn.And([fn.Condition(own), expression])
        return self._t.add_condition(f"{self.name}HasSource", expression)

    def condition_union(self, conditions: list[str | None], requested: str) -> str | None:
        """The condition under which any of ``conditions`` holds (None: one of them always does);
        a new condition named from ``requested`` when more than one is involved."""
        if not conditions or None in conditions:
            return None
        names = list(dict.fromkeys(c for c in conditions if c is not None))
        if len(names) == 1:
            return names[0]
        return self._t.add_condition(requested, fn.Or([fn.Condition(name) for name in names]))

    def optional(self, condition: str, when_true: Any, when_false: Any, path: Path) -> Any:
        """A value that exists under one branch of a condition only (the other is ``MISSING``)."""
        return self._t.optional_if(condition, when_true, when_false, path, self.name)

    def optional_item(self, condition: str, item: Any, present_when_true: bool, path: Path) -> Any:
        """A list item that exists only when ``condition`` is true (or false); MISSING if the dialect cannot."""
        return self._t.dialect.optional_item(self._t, condition, item, present_when_true, path, self.name)

    def map_properties(self, spec: dict[str, Any] | None = None) -> dict[str, Any]:
        """Apply the property table to every property not yet consumed."""
        from cfnbridge.translation.properties import map_mapping

        spec = self.type_map.properties if spec is None else spec
        remaining = {k: v for k, v in self.props.items() if k not in self.consumed}
        return map_mapping(self, spec, remaining, self.base, self.type_map.target)

    # -- what the handler writes -------------------------------------------------------------------
    def gap(self, code: str, message: str, hint: str = "", path: Path | None = None, *,
            location: Location | None = None) -> None:
        """Report a gap at ``path`` (the resource by default), or at ``location`` (a place inside a
        string there, such as a call in a script); its severity is the code's."""
        self._t.gap(code, path if path is not None else ("Resources", self.name), self.name, message, hint,
                    location=location)

    def add(self, name: str, os_type: str | None = None, properties: dict[str, Any] | None = None, *,
            because: str | None = None, **extra: Any) -> str:
        """Add an output resource and return its (possibly renamed) name.

        The first resource a handler adds is the one Ref and DependsOn point at; its type is
        the map's ``hot.type`` unless the handler says ``because`` why not. ``extra`` holds
        resource keys beside the properties (``depends_on``, ``condition``, ``metadata``).
        """
        os_type = os_type or self.type_map.target
        if os_type is None:
            raise ValueError(f"{self.resource.type}: the map gives no OS:: type, so the handler must name one")
        if not self._planned.emitted and os_type != self.type_map.target and not because:
            raise ValueError(f"{self.resource.type} becomes {self.type_map.target} in its map, but its handler "
                             f"emitted {os_type} without saying why (because=...)")
        body: dict[str, Any] = {"type": os_type}
        if properties:
            body["properties"] = properties
        body.update(extra)
        return self._t.emit(self.name, name, body)

    def parameter(self, name: str, spec: dict[str, Any]) -> Any:
        """Add a parameter the translation needs (once, HOT spelling of its spec); returns a reference to it."""
        return self._t.add_parameter(name, spec)

    def added_parameter(self, requested: str) -> dict[str, Any] | None:
        """The spec of the parameter the translation already added as ``requested``, if it did."""
        actual = self._t.parameter_names.get(requested)
        return self._t.extra_parameters.get(actual) if actual else None

    def parameter_name(self, requested: str) -> str:
        """The name a parameter the translation adds really has (``requested``, unless the template uses it)."""
        return self._t.parameter_name(requested)

    def constrain_parameter(self, name: str, constraint: dict[str, Any]) -> None:
        """Add a HOT constraint (e.g. ``{"custom_constraint": "ip_addr"}``) to one of the template's parameters."""
        constraints = self._t.parameter_constraints.setdefault(name, [])
        if constraint not in constraints:
            constraints.append(constraint)

    def note_parameter_role(self, name: str, role: Role) -> None:
        """A template parameter now names a flavor, an image or a key pair: the profile may retarget it."""
        self._t.parameter_roles.setdefault(role, set()).add(name)

    def set_attribute(self, attribute: str, output_name: str, *path: Any) -> None:
        """``Fn::GetAtt [this, attribute]`` reads ``output_name``'s attribute at ``path`` instead of the map's."""
        self._planned.attributes[attribute] = [output_name, *path]

    def refer_to(self, output_name: str) -> None:
        """``Ref`` to this resource reads ``output_name`` (another resource's output) instead."""
        self._planned.ref_target = output_name

    def set_computed_attribute(self, attribute: str, value: Any) -> None:
        """``Fn::GetAtt [this, attribute]`` becomes ``value``, a function over this resource's outputs."""
        self._planned.computed_attributes[attribute] = value

    def bootstrapped(self, aws_name: str) -> None:
        """``aws_name``'s cfn-init metadata now runs as a program: its metadata copy and the note go."""
        self._t.bootstrapped.add(aws_name)

    def complete_when(self, output_name: str) -> None:
        """Resources that depend on this one wait for ``output_name`` (its signals' wait condition)."""
        self._planned.ready = output_name
        self._t.waited_for.append(self.name)

    def update_policy_handled(self) -> None:
        """The handler translated the UpdatePolicy itself; the generic report about it is not needed."""
        self._planned.update_policy_handled = True

    @property
    def _planned(self) -> Planned:
        return self._t.plan[self.name]
