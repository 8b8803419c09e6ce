"""The public API stays small and deliberate: names are added here on purpose, not by accident."""

import cfnbridge


def test_exported_names() -> None:
    assert sorted(cfnbridge.__all__) == sorted([
        "CfnBridgeError", "CycleError", "DeployError", "DuplicateKeyError", "ErrorGroup", "InputError",
        "LimitError", "LoadError", "Location", "Template", "TemplateError", "UndefinedReferenceError",
        "UnknownTagError", "__version__", "build_graph", "evaluate", "load",
    ])
    for name in cfnbridge.__all__:
        assert hasattr(cfnbridge, name), name


def test_all_errors_share_one_base() -> None:
    for name in cfnbridge.__all__:
        value = getattr(cfnbridge, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, cfnbridge.CfnBridgeError), name
