"""How functions are written in each output dialect: HOT, or Heat's CloudFormation.

The engine and the handlers build values through a :class:`Dialect`, never by writing
function dicts themselves, so one handler serves both ``--to hot`` and ``--to native``.
"""

from __future__ import annotations

from typing import Any


class Dialect:
    """Function spellings for one output dialect."""

    name = ""

    def get_param(self, name: str, *path: Any) -> Any:
        raise NotImplementedError

    def get_resource(self, name: str) -> Any:
        raise NotImplementedError

    def get_attr(self, name: str, attribute: str, *path: Any) -> Any:
        raise NotImplementedError

    def join(self, delimiter: str, items: list[Any]) -> Any:
        raise NotImplementedError

    def if_(self, condition: str, when_true: Any, when_false: Any) -> Any:
        raise NotImplementedError


class Hot(Dialect):
    """HOT: ``get_param``, ``get_resource``, ``get_attr``, ``list_join``, ``if``."""

    name = "hot"

    def get_param(self, name: str, *path: Any) -> Any:
        return {"get_param": [name, *path] if path else name}

    def get_resource(self, name: str) -> Any:
        return {"get_resource": name}

    def get_attr(self, name: str, attribute: str, *path: Any) -> Any:
        return {"get_attr": [name, attribute, *path]}

    def join(self, delimiter: str, items: list[Any]) -> Any:
        return {"list_join": [delimiter, items]}

    def if_(self, condition: str, when_true: Any, when_false: Any) -> Any:
        return {"if": [condition, when_true, when_false]}


class Native(Dialect):
    """Heat's CloudFormation dialect: ``Ref``, ``Fn::GetAtt``, ``Fn::Join``, ``Fn::If``.

    Heat's ``Fn::GetAtt`` takes exactly a resource and an attribute, so a deeper path
    becomes ``Fn::Select`` around it, one level per step.
    """

    name = "native"

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

    def if_(self, condition: str, when_true: Any, when_false: Any) -> Any:
        return {"Fn::If": [condition, when_true, when_false]}


HOT = Hot()
NATIVE = Native()
