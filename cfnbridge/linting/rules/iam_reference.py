"""CB3108: translated resources that rely on IAM."""

from collections.abc import Iterator

from cfnbridge.linting.diagnostic import Diagnostic
from cfnbridge.linting.rule import LintContext, Rule

IAM_PROPERTIES = frozenset({"IamInstanceProfile", "Role", "RoleArn", "ServiceRole", "ServiceRoleArn",
                            "ExecutionRoleArn", "TaskRoleArn", "InstanceProfileArn", "ManagedPolicyArns"})


class IamReference(Rule):
    """AWS grants permissions to resources through IAM roles and instance profiles. OpenStack
    has no instance roles: a server that used its role to call AWS APIs gets no credentials,
    and Keystone application credentials or trusts must be set up instead."""

    id = "CB3108"
    severity = "warning"
    summary = "Resource relies on IAM"

    def check(self, ctx: LintContext) -> Iterator[Diagnostic]:
        if not ctx.mentions("AWS::IAM::", "Role", "InstanceProfile", "PolicyArns"):
            return
        resources = ctx.template.resources
        reported: set[tuple] = set()
        for name, resource in resources.items():
            if not ctx.translated(name) or not isinstance(resource.properties, dict):
                continue
            for key in resource.properties:
                if key in IAM_PROPERTIES:
                    path = ("Resources", name, "Properties", key)
                    reported.add(path)
                    yield ctx.report(self, path, f"{key} gives {name} AWS IAM permissions; OpenStack has no "
                                     "instance roles", "use Keystone application credentials or trusts",
                                     of_key=True)
        for ref in ctx.references():
            target = resources.get(ref.target)  # asked first: few references are to IAM resources
            if target is None or not target.type.startswith("AWS::IAM::") or ref.kind == "DependsOn":
                continue
            if ref.source[0] != "Resources" or not ctx.translated(ref.source[1]):
                continue
            if ref.path[:4] in reported:  # inside an IAM property already reported (paths of 4 steps)
                continue
            yield ctx.report(self, ref.path, f"refers to {ref.target} ({target.type}); IAM has no OpenStack "
                             "counterpart", "use Keystone application credentials or trusts")
