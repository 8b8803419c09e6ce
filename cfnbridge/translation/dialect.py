"""How the output is spelt: HOT, or the CloudFormation dialect Heat runs natively.

The engine, the sections and the handlers build one neutral plan: resource bodies with
HOT's keys (``type``, ``properties``, ``depends_on`` …), parameter specs as HOT writes them,
outputs as ``{description, value, condition}``. A :class:`Dialect` writes that plan out,
and is the only place that knows how a function, a section or a key is spelt, and what
the dialect can and cannot say (Heat's CFN dialect cannot drop a list item, cannot name a
condition inside another, and joins only strings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.gap_codes import CONDITIONAL_ITEM, NOVALUE

if TYPE_CHECKING:
    from cfnbridge.translation.engine import Translator
    from cfnbridge.translation.values import Values

Path = tuple[Any, ...]
# Resource keys in the order both dialects write them, neutral (HOT) spelling first.
_RESOURCE_KEYS = (("type", "Type"), ("condition", "Condition"), ("depends_on", "DependsOn"),
                  ("deletion_policy", "DeletionPolicy"), ("metadata", "Metadata"),
                  ("update_policy", "UpdatePolicy"), ("properties", "Properties"))
HOT_TYPES = {"String": "string", "Number": "number", "CommaDelimitedList": "comma_delimited_list",
             "Json": "json", "Boolean": "boolean"}
_CFN_TYPES = {hot: cfn for cfn, hot in HOT_TYPES.items()}
# The functions Heat's CloudFormation dialect implements (heat/engine/cfn/functions.py).
_HEAT_CFN_FUNCTIONS = frozenset({"Fn::GetAtt", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::Replace", "Fn::Base64",
                                 "Fn::FindInMap", "Fn::GetAZs", "Fn::If", "Fn::MemberListToMap", "Fn::ResourceFacade",
                                 "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or"})
IP_ADDRESS_PATTERN = r"(\d{1,3}\.){3}\d{1,3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*"


class Dialect:
    """Spellings and abilities of one output dialect."""

    name = ""
    keeps_heat_aws_types = False  # AWS types Heat implements stay as they are
    joins_number_parameters = True  # a Number parameter may stand inside a join
    names_conditions = True  # a condition may refer to another by name
    keeps_mappings = False  # the Mappings section is written out (else FindInMap reads a json parameter)

    # -- functions ---------------------------------------------------------------------------------
    def get_param(self, name: str, *path: Any) -> Any:
        raise NotImplementedError

    def get_resource(self, name: str) -> Any:
        raise NotImplementedError

    def get_attr(self, name: str, attribute: str, *path: Any) -> Any:
        raise NotImplementedError

    def join(self, delimiter: str, items: list[Any]) -> Any:
        raise NotImplementedError

    def select(self, index: int, value: Any) -> Any:
        """Item ``index`` of a list known only at deploy time."""
        raise NotImplementedError

    def if_(self, condition: str, when_true: Any, when_false: Any) -> Any:
        raise NotImplementedError

    def concat(self, lists: list[Any]) -> Any:
        """Lists known only at deploy time, joined into one; None where the dialect cannot."""
        return None

    def stack_id(self) -> Any:
        raise NotImplementedError

    def stack_name(self) -> Any:
        raise NotImplementedError

    def project_id(self) -> Any:
        """The OpenStack project (AWS::AccountId's nearest meaning), or None where the dialect has none."""
        return None

    def equals(self, left: Any, right: Any) -> Any:
        raise NotImplementedError

    def logic(self, kind: str, items: list[Any]) -> Any:
        """``kind`` is "and", "or" or "not" (which takes one item)."""
        raise NotImplementedError

    def optional(self, t: Translator, condition: str, when_true: Any, when_false: Any, path: Path,
                 resource: str | None) -> Any:
        """A value present under one branch of a condition only (the other is MISSING)."""
        raise NotImplementedError

    def optional_item(self, t: Translator, condition: str, item: Any, present_when_true: bool, path: Path,
                      resource: str | None) -> Any:
        """A list item present only when ``condition`` is true (or false)."""
        from cfnbridge.translation.values import MISSING

        when_true, when_false = (item, MISSING) if present_when_true else (MISSING, item)
        return self.optional(t, condition, when_true, when_false, path, resource)

    def value_translator(self, t: Translator) -> Values:
        raise NotImplementedError

    def reference(self, function: Any, args: Any) -> tuple[str, str, str | None] | None:
        """What ``{function: args}`` refers to: ("resource" | "parameter" | "condition", name, attribute)."""
        raise NotImplementedError

    def is_pseudo(self, name: str) -> bool:
        """Whether ``name`` is a parameter Heat itself provides in this dialect."""
        raise NotImplementedError

    def foreign(self, key: Any) -> bool:
        """Whether a one-key mapping ``{key: ...}`` is a function this dialect cannot run."""
        raise NotImplementedError

    # -- sections --------------------------------------------------------------------------------------
    def resource(self, body: dict[str, Any]) -> dict[str, Any]:
        """A neutral resource body, written in this dialect's keys and order."""
        raise NotImplementedError

    def parameter(self, spec: dict[str, Any]) -> dict[str, Any]:
        """A parameter spec given in HOT's spelling, written in this dialect."""
        raise NotImplementedError

    def output(self, spec: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def document(self, t: Translator, parameters: dict[str, Any], conditions: dict[str, Any],
                 resources: dict[str, Any], outputs: dict[str, Any]) -> dict[str, Any]:
        """The whole template, sections in the order Heat's own examples use."""
        raise NotImplementedError


class Hot(Dialect):
    """HOT: ``get_param``, ``get_resource``, ``get_attr``, ``list_join``, ``if`` and lower-case keys."""

    name = "hot"

    def get_param(self, name: str, *path: Any) -> Any:
        return {"get_param": [name, *path] if path else name}

    def get_resource(self, name: str) -> Any:
        return {"get_resource": name}

    def get_attr(self, name: str, attribute: str, *path: Any) -> Any:
        return {"get_attr": [name, attribute, *path]}

    def join(self, delimiter: str, items: list[Any]) -> Any:
        return {"list_join": [delimiter, items]}

    def concat(self, lists: list[Any]) -> Any:
        return {"list_concat": lists}

    def select(self, index: int, value: Any) -> Any:
        if isinstance(value, dict) and len(value) == 1:
            (function, arguments), = value.items()
            if function in ("get_param", "get_attr"):
                return {function: [*(arguments if isinstance(arguments, list) else [arguments]), index]}
        return {"yaql": {"expression": f"$.data[{index}]", "data": value}}

    def if_(self, condition: str, when_true: Any, when_false: Any) -> Any:
        return {"if": [condition, when_true, when_false]}

    def stack_id(self) -> Any:
        return self.get_param("OS::stack_id")

    def stack_name(self) -> Any:
        return self.get_param("OS::stack_name")

    def project_id(self) -> Any:
        return self.get_param("OS::project_id")

    def equals(self, left: Any, right: Any) -> Any:
        return {"equals": [left, right]}

    def logic(self, kind: str, items: list[Any]) -> Any:
        return {kind: items[0] if kind == "not" else items}

    def optional(self, t: Translator, condition: str, when_true: Any, when_false: Any, path: Path,
                 resource: str | None) -> Any:
        """HOT 2021-04-16's 2-argument ``if`` drops the enclosing item; the false side needs a negation."""
        from cfnbridge.translation.values import MISSING

        if t.options.hot_version < "2021-04-16":
            t.gap(NOVALUE, "warning", path, resource,
                  f"AWS::NoValue needs HOT 2021-04-16; with {t.options.hot_version} it became null",
                  "use --hot-version 2021-04-16")
            return self.if_(condition, None if when_true is MISSING else when_true,
                            None if when_false is MISSING else when_false)
        if when_false is MISSING:
            return {"if": [condition, when_true]}
        return {"if": [t.negated_condition(condition), when_false]}

    def value_translator(self, t: Translator) -> Values:
        from cfnbridge.translation.values import HotValues

        return HotValues(t)

    def reference(self, function: Any, args: Any) -> tuple[str, str, str | None] | None:
        if function == "get_resource" and isinstance(args, str):
            return "resource", args, None
        if function == "get_attr" and isinstance(args, list) and args and isinstance(args[0], str):
            return "resource", args[0], args[1] if len(args) > 1 and isinstance(args[1], str) else None
        if function == "get_param":
            name = args[0] if isinstance(args, list) and args else args
            return ("parameter", name, None) if isinstance(name, str) else None
        if function == "if" and isinstance(args, list) and args and isinstance(args[0], str):
            return "condition", args[0], None
        return None

    def is_pseudo(self, name: str) -> bool:
        return name in ("OS::stack_name", "OS::stack_id", "OS::project_id")

    def foreign(self, key: Any) -> bool:
        return isinstance(key, str) and (key.startswith("Fn::") or key in ("Ref", "Condition"))

    def resource(self, body: dict[str, Any]) -> dict[str, Any]:
        known = [hot for hot, _ in _RESOURCE_KEYS]
        return {**{key: body[key] for key in known if key in body}, **{k: v for k, v in body.items() if k not in known}}

    def parameter(self, spec: dict[str, Any]) -> dict[str, Any]:
        return spec

    def output(self, spec: dict[str, Any]) -> dict[str, Any]:
        return spec

    def document(self, t: Translator, parameters: dict[str, Any], conditions: dict[str, Any],
                 resources: dict[str, Any], outputs: dict[str, Any]) -> dict[str, Any]:
        document: dict[str, Any] = {"heat_template_version": t.options.hot_version}
        if t.template.description is not None:
            document["description"] = t.template.description
        if parameters:
            document["parameters"] = parameters
        if conditions:
            document["conditions"] = conditions
        document["resources"] = resources
        if outputs:
            document["outputs"] = outputs
        return document


class Native(Dialect):
    """Heat's CloudFormation dialect: ``Ref``, ``Fn::GetAtt``, ``Fn::Join``, ``Fn::If``, capitalised keys.

    Heat's ``Fn::GetAtt`` takes exactly a resource and an attribute, so a deeper path
    becomes ``Fn::Select`` around it, one level per step.
    """

    name = "native"
    keeps_heat_aws_types = True
    joins_number_parameters = False  # Heat's Fn::Join refuses numbers
    names_conditions = False  # Heat's CFN dialect has no {"Condition": name}
    keeps_mappings = True

    def get_param(self, name: str, *path: Any) -> Any:
        value: Any = {"Ref": name}
        for step in path:
            value = {"Fn::Select": [step, value]}
        return value

    def get_resource(self, name: str) -> Any:
        return {"Ref": name}

    def get_attr(self, name: str, attribute: str, *path: Any) -> Any:
        value: Any = {"Fn::GetAtt": [name, attribute]}
        for step in path:
            value = {"Fn::Select": [step, value]}
        return value

    def join(self, delimiter: str, items: list[Any]) -> Any:
        return {"Fn::Join": [delimiter, items]}

    def select(self, index: int, value: Any) -> Any:
        return {"Fn::Select": [index, value]}

    def if_(self, condition: str, when_true: Any, when_false: Any) -> Any:
        return {"Fn::If": [condition, when_true, when_false]}

    def stack_id(self) -> Any:
        return {"Ref": "AWS::StackId"}

    def stack_name(self) -> Any:
        return {"Ref": "AWS::StackName"}

    def equals(self, left: Any, right: Any) -> Any:
        return {"Fn::Equals": [left, right]}

    def logic(self, kind: str, items: list[Any]) -> Any:
        return {f"Fn::{kind.title()}": items}

    def optional(self, t: Translator, condition: str, when_true: Any, when_false: Any, path: Path,
                 resource: str | None) -> Any:
        """Heat treats a null property as not set."""
        from cfnbridge.translation.values import MISSING

        return self.if_(condition, None if when_true is MISSING else when_true,
                        None if when_false is MISSING else when_false)

    def optional_item(self, t: Translator, condition: str, item: Any, present_when_true: bool, path: Path,
                      resource: str | None) -> Any:
        """A null list item stays in the list here, so the item is left out: the safe side."""
        from cfnbridge.translation.values import MISSING

        t.gap(CONDITIONAL_ITEM, "warning", path, resource,
              "a conditional list item was left out: Heat's CFN dialect cannot drop a list item",
              "translate with --to hot")
        return MISSING

    def value_translator(self, t: Translator) -> Values:
        from cfnbridge.translation.values import NativeValues

        return NativeValues(t)

    def reference(self, function: Any, args: Any) -> tuple[str, str, str | None] | None:
        if function == "Ref" and isinstance(args, str):
            return "parameter", args, None  # a parameter or a resource: both names are checked
        if function == "Fn::GetAtt" and isinstance(args, list) and args and isinstance(args[0], str):
            return "resource", args[0], args[1] if len(args) > 1 and isinstance(args[1], str) else None
        if function == "Fn::If" and isinstance(args, list) and args and isinstance(args[0], str):
            return "condition", args[0], None
        return None

    def is_pseudo(self, name: str) -> bool:
        return name in ("AWS::StackName", "AWS::StackId", "AWS::Region")

    def foreign(self, key: Any) -> bool:
        return isinstance(key, str) and (
            key == "Condition" or key.startswith("Fn::") and key not in _HEAT_CFN_FUNCTIONS)

    def resource(self, body: dict[str, Any]) -> dict[str, Any]:
        return {cfn: body[hot] for hot, cfn in _RESOURCE_KEYS if hot in body} | {
            k: v for k, v in body.items() if k not in dict(_RESOURCE_KEYS)}

    def parameter(self, spec: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"Type": _CFN_TYPES[spec["type"]]}
        if "description" in spec:
            out["Description"] = spec["description"]
        if "default" in spec:
            default = spec["default"]
            out["Default"] = ",".join(default) if isinstance(default, list) else default
        if spec.get("hidden"):
            out["NoEcho"] = True
        for constraint in spec.get("constraints", ()):
            if "allowed_values" in constraint:
                out["AllowedValues"] = constraint["allowed_values"]
            if "allowed_pattern" in constraint:
                out["AllowedPattern"] = constraint["allowed_pattern"]
            if constraint.get("custom_constraint") == "ip_addr":
                out["AllowedPattern"] = IP_ADDRESS_PATTERN
            for bound, key in (("min", "Min"), ("max", "Max")):
                if bound in constraint.get("length", {}):
                    out[f"{key}Length"] = constraint["length"][bound]
                if bound in constraint.get("range", {}):
                    out[f"{key}Value"] = constraint["range"][bound]
            if "description" in constraint:
                out.setdefault("ConstraintDescription", constraint["description"])
        return out

    def output(self, spec: dict[str, Any]) -> dict[str, Any]:
        return {key.title(): value for key, value in spec.items()}

    def document(self, t: Translator, parameters: dict[str, Any], conditions: dict[str, Any],
                 resources: dict[str, Any], outputs: dict[str, Any]) -> dict[str, Any]:
        from cfnbridge.nodes import to_plain

        template = t.template
        version_key = "HeatTemplateFormatVersion" if "HeatTemplateFormatVersion" in template.root else \
            "AWSTemplateFormatVersion"
        document: dict[str, Any] = {version_key: template.format_version or "2010-09-09"}
        if template.description is not None:
            document["Description"] = template.description
        if parameters:
            document["Parameters"] = parameters
        if template.mappings:
            document["Mappings"] = to_plain(template.mappings)
        if conditions:
            document["Conditions"] = conditions
        document["Resources"] = resources
        if outputs:
            document["Outputs"] = outputs
        return document


HOT = Hot()
NATIVE = Native()
DIALECTS: dict[str, Dialect] = {HOT.name: HOT, NATIVE.name: NATIVE}
