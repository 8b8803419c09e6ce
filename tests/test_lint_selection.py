"""What a lint run keeps and how it reads: --ignore/--select validated, --min-severity, repeats grouped,
blockers first. Checked on the bytes and exit codes the CLI gives."""

from __future__ import annotations

import re

import pytest

from cfnbridge.cli import main
from cfnbridge.errors import InputError
from cfnbridge.linting import load_config
from tests.lint_cases import SUBNET

EXPORTS = "".join(f"  Out{i}:\n    Value: !Ref Vpc\n    Export: {{Name: e{i}}}\n" for i in range(5))
BROKEN_VPC = (SUBNET.replace("      CidrBlock: 10.0.1.0/24", "      CidrBlok: 10.0.1.0/24")
              .replace("MapPublicIpOnLaunch: true", "MapPublicIpOnLaunch: maybe")
              + "  Nat:\n    Type: AWS::EC2::NatGateWay\n    Properties: {SubnetId: !Ref Subnet}\n"
              + "Outputs:\n" + EXPORTS)


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["lint", "--no-config", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "vpc.yaml"
    path.write_text(BROKEN_VPC, encoding="utf-8")
    return path


def test_broken_vpc_gets_aws_findings_with_suggestions_and_no_migration_advice_on_them(capsys, broken) -> None:
    code, out, _err = _run(capsys, str(broken))
    lines = out.splitlines()
    text = BROKEN_VPC.splitlines()
    typo = next(n for n, line in enumerate(text, 1) if "CidrBlok" in line)
    maybe = next(n for n, line in enumerate(text, 1) if "maybe" in line)
    nat = next(n for n, line in enumerate(text, 1) if "NatGateWay" in line)
    assert code == 1
    assert lines[:3] == [
        f"{broken}:{typo}:7: ERROR CB0002 AWS::EC2::Subnet has no property 'CidrBlok' (did you mean CidrBlock?)",
        f"{broken}:{maybe}:28: ERROR CB0003 MapPublicIpOnLaunch must be a boolean, not 'maybe' (use true or false)",
        f"{broken}:{nat}:11: ERROR CB0001 AWS::EC2::NatGateWay is not a CloudFormation resource type "
        "(did you mean AWS::EC2::NatGateway?)",
    ]
    assert "CidrBlok' has no mapping" not in out and "NatGateWay has no OpenStack translation" not in out
    severities = [re.match(r".+?:\d+:\d+: (\w+) ", line).group(1) for line in lines]
    assert severities == sorted(severities, key=["ERROR", "WARNING", "INFO"].index)  # blockers first


def test_repeated_findings_are_one_finding_listing_their_places(capsys, broken) -> None:
    _code, out, _err = _run(capsys, str(broken))
    exports = [line for line in out.splitlines() if " CB4002 " in line]
    text = BROKEN_VPC.splitlines()
    places = [f"{n}:{line.index('{Name') + 1}" for n, line in enumerate(text, 1) if "Export:" in line]
    assert len(exports) == 1 and exports[0].endswith(f"[5 places: {', '.join(places)}]")


@pytest.mark.parametrize("name", ["export", "EXPORT", "cb4002", "CB4002"])
def test_ignore_takes_rule_ids_and_gap_codes_in_any_case(capsys, broken, name) -> None:
    _code, out, _err = _run(capsys, str(broken), "--ignore", name)
    assert "CB4002" not in out and "CB0002" in out


@pytest.mark.parametrize(("name", "nearest"), [("CB9999", "CB3999"), ("exprot", "export"), ("Public_IP", "public-ip")])
def test_unknown_names_are_refused_with_the_nearest_known_ones(capsys, broken, name, nearest) -> None:
    for option in ("--ignore", "--select"):
        code, out, err = _run(capsys, str(broken), option, f"CB3001,{name}")
        assert (code, out) == (2, "")
        assert f"{option}: unknown rule id or gap code {name!r}; did you mean {nearest}" in err
        assert "Traceback" not in err


def test_select_and_min_severity(capsys, broken) -> None:
    code, out, _err = _run(capsys, str(broken), "--select", "CB0001,cb0003")
    assert code == 1 and [line.split(" ")[2] for line in out.splitlines()] == ["CB0003", "CB0001"]
    _code, out, _err = _run(capsys, str(broken), "--min-severity", "error")
    assert out and all(": ERROR " in line for line in out.splitlines())
    code, out, _err = _run(capsys, str(broken), "--select", "export", "--min-severity", "error")
    assert (code, out) == (0, "")


def test_config_names_are_checked_and_normalized_at_their_line(tmp_path) -> None:
    config = tmp_path / ".cfnbridge.yaml"
    config.write_text("ignore: [Export, cb3013]\nselect: []\nseverity: {cb3003: error}\nmin-severity: warning\n")
    loaded = load_config(config)
    assert loaded.ignore == {"export", "CB3013"} and loaded.severity == {"CB3003": "error"}
    assert loaded.min_severity == "warning"
    config.write_text("ignore:\n  - CB3013\n  - exprot\n")
    with pytest.raises(InputError) as info:
        load_config(config)
    assert info.value.location.line == 3 and "did you mean export?" in info.value.message


def test_options_from_the_environment(capsys, broken, monkeypatch) -> None:
    monkeypatch.setenv("CFNBRIDGE_LINT_SELECT", "cb0001 CB0002")
    monkeypatch.setenv("CFNBRIDGE_LINT_FORMAT", "github")
    code, out, _err = _run(capsys, str(broken))
    assert code == 1 and [line.split(" ")[0] for line in out.splitlines()] == ["::error", "::error"]
    assert "title=CB0002" in out.splitlines()[0] and "title=CB0001" in out.splitlines()[1]
    code, out, _err = _run(capsys, str(broken), "--format", "text")  # the command line wins
    assert out.splitlines()[0].startswith(f"{broken}:")
    monkeypatch.setenv("CFNBRIDGE_LINT_IGNORE", "exprot")
    code, out, err = _run(capsys, str(broken))
    assert code == 2 and "did you mean export?" in err


def test_quiet_and_verbose(capsys, broken, tmp_path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(SUBNET, encoding="utf-8")
    assert main(["-q", "lint", "--no-config", "--min-severity", "error", str(broken), str(other)]) == 1
    captured = capsys.readouterr()
    assert captured.err == "" and all(line.startswith(str(broken)) for line in captured.out.splitlines())
    assert main(["-v", "lint", "--no-config", "--min-severity", "error", str(broken)]) == 1
    captured = capsys.readouterr()
    assert "translate without an error; readiness" in captured.out  # the summary, even for one template
    assert re.fullmatch(r"cfnbridge lint: 1 template\(s\) linted, 0 skipped, 3 finding\(s\) in \d+\.\d\ds\n",
                        captured.err)
    assert main(["-q", "-v", "lint", str(broken)]) == 2


def test_environment_names_follow_the_long_option_for_every_command(capsys, monkeypatch) -> None:
    from tests.conftest import EXAMPLES

    monkeypatch.setenv("CFNBRIDGE_GRAPH_FORMAT", "json")  # the parameter is called fmt inside
    assert main(["graph", str(EXAMPLES / "web-vpc" / "template.yaml")]) == 0
    assert capsys.readouterr().out.lstrip().startswith("{")
    monkeypatch.setenv("CFNBRIDGE_QUIET", "1")
    monkeypatch.setenv("CFNBRIDGE_LINT_FORMAT", "text")
    assert main(["lint", "--no-config", str(EXAMPLES)]) == 1
    assert "readiness" not in capsys.readouterr().out  # quiet: no summary
