"""Parameters from the command line and files, NoEcho redaction, and capability detection.
No cloud is involved: these are the pure parts of deploying."""

from __future__ import annotations

import json
import logging

import pytest

import cfnbridge
from cfnbridge.deploy_params import check_names, load_params_file, parse_assignments
from cfnbridge.deploy_secrets import MASK, Redactor, printable_params, redacted_logging
from cfnbridge.errors import InputError
from cfnbridge.targets.cfn_rules import required_capabilities

TEMPLATE = """
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: dev}
  DbPassword: {Type: String, NoEcho: true}
  ApiKey: {Type: String, NoEcho: true, Default: default-key-123}
Resources:
  Topic: {Type: AWS::SNS::Topic}
"""


@pytest.fixture
def template():
    return cfnbridge.load(TEMPLATE)


def test_assignments_split_on_the_first_equals_sign():
    assert parse_assignments(["A=1", "B=x=y", "C=", "A=2"]) == {"A": "2", "B": "x=y", "C": ""}


@pytest.mark.parametrize("bad", ["novalue", "=hunter2secret", ""])
def test_bad_assignment_names_its_position_but_never_its_value(bad):
    with pytest.raises(InputError) as caught:
        parse_assignments(["Ok=1", bad], "--param")
    assert str(caught.value) == "--param #2: expected KEY=VALUE"


def test_params_file_in_cloudformation_list_form(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([{"ParameterKey": "Env", "ParameterValue": "prod"},
                                {"ParameterKey": "Port", "ParameterValue": 8080}]))
    assert load_params_file(path) == {"Env": "prod", "Port": "8080"}


def test_params_file_as_plain_yaml_mapping(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("Env: prod\nPort: 8080\nDebug: true\nZones: [a, b]\nEmpty:\n")
    assert load_params_file(path) == {
        "Env": "prod", "Port": "8080", "Debug": "true", "Zones": "a,b", "Empty": "",
    }


def test_params_file_wrapped_in_parameters_key(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"Parameters": {"Env": "prod"}}')
    assert load_params_file(path) == {"Env": "prod"}


def test_params_file_syntax_error_is_located(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("Env: prod\nPort: [8080\n")
    with pytest.raises(InputError) as caught:
        load_params_file(path)
    assert caught.value.location is not None
    assert caught.value.location.file == str(path) and caught.value.location.line >= 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"ParameterValue": "x"}]', "entry #1 has no ParameterKey"),
        ('[{"ParameterKey": "Env"}]', "entry #1 (Env) has no ParameterValue"),
        ('"just a string"', "expected a list"),
    ],
)
def test_params_file_wrong_shape(tmp_path, content, message):
    path = tmp_path / "p.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_params_file(path)


def test_missing_params_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read parameters file"):
        load_params_file(tmp_path / "nope.yaml")


def test_unknown_parameter_names_are_rejected(template):
    check_names({"Env": "x"}, template.parameters)
    with pytest.raises(InputError, match="no parameter 'Evn'.*Env, DbPassword, ApiKey"):
        check_names({"Evn": "x"}, template.parameters)


def test_redactor_masks_given_and_default_no_echo_values(template):
    redact = Redactor.for_template(template, {"DbPassword": "s3cret!", "Env": "prod"})
    assert redact("pw=s3cret! key=default-key-123 env=prod") == f"pw={MASK} key={MASK} env=prod"
    assert redact(None) is None
    assert not Redactor.for_template(cfnbridge.load(TEMPLATE.replace("NoEcho: true", "NoEcho: false")), {})


def test_redactor_masks_the_longest_secret_first():
    assert Redactor(["abc", "abcdef"])("xabcdefx abc") == f"x{MASK}x {MASK}"


def test_printable_params_hide_no_echo_names(template):
    shown = printable_params({"Env": "prod", "DbPassword": "s3cret!"}, template)
    assert shown == {"Env": "prod", "DbPassword": MASK}


def test_redacted_logging_cleans_records_from_any_logger(caplog):
    caplog.set_level(logging.DEBUG)
    with redacted_logging(Redactor(["hunter22"])):
        logging.getLogger("botocore.endpoint").debug("body: %s", {"Value": "hunter22"})
        logging.getLogger("some.other").info("plain hunter22 text")
    logging.getLogger("after").info("hunter22")  # restored: no redaction outside
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [f"body: {{'Value': '{MASK}'}}", f"plain {MASK} text", "hunter22"]


@pytest.mark.parametrize(
    ("resources", "transform", "expected"),
    [
        ("Topic: {Type: AWS::SNS::Topic}", "", ()),
        ("Role: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}", "",
         ("CAPABILITY_IAM",)),
        ("Role: {Type: AWS::IAM::Role, Properties: {RoleName: x, AssumeRolePolicyDocument: {}}}",
         "", ("CAPABILITY_NAMED_IAM",)),
        ("Fn: {Type: AWS::Serverless::Function, Properties: {Handler: x}}",
         "Transform: AWS::Serverless-2016-10-31\n", ("CAPABILITY_AUTO_EXPAND",)),
    ],
)
def test_capabilities_are_detected(resources, transform, expected):
    text = f'AWSTemplateFormatVersion: "2010-09-09"\n{transform}Resources:\n  {resources}\n'
    assert required_capabilities(cfnbridge.load(text)) == expected
