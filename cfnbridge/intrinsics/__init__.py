"""CloudFormation intrinsic functions as classes, one per function, each complete in one place.

The loader builds these directly, from the long form (``{"Fn::Join": [...]}``) and from
the short tags (``!Join [...]``) alike, so the rest of cfnbridge never inspects raw dicts
to find a function. Each class's docstring shows the forms it accepts, and the class
carries what cfnbridge knows of the function (see :mod:`cfnbridge.intrinsics.base`):
``references``, ``evaluate``, ``to_hot`` and ``to_native``. ``FUNCTIONS`` maps long-form
names to classes and ``SHORT_TAGS`` maps YAML tags to the same classes; a ``Fn::`` name
that is not in the table becomes :class:`UnknownFunction`, so translation and lint can
report it with its position instead of passing it through unseen.

To add a function: define its class in the family module it belongs to, with the four
operations (``UNSUPPORTED`` where there is no answer); defining it registers it. Import it
here so that ``intrinsics.Name`` finds it. ``tests/test_intrinsics.py`` fails until every
operation is declared and every registered class is importable from here.
"""

from __future__ import annotations

from cfnbridge.intrinsics.base import (
    FUNCTIONS,
    NO_VALUE,
    OPERATIONS,
    PSEUDO_PARAMETERS,
    SHORT_TAGS,
    UNSUPPORTED,
    Intrinsic,
    Undecided,
    as_text,
    walk,
)
from cfnbridge.intrinsics.conditions import And, Condition, Equals, If, Not, Or
from cfnbridge.intrinsics.lookups import FindInMap, GetAZs, ImportValue, Transform
from cfnbridge.intrinsics.others import (
    Contains,
    EachMemberEquals,
    EachMemberIn,
    MemberListToMap,
    RefAll,
    ResourceFacade,
    UnknownFunction,
    ValueOf,
    ValueOfAll,
)
from cfnbridge.intrinsics.refs import GetAtt, Ref, Sub
from cfnbridge.intrinsics.text import Base64, Cidr, Join, Length, Replace, Select, Split, ToJsonString

__all__ = [
    "FUNCTIONS", "NO_VALUE", "OPERATIONS", "PSEUDO_PARAMETERS", "SHORT_TAGS",
    "UNSUPPORTED", "And", "Base64", "Cidr", "Condition", "Contains", "EachMemberEquals", "EachMemberIn",
    "Equals", "FindInMap", "GetAZs", "GetAtt", "If", "ImportValue", "Intrinsic", "Join", "Length",
    "MemberListToMap", "Not", "Or", "Ref", "RefAll", "Replace", "ResourceFacade", "Select", "Split", "Sub",
    "ToJsonString", "Transform", "Undecided", "UnknownFunction", "ValueOf", "ValueOfAll", "as_text", "walk",
]
