"""CB3040-CB3042: the server bootstrap (cfn-init, cfn-signal) on a stock cloud image."""

from cfnbridge.linting.rule import Rule


class BootstrapTranslated(Rule):
    """cfn-init metadata becomes a program cloud-init writes to the server and the user data
    runs where it called cfn-init; signals go to Heat wait conditions. Nothing to do, but
    worth knowing when reading the server's console log."""

    id = "CB3040"
    severity = "info"
    summary = "cfn-init runs as a cloud-init bootstrap"


class BootstrapUntranslated(Rule):
    """A part of the bootstrap that could not be translated: the server boots without the
    software or configuration cfn-init would have installed, or never signals the stack."""

    id = "CB3041"
    severity = "error"
    summary = "part of the server bootstrap not translated"


class BootstrapApproximated(Rule):
    """A bootstrap step runs, but not exactly as on AWS (cfn-hup is not there, a version or a
    timeout known only at deploy time)."""

    id = "CB3042"
    severity = "warning"
    summary = "server bootstrap step approximated"
