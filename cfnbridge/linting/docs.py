"""docs/rules.md, written from the rule classes so the documentation cannot drift."""

from __future__ import annotations

from cfnbridge.linting.registry import RULE_CLASSES, family, gap_codes_of

# Where docs/rules.md is published; SARIF's helpUri points at its anchors (#cb3001).
RULES_URL = "https://github.com/cfnbridge/cfnbridge/blob/main/docs/rules.md"
CFN_LINT_RULES_URL = "https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md"


def rule_url(rule_id: str) -> str:
    """The documentation anchor of a rule (cfn-lint's own page for its ids)."""
    if rule_id.startswith("CB"):
        return f"{RULES_URL}#{rule_id.lower()}"
    return CFN_LINT_RULES_URL

_HEADER = """# cfnbridge lint rules

Generated from the rule classes in `cfnbridge/linting/rules/` by `python tools/gen_rules_doc.py`;
do not edit by hand. Suppress a rule for the whole project in `.cfnbridge.yaml`
(`ignore: [CB3001]`), on the command line (`--ignore CB3001`), or for one resource with
`Metadata: {cfnbridge: {ignore: [CB3001]}}`. A gap code works in the same places
(`--ignore export`); names are matched in any case, and an unknown one is refused.
`--select` reports only the rules or gap codes named.

The CB0xxx rules check the AWS template itself against AWS's resource provider schemas
(`resource_maps/aws_schemas.json`): what they find, CloudFormation would refuse, and the
migration advice about the same spot is left out until it is fixed.

Each rule has one severity, everywhere (text, JSON, SARIF, the translate gap report):
error = will not deploy or will do something unsafe on OpenStack, warning = deploys but
means something different, info = harmless. Where the cases of one concern differ in
severity they are sibling rules: CBfSnn beside CBf0nn, S = 2 (error), 3 (warning) or 4
(info). Rules that restate a translation gap list the gap codes they cover, those of the
resource maps included; a code has its rule's severity. Any other gap code is reported as
CB3999.
"""


def rules_markdown() -> str:
    lines = [_HEADER, "| id | severity | summary |", "|---|---|---|"]
    for cls in RULE_CLASSES:
        lines.append(f"| [{cls.id}](#{cls.id.lower()}) | {cls.severity} | {cls.summary} |")
    current = None
    for cls in RULE_CLASSES:
        group = family(cls.id)
        if group != current:
            lines += ["", f"## {cls.id[:3]}xxx: {group}"]
            current = group
        lines += ["", f"### {cls.id}", "", f"**{cls.summary}** ({cls.severity})", "", cls.markdown_description()]
        codes = gap_codes_of(cls.id)
        if codes:
            lines += ["", "Gap codes: " + ", ".join(f"`{code}`" for code in codes)]
        if cls.targets != ("hot", "native"):
            lines += ["", "Targets: " + ", ".join(cls.targets)]
    return "\n".join(lines) + "\n"
