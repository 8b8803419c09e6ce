"""The public API stays small and deliberate: names are added here on purpose, not by accident."""

import cfnbridge


def test_exported_names() -> None:
    assert sorted(cfnbridge.__all__) == sorted([
        "CfnBridgeError", "CycleError", "DeployError", "DuplicateKeyError", "ErrorGroup", "InputError",
        "LimitError", "LoadError", "Location", "Template", "TemplateError", "UndefinedReferenceError",
        "UnknownTagError", "__version__", "build_graph", "evaluate", "load",
        "translate", "Translation", "lint", "LintResult", "deploy", "DeployResult",
    ])
    for name in cfnbridge.__all__:
        assert hasattr(cfnbridge, name), name


def test_verbs_are_functions_not_modules() -> None:
    """The packages are named translation/linting/deployment so these stay callable."""
    import cfnbridge.deployment  # noqa: F401
    import cfnbridge.evaluation  # noqa: F401
    import cfnbridge.linting  # noqa: F401
    import cfnbridge.translation  # noqa: F401

    for name in ("translate", "lint", "deploy", "load", "build_graph", "evaluate"):
        assert callable(getattr(cfnbridge, name)), name
    result = cfnbridge.translate("Resources: {B: {Type: 'AWS::S3::Bucket'}}")
    assert isinstance(result, cfnbridge.Translation)
    assert result.template["resources"]["B"]["type"] == "OS::Swift::Container"


def test_all_errors_share_one_base() -> None:
    for name in cfnbridge.__all__:
        value = getattr(cfnbridge, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, cfnbridge.CfnBridgeError), name
