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

if TYPE_CHECKING:
    from cfnbridge.translation.engine import Translator
    from cfnbridge.translation.values import Values

Path = tuple[Any, ...]
# Resource keys in the order both dialects write them, neutral (HOT) spelling first.
RESOURCE_KEYS = (("type", "Type"), ("condition", "Condition"), ("depends_on", "DependsOn"),
                  ("deletion_policy", "DeletionPolicy"), ("metadata", "Metadata"),
                  ("update_policy", "UpdatePolicy"), ("properties", "Properties"))
HOT_TYPES = {"String": "string", "Number": "number", "CommaDelimitedList": "comma_delimited_list",
             "Json": "json", "Boolean": "boolean"}
CFN_TYPES = {hot: cfn for cfn, hot in HOT_TYPES.items()}
IP_ADDRESS_PATTERN = r"(\d{1,3}\.){3}\d{1,3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*"


class Dialect:
    """Spellings and abilities of one output dialect."""

    name = ""
    keeps_heat_aws_types = False  # AWS types Heat implements stay as they are
    joins_number_parameters = True  # a Number parameter may stand inside a join
    names_conditions = True  # a condition may refer to another by name
    keeps_mappings = False  # the Mappings section is written out (else FindInMap reads a json parameter)
    default_bootstrap = "heat-cfntools"  # how servers run cfn-init unless --bootstrap says (Heat's own types)
    joins_maps_as_json = False  # a join writes a map or list item as JSON (HOT's list_join does)

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

    # -- text with deploy-time values in it (scripts) ----------------------------------------------
    def text_parts(self, value: Any) -> list[Any] | None:
        """A text value as its pieces in order, literal ``str`` or deploy-time values; None if unknown.

        Joins (the dialect's ``join`` spelling, nested ones too) are spelt out; any other function
        is one deploy-time piece, unless the dialect reads it as text itself (``_function_parts``).
        """
        if isinstance(value, str):
            return [value]
        if not isinstance(value, dict) or len(value) != 1:
            return None
        (function, args), = value.items()
        join = next(iter(self.join("", [])))  # list_join, Fn::Join: the dialect's own spelling
        if function == join and isinstance(args, list) and len(args) == 2 and isinstance(args[0], str) \
                and isinstance(args[1], list):
            out: list[Any] = []
            for index, item in enumerate(args[1]):
                if index and args[0]:
                    out.append(args[0])
                nested = self.text_parts(item) if isinstance(item, dict) and function in item else None
                out.extend(nested if nested is not None else [item])
            return out
        return self._function_parts(function, args) or [value]

    def _function_parts(self, function: str, args: Any) -> list[Any] | None:
        """Pieces of a text function other than a join the dialect spells out (none by default)."""
        return None

    def text(self, pieces: list[Any]) -> Any:
        """Pieces (literal text and deploy-time values) as one text value."""
        raise NotImplementedError

    def branches(self, value: Any) -> tuple[str, Any, Any] | None:
        """``(condition, when_true, when_false)`` of a value chosen by a condition, else None."""
        if isinstance(value, dict) and len(value) == 1:
            (function, args), = value.items()
            if function == next(iter(self.if_("", None, None))) and isinstance(args, list) and len(args) == 3 \
                    and isinstance(args[0], str):
                return args[0], args[1], args[2]
        return None

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

    def in_condition(self, t: Translator, value: Any, path: Path) -> Any:
        """A value rewritten with the functions a condition may use."""
        return value

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
