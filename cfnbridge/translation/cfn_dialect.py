"""Heat's CloudFormation dialect: how the neutral plan is written for Heat's own AWS-style templates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.evaluation import as_text
from cfnbridge.gap_codes import CONDITION_VALUE, CONDITIONAL_ITEM
from cfnbridge.translation.dialect import CFN_TYPES, IP_ADDRESS_PATTERN, RESOURCE_KEYS, Dialect, Path

if TYPE_CHECKING:
    from cfnbridge.translation.engine import Translator
    from cfnbridge.translation.values import Values

# The functions Heat's CloudFormation dialect implements (heat/engine/cfn/functions.py).
_HEAT_CFN_FUNCTIONS = frozenset({"Fn::GetAtt", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::Replace", "Fn::Base64",
                                 "Fn::FindInMap", "Fn::GetAZs", "Fn::If", "Fn::MemberListToMap", "Fn::ResourceFacade",
                                 "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or"})


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

    def text(self, pieces: list[Any]) -> Any:
        merged: list[Any] = []
        for piece in pieces:
            if isinstance(piece, str) and merged and isinstance(merged[-1], str):
                merged[-1] += piece
            elif piece != "":
                merged.append(piece)
        if len(merged) == 1 and isinstance(merged[0], str):
            return merged[0]
        return {"Fn::Join": ["", merged]}

    def stack_id(self) -> Any:
        return {"Ref": "AWS::StackId"}

    def stack_name(self) -> Any:
        return {"Ref": "AWS::StackName"}

    def equals(self, left: Any, right: Any) -> Any:
        return {"Fn::Equals": [left, right]}

    def logic(self, kind: str, items: list[Any]) -> Any:
        return {f"Fn::{kind.title()}": items}

    def in_condition(self, t: Translator, value: Any, path: Path) -> Any:
        """Heat's CFN conditions read parameters and mappings only (Ref, Fn::FindInMap): a value that
        needs more (a Select over a Split) cannot be computed there and becomes a parameter."""
        if not _uses_other_functions(value):
            return value
        name = path[-1] if path and isinstance(path[-1], str) else "Condition"
        t.gap(CONDITION_VALUE, path, None, "Heat's CFN dialect cannot compute this value inside a "
              f"condition; it became the parameter '{name}Value'", "give the value when deploying, or use --to hot")
        return t.add_parameter(f"{name}Value", {"type": "string", "description": f"the value condition {name} "
                                                "compares (Heat's CFN dialect cannot compute it)"})

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

        t.gap(CONDITIONAL_ITEM, path, resource,
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
        return {cfn: body[hot] for hot, cfn in RESOURCE_KEYS if hot in body} | {
            k: v for k, v in body.items() if k not in dict(RESOURCE_KEYS)}

    def parameter(self, spec: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"Type": CFN_TYPES[spec["type"]]}
        if "description" in spec:
            out["Description"] = spec["description"]
        if "default" in spec:
            default = spec["default"]
            out["Default"] = ",".join(as_text(item) for item in default) if isinstance(default, list) else default
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


def _uses_other_functions(value: Any) -> bool:
    if isinstance(value, list):
        return any(_uses_other_functions(item) for item in value)
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)) not in ("Ref", "Fn::FindInMap") and str(next(iter(value))).startswith(
                ("Fn::", "Ref")):
            return True
        return any(_uses_other_functions(item) for item in value.values())
    return False
