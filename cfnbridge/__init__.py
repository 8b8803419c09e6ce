"""cfnbridge: one CloudFormation template, for AWS and for OpenStack Heat.

The public API is the names in ``__all__``; everything else is internal. Heavy
dependencies (networkx, boto3, heatclient) load only when the function needing them runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cfnbridge.errors import (
    CfnBridgeError,
    CycleError,
    DeployError,
    DuplicateKeyError,
    ErrorGroup,
    InputError,
    LimitError,
    LoadError,
    Location,
    TemplateError,
    UndefinedReferenceError,
    UnknownTagError,
)

if TYPE_CHECKING:
    from cfnbridge.deployment import deploy
    from cfnbridge.graph import DependencyGraph
    from cfnbridge.linting import LintResult, lint
    from cfnbridge.targets.base import DeployResult
    from cfnbridge.template import Template, load
    from cfnbridge.translation import Translation, translate

# Loaded on first use, so that ``cfnbridge --version`` does not pay for YAML, the
# translator or boto3. The modules are named by the noun (translation, linting,
# deployment) so that the verbs here never collide with a submodule's name.
_LAZY = {
    "Template": "cfnbridge.template", "load": "cfnbridge.template",
    "translate": "cfnbridge.translation", "Translation": "cfnbridge.translation",
    "lint": "cfnbridge.linting", "LintResult": "cfnbridge.linting",
    "deploy": "cfnbridge.deployment", "DeployResult": "cfnbridge.targets.base",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cfnbridge' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value

__version__ = "0.1.0"

__all__ = [
    "CfnBridgeError",
    "DeployResult",
    "LintResult",
    "Translation",
    "CycleError",
    "DeployError",
    "DuplicateKeyError",
    "ErrorGroup",
    "InputError",
    "LimitError",
    "LoadError",
    "Location",
    "Template",
    "TemplateError",
    "UndefinedReferenceError",
    "UnknownTagError",
    "__version__",
    "build_graph",
    "deploy",
    "evaluate",
    "lint",
    "load",
    "translate",
]


def build_graph(template: Template | str, *, strict: bool = True) -> DependencyGraph:
    """The resource dependency graph of ``template`` (a Template, a path or text).

    With ``strict`` (the default), undefined references and cycles raise located errors.
    """
    from cfnbridge.graph import build
    from cfnbridge.template import Template, load

    if not isinstance(template, Template):
        template = load(template)
    return build(template, strict=strict)


def evaluate(template: Template, value: Any, **context: Any) -> Any:
    """Statically evaluate ``value`` (a piece of ``template``) given parameters and a region.

    Returns the value, or an :class:`cfnbridge.evaluation.Undecided` naming why it cannot be
    known before deployment. Context keys: ``parameters``, ``region``, ``account_id``,
    ``stack_name``, ``availability_zones``.
    """
    from cfnbridge.evaluation import Evaluator

    return Evaluator(template, **context).value(value)
