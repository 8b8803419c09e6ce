"""Heat's update preview, cleaned of its false alarms by comparing the templates themselves."""

from cfnbridge.targets.base import Change
from cfnbridge.targets.heat_rules import reconcile

OLD = {"heat_template_version": "2021-04-16", "resources": {
    "Net": {"type": "OS::Neutron::Net"},
    "Subnet": {"type": "OS::Neutron::Subnet",
               "properties": {"network": {"get_resource": "Net"}, "cidr": "10.0.0.0/24"}},
    "Port": {"type": "OS::Neutron::Port", "properties": {"network": {"get_resource": "Net"},
                                                        "fixed_ips": [{"subnet": {"get_resource": "Subnet"}}]}},
    "Server": {"type": "OS::Nova::Server", "properties": {"flavor": {"get_param": "Flavor"},
                                                         "networks": [{"port": {"get_resource": "Port"}}]}},
}}
# What Heat's preview_update says even for a flavor-only change: ports and subnets "replaced".
PREVIEW = (Change("replace", "Subnet", "OS::Neutron::Subnet"), Change("replace", "Port", "OS::Neutron::Port"),
           Change("modify", "Server", "OS::Nova::Server"))


def test_unchanged_resources_fed_by_get_resource_are_not_replaced() -> None:
    rows = reconcile(PREVIEW, OLD, OLD, changed_parameters=["Flavor"])
    assert [(r.action, r.logical_id) for r in rows] == [("modify", "Server")]


def test_a_real_change_and_everything_that_depends_on_it_stay() -> None:
    new = {"resources": {**OLD["resources"], "Subnet": {"type": "OS::Neutron::Subnet", "properties": {
        "network": {"get_resource": "Net"}, "cidr": "10.0.1.0/24"}}}}
    rows = reconcile(PREVIEW, OLD, new)
    assert [(r.action, r.logical_id) for r in rows] == [
        ("replace", "Subnet"), ("replace", "Port"), ("modify", "Server")]


def test_additions_and_removals_always_stay() -> None:
    preview = (Change("add", "Extra", "OS::Heat::None"), Change("remove", "Gone", "OS::Heat::None"))
    assert reconcile(preview, OLD, OLD) == preview
