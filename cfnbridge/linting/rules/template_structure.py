"""CB1001: the document parses but is not a usable CloudFormation template."""

from cfnbridge.linting.results import STRUCTURE_ERROR
from cfnbridge.linting.rule import Rule


class TemplateStructure(Rule):
    """The document parsed, but CloudFormation itself would refuse it: no Resources section, a
    resource without a Type, an unknown top-level section, an undefined reference. Heat refuses
    the same template, so this is fixed first."""

    id = STRUCTURE_ERROR
    severity = "error"
    summary = "Not a valid CloudFormation template"
