"""Each intrinsic is complete in one place: its class declares references, evaluation and both
translations (or marks one UNSUPPORTED), and defining a class is all it takes to add one."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

import cfnbridge
from cfnbridge import intrinsics as fn
from cfnbridge.intrinsics.base import FUNCTIONS, SHORT_TAGS, Intrinsic, no_references
from cfnbridge.references import Reference, all_references

REGISTERED = sorted({*FUNCTIONS.values(), fn.UnknownFunction}, key=lambda cls: cls.__name__)


def undeclared(cls: type[Intrinsic]) -> list[str]:
    """The operations ``cls`` neither implements nor marks UNSUPPORTED."""
    return [op for op in fn.OPERATIONS
            if not (getattr(cls, op, None) is fn.UNSUPPORTED or callable(getattr(cls, op, None)))]


@pytest.mark.parametrize("cls", REGISTERED, ids=lambda cls: cls.__name__)
def test_every_registered_function_declares_every_operation(cls: type[Intrinsic]) -> None:
    assert undeclared(cls) == []
    assert getattr(fn, cls.__name__) is cls  # importable as cfnbridge.intrinsics.<Name>
    call = fn.UnknownFunction("Fn::Nope", ["a"], 3, 4) if cls is fn.UnknownFunction else cls(["a"], 3, 4)
    copied = pickle.loads(pickle.dumps(call))  # a loaded value pickles, by class name
    assert copied == call and (copied.line, copied.column) == (3, 4)
    assert cls.references is not fn.UNSUPPORTED  # a walk must always know what a function names


def test_the_check_catches_a_function_left_half_done() -> None:
    class HalfDone(Intrinsic):  # no name: not registered, so the loader never builds it
        __slots__ = ()
        references = no_references
        to_hot = fn.UNSUPPORTED

        def evaluate(self, ev: Any) -> Any:
            return self.args

    assert undeclared(HalfDone) == ["to_native"]


def test_registry_is_what_the_loader_reads() -> None:
    assert fn.FUNCTIONS is FUNCTIONS and fn.SHORT_TAGS is SHORT_TAGS
    assert len(FUNCTIONS) == 29 and len(SHORT_TAGS) == 26
    assert all(cls.name == name for name, cls in FUNCTIONS.items())
    assert all(cls.short_tag == tag and FUNCTIONS[cls.name] is cls for tag, cls in SHORT_TAGS.items())
    with pytest.raises(TypeError, match="Fn::Join is defined twice"):
        type("Join2", (Intrinsic,), {"__slots__": (), "name": "Fn::Join"})
    assert FUNCTIONS["Fn::Join"] is fn.Join


SHOUT = """\
Parameters:
  Env: {Type: String, Default: dev}
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !TestShout Env
Outputs:
  Loud: {Value: {"Fn::TestShout": Env}}
"""


@pytest.fixture
def shout() -> Iterator[type[Intrinsic]]:
    """A made-up ``Fn::TestShout: Name`` (the parameter upper-cased), added the way a new function is."""

    class Shout(Intrinsic):  # defining the class registers it
        __slots__ = ()
        name = "Fn::TestShout"
        short_tag = "!TestShout"

        def references(self) -> Iterator[tuple[str, str, str | None]]:
            yield "Ref", self.args, None

        def evaluate(self, ev: Any) -> str:
            return ev.text(ev.resolve(fn.Ref(self.args, self.line, self.column)), self).upper()

        def to_hot(self, values: Any, path: Any, resource: str | None) -> Any:
            return {"yaql": {"expression": "$.data.upper()",
                             "data": values.value(fn.Ref(self.args, self.line, self.column), path, resource)}}

        to_native = fn.UNSUPPORTED

    try:
        yield Shout
    finally:
        del FUNCTIONS[Shout.name], SHORT_TAGS[Shout.short_tag]


def test_a_new_function_needs_only_its_class(shout: type[Intrinsic]) -> None:
    template = cfnbridge.load(SHOUT, filename="shout.yaml")
    value = template.resources["Bucket"].properties["BucketName"]
    assert isinstance(value, shout) and template.outputs["Loud"].value == shout("Env")

    assert [r for r in all_references(template) if r.target == "Env"] == [
        Reference("Ref", ("Resources", "Bucket"), "Env", None, ("Resources", "Bucket", "Properties", "BucketName")),
        Reference("Ref", ("Outputs", "Loud"), "Env", None, ("Outputs", "Loud", "Value")),
    ]
    assert cfnbridge.evaluate(template, value) == "DEV"
    assert cfnbridge.evaluate(template, value, parameters={"Env": "prod"}) == "PROD"

    hot = cfnbridge.translate(template, to="hot")
    written = yaml.safe_load(hot.to_yaml())
    assert written["outputs"]["Loud"]["value"] == {"yaql": {"expression": "$.data.upper()",
                                                            "data": {"get_param": "Env"}}}

    native = cfnbridge.translate(template, to="native")
    (gap,) = [g for g in native.gaps if g.path == ("Outputs", "Loud", "Value")]
    assert (gap.code, gap.severity, gap.location.line) == ("unsupported-function", "error", 9)
    assert gap.message.startswith("Fn::TestShout cannot be expressed for Heat (parameter 'Env' is chosen")
    # Heat cannot run it: the output goes, said where it was, rather than being written raw
    assert "Outputs" not in yaml.safe_load(native.to_yaml())
    assert ("output-removed", 9) in {(g.code, g.location.line) for g in native.gaps}


CIDRS = """\
Parameters:
  Block: {Type: String}
Resources:
  Net: {Type: AWS::EC2::VPC}
Outputs:
  First: {Value: !Select [0, !Cidr [!Ref Block, 2, 8]]}
  Macro: {Value: !Transform {Name: M}}
  Fixed: {Value: !Cidr [10.0.0.0/16, 1, 8]}
"""


def test_unsupported_evaluation_and_translation_are_located() -> None:
    template = cfnbridge.load(CIDRS, filename="cidr.yaml")
    undecided = cfnbridge.evaluate(template, template.outputs["Macro"].value)
    assert undecided.reason == "Fn::Transform cannot be evaluated before deployment"
    assert (undecided.location.line, undecided.location.column) == (7, 18)

    hot = cfnbridge.translate(template, to="hot")
    assert {(g.code, g.location.line, g.location.column) for g in hot.gaps} == {
        ("unsupported-function", 6, 18), ("transform", 7, 18), ("function-evaluated", 8, 18),
        ("output-removed", 6, 10), ("output-removed", 7, 10)}
    outputs = yaml.safe_load(hot.to_yaml())["outputs"]
    assert outputs == {"Fixed": {"value": ["10.0.0.0/24"]}}  # the other two would hold CloudFormation syntax
