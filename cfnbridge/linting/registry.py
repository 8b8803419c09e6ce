"""The rule table: every rule listed once, by hand, and the gap-code -> rule-id table.

Rules are listed explicitly (no directory scanning), and two rules with one id are an
error at import time, as is a rule whose severity is not its gap codes' (one rule, one
severity). Translation gaps map to rules through the one table in ``cfnbridge/gap_codes.py``;
codes that resource maps declare (``resource_maps/*.yaml``) belong to the rule of where they
stand in the map at their severity (``cfnbridge.translation.map_gaps``), and anything else
goes to CB3999, so a gap added by the translator is never lost from the lint output.
"""

from __future__ import annotations

from functools import cache

from cfnbridge.gap_codes import RULE_OF, SEVERITY_OF, codes_for
from cfnbridge.linting.rule import Rule
from cfnbridge.linting.rules import (
    attribute_approximated,
    availability_zone_literal,
    availability_zones,
    aws_allowed_values,
    aws_required_property,
    aws_unknown_attribute,
    aws_unknown_property,
    aws_unknown_type,
    aws_value_type,
    base64,
    bootstrap,
    cfn_init,
    creation_policy,
    deletion_policy,
    dynamic_value,
    export,
    flavor,
    foreach,
    format_version,
    function_evaluated,
    getazs_index,
    hardcoded_account_id,
    hardcoded_ami,
    hardcoded_arn,
    hardcoded_region,
    iam_reference,
    image,
    import_value,
    instance_address_collapse,
    internal_error,
    load_balancer,
    managed_services,
    mapping_lookup,
    nested_depth,
    nested_stacks,
    network_model,
    no_value,
    noecho_default,
    not_implemented,
    open_admin_port,
    other_gap,
    parameter_type,
    parse_error,
    plaintext_secret,
    property_approximated,
    property_dropped,
    pseudo_parameter,
    reference_to_omitted,
    resource_count,
    scaling_and_alarms,
    script_aws_calls,
    secret_handling,
    secret_in_userdata,
    security_group_rules,
    source_dest_check,
    storage,
    template_size,
    template_structure,
    top_level_sections,
    transform,
    type_approximated,
    undefined_reference,
    unsupported_attribute,
    unsupported_function,
    unsupported_type,
    update_policy,
    update_replace_policy,
)

RULE_CLASSES: tuple[type[Rule], ...] = (
    aws_unknown_type.AwsUnknownType,
    aws_unknown_property.AwsUnknownProperty,
    aws_value_type.AwsValueType,
    aws_allowed_values.AwsAllowedValues,
    aws_required_property.AwsRequiredProperty,
    aws_unknown_attribute.AwsUnknownAttribute,
    parse_error.ParseError,
    template_structure.TemplateStructure,
    transform.TransformUsed,
    top_level_sections.TopLevelSections,
    top_level_sections.SectionNotNeeded,
    foreach.ForEach,
    foreach.ForEachWithDefault,
    format_version.FormatVersion,
    template_size.TemplateSize,
    resource_count.ResourceCount,
    nested_depth.NestedDepth,
    internal_error.InternalError,
    unsupported_function.UnsupportedFunction,
    function_evaluated.FunctionEvaluated,
    pseudo_parameter.PseudoParameter,
    pseudo_parameter.PseudoParameterMissing,
    pseudo_parameter.PseudoParameterMapped,
    undefined_reference.UndefinedReference,
    no_value.NoValue,
    no_value.NoValueNull,
    base64.Base64Dropped,
    availability_zones.AvailabilityZones,
    getazs_index.GetAZsIndex,
    mapping_lookup.MappingLookup,
    mapping_lookup.RegionMapping,
    unsupported_type.UnsupportedType,
    unsupported_type.TypeLeftOut,
    unsupported_type.TypeNotNeeded,
    type_approximated.TypeApproximated,
    type_approximated.TypeStandIn,
    property_dropped.PropertyDropped,
    property_dropped.PropertyLost,
    property_dropped.PropertyNotNeeded,
    property_approximated.PropertyApproximated,
    property_approximated.PropertyEquivalent,
    not_implemented.NotImplemented,
    unsupported_attribute.UnsupportedAttribute,
    attribute_approximated.AttributeApproximated,
    attribute_approximated.AttributeEquivalent,
    reference_to_omitted.ReferenceToOmitted,
    reference_to_omitted.ReferenceToPlaceholder,
    reference_to_omitted.DependencyDropped,
    dynamic_value.DynamicValue,
    dynamic_value.UnreadableValue,
    image.Image,
    image.ImageUnknown,
    image.ImageFromProfile,
    flavor.Flavor,
    cfn_init.CfnInit,
    bootstrap.BootstrapTranslated,
    bootstrap.BootstrapUntranslated,
    bootstrap.BootstrapApproximated,
    network_model.NetworkModel,
    network_model.NetworkBroken,
    network_model.NetworkHandled,
    load_balancer.LoadBalancer,
    load_balancer.LoadBalancerFeatureMissing,
    load_balancer.LoadBalancerDetail,
    security_group_rules.SecurityGroupRules,
    security_group_rules.SecurityGroupRuleDropped,
    security_group_rules.SecurityGroupRuleKept,
    scaling_and_alarms.ScalingAndAlarms,
    scaling_and_alarms.ScalingHandled,
    nested_stacks.NestedStacks,
    nested_stacks.WaitSignalBroken,
    nested_stacks.MemberStack,
    storage.Storage,
    storage.BootVolume,
    managed_services.ManagedServices,
    script_aws_calls.ScriptAwsCalls,
    script_aws_calls.ScriptAwsDifferent,
    script_aws_calls.ScriptAwsHarmless,
    managed_services.ManagedServiceMissing,
    managed_services.ManagedServiceDetail,
    instance_address_collapse.InstanceAddressCollapse,
    source_dest_check.SourceDestCheck,
    hardcoded_ami.HardcodedAmi,
    hardcoded_arn.HardcodedArn,
    hardcoded_account_id.HardcodedAccountId,
    hardcoded_region.HardcodedRegion,
    availability_zone_literal.AvailabilityZoneLiteral,
    iam_reference.IamReference,
    other_gap.OtherGap,
    parameter_type.ParameterType,
    parameter_type.ParameterCheckedLess,
    export.Export,
    import_value.ImportValue,
    deletion_policy.DeletionPolicy,
    deletion_policy.SnapshotPolicy,
    deletion_policy.DeletionPolicyUnknown,
    update_replace_policy.UpdateReplacePolicy,
    creation_policy.CreationPolicy,
    update_policy.UpdatePolicy,
    update_policy.UpdateSetting,
    noecho_default.NoEchoDefault,
    secret_in_userdata.SecretInUserData,
    plaintext_secret.PlaintextSecret,
    open_admin_port.OpenAdminPort,
    secret_handling.SecretHandling,
    secret_handling.SecretGenerated,
)

PARSE_ERROR = parse_error.ParseError.id
STRUCTURE_ERROR = template_structure.TemplateStructure.id
INTERNAL_ERROR = internal_error.InternalError.id
CATCH_ALL = other_gap.OtherGap.id
_FAMILIES = {"0": "AWS validity", "1": "structure", "2": "intrinsics", "3": "resources and properties",
             "4": "parameters and outputs", "5": "deploy safety", "6": "security"}


def build_registry(classes: tuple[type[Rule], ...]) -> dict[str, type[Rule]]:
    """Rule id -> class, refusing duplicate or malformed ids and unknown severities."""
    table: dict[str, type[Rule]] = {}
    for cls in classes:
        rule_id = cls.id
        well_formed = len(rule_id) == 6 and rule_id.startswith("CB") and rule_id[2:].isdigit()
        if not well_formed or rule_id[2] not in _FAMILIES:
            raise ValueError(f"{cls.__name__}: rule id {rule_id!r} is not of the form CB[0-6]xxx")
        if rule_id in table:
            raise ValueError(f"duplicate rule id {rule_id}: {table[rule_id].__name__} and {cls.__name__}")
        if cls.severity not in ("info", "warning", "error") or not cls.summary or not cls.__doc__:
            raise ValueError(f"{rule_id}: a rule needs a severity, a summary and a docstring")
        table[rule_id] = cls
    return table


RULES: dict[str, type[Rule]] = build_registry(RULE_CLASSES)


def family(rule_id: str) -> str:
    return _FAMILIES.get(rule_id[2:3], "other") if rule_id.startswith("CB") else "cfn-lint"


@cache
def checking_rules(target: str) -> tuple[Rule, ...]:
    """Instances of the rules that run their own checks for ``target``, made once: a rule keeps
    nothing between templates (what one check learns lives in its LintContext)."""
    return tuple(cls() for cls in RULE_CLASSES if cls.check is not Rule.check and target in cls.targets)


for _code, _rule_id in RULE_OF.items():
    if _rule_id not in RULES:
        raise ValueError(f"gap code {_code!r} maps to unknown rule {_rule_id}")
    if SEVERITY_OF[_code] != RULES[_rule_id].severity:
        raise ValueError(f"gap code {_code!r} is {SEVERITY_OF[_code]} but its rule {_rule_id} is "
                         f"{RULES[_rule_id].severity}: one rule, one severity")


def rule_for_gap(code: str) -> str:
    """The rule id a translation gap code belongs to (CB3999 when nothing claims it)."""
    return RULE_OF.get(code) or _map_declared_gaps().get(code, CATCH_ALL)


def gap_codes_of(rule_id: str) -> tuple[str, ...]:
    """Every gap code of ``rule_id``: those in code in declaration order, then the maps' by name."""
    mapped = sorted(code for code, rule in _map_declared_gaps().items() if rule == rule_id and code not in RULE_OF)
    return codes_for(rule_id) + tuple(mapped)


@cache
def _map_declared_gaps() -> dict[str, str]:
    """Codes the resource maps declare, with the rule each belongs to."""
    try:
        from cfnbridge.translation.map_gaps import declared_gaps

        return {code: rule for code, (rule, _) in declared_gaps().items()}
    except Exception:  # noqa: BLE001 - a broken map is the translator's finding (CB1999), not a lint crash
        return {}
