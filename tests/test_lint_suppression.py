"""Suppression and discovery: .cfnbridge.yaml, resource Metadata, --ignore, directories, stdin, the CLI."""

from __future__ import annotations

import io
import sys

import pytest

from cfnbridge.cli import main
from cfnbridge.errors import InputError
from cfnbridge.linting import find_config, lint, load_config
from tests.lint_cases import BUCKET, CASES

UNSUPPORTED = CASES["CB3001"][0]


def _rules(result) -> list[str]:
    return [d.rule_id for d in result.diagnostics]


def test_config_ignores_rules_overrides_severity_and_sets_profile(tmp_path) -> None:
    (tmp_path / "t.yaml").write_text(UNSUPPORTED + "Outputs:\n  A: {Value: '123456789012'}\n")
    (tmp_path / "profile.yaml").write_text("region: RegionTwo\n")
    config = tmp_path / ".cfnbridge.yaml"
    config.write_text("ignore: [CB3105]\nseverity: {CB3001: info}\nprofile: profile.yaml\nfail-on: warning\n")
    loaded = load_config(config)
    assert loaded.ignore == {"CB3105"} and loaded.profile == str(tmp_path / "profile.yaml")
    result = lint([str(tmp_path / "t.yaml")], config=loaded)
    assert "CB3105" not in _rules(result)
    assert [d.severity for d in result.diagnostics if d.rule_id == "CB3001"] == ["info"]
    assert result.exit_code("error") == 0 and result.exit_code("info") == 1
    assert find_config(tmp_path / "sub" if (tmp_path / "sub").mkdir() is None else tmp_path) == config


def test_bad_config_is_a_located_input_error(tmp_path) -> None:
    config = tmp_path / ".cfnbridge.yaml"
    config.write_text("ignore: [CB3001]\nseverity:\n  CB9999: error\n")
    with pytest.raises(InputError) as info:
        load_config(config)
    assert info.value.location.line == 3 and "CB9999" in info.value.message
    config.write_text("ignored: [CB3001]\n")
    with pytest.raises(InputError, match="unknown lint config key"):
        load_config(config)


def test_resource_metadata_suppresses_only_that_resource(tmp_path) -> None:
    text = (UNSUPPORTED.replace("  # <-", "") + "    Metadata:\n      cfnbridge:\n        ignore: [CB3001]\n"
            "  Other:\n    Type: AWS::APS::Workspace\n")
    (tmp_path / "t.yaml").write_text(text)
    found = [(d.rule_id, d.resource) for d in lint([str(tmp_path / "t.yaml")]).diagnostics]
    assert ("CB3001", "Thing") not in found and ("CB3001", "Other") in found


def test_ignore_argument_and_template_metadata(tmp_path) -> None:
    (tmp_path / "t.yaml").write_text(UNSUPPORTED)
    assert "CB3001" not in _rules(lint([str(tmp_path / "t.yaml")], ignore=("CB3001",)))
    (tmp_path / "m.yaml").write_text(UNSUPPORTED.replace("Resources:", "Metadata:\n  cfnbridge: {ignore: "
                                                         "[CB3001, CB1403]}\nResources:"))
    assert _rules(lint([str(tmp_path / "m.yaml")])) == []


def test_directory_walk_reports_malformed_files_and_goes_on(tmp_path) -> None:
    (tmp_path / "good.yaml").write_text(BUCKET)
    (tmp_path / "bad.json").write_text('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {')
    (tmp_path / "binary.template").write_bytes(b"\x00\x01Resources")
    (tmp_path / "notes.yml").write_text("just: some yaml\n")  # not a template: skipped
    (tmp_path / "nested" / "deeper").mkdir(parents=True)
    (tmp_path / "nested" / "deeper" / "t.yaml").write_text(UNSUPPORTED)
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "t.yaml").write_text(UNSUPPORTED)
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "t.yaml").write_text(UNSUPPORTED)
    (tmp_path / ".cfnbridgeignore").write_text("# generated\nbuild/\n")
    result = lint([str(tmp_path)], exclude=("vendor/**",))
    names = {f.file.replace(str(tmp_path) + "/", ""): f.status for f in result.files}
    assert names == {"bad.json": "unreadable", "binary.template": "unreadable", "good.yaml": "ok",
                     "nested/deeper/t.yaml": "ok", "notes.yml": "skipped"}
    bad = [d for d in result.diagnostics if d.file.endswith("bad.json")]
    assert [d.rule_id for d in bad] == ["CB1000"] and bad[0].line in (1, 2)  # libyaml stops at the end
    assert result.summary.templates == 4 and result.summary.skipped == 1 and result.summary.failed == 2
    assert result.exit_code() == 2


def test_parallel_processes_give_the_same_findings(tmp_path) -> None:
    for index in range(60):
        (tmp_path / f"t{index:02}.yaml").write_text(CASES["CB6004"][0] if index % 2 else UNSUPPORTED)
    serial = lint([str(tmp_path)], jobs=1)
    parallel = lint([str(tmp_path)], jobs=2)
    assert [d.to_text() for d in serial.diagnostics] == [d.to_text() for d in parallel.diagnostics]
    assert len(serial.files) == 60


def test_cli_reads_stdin_and_exits_with_the_findings_code(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(UNSUPPORTED.encode())))
    assert main(["lint", "--no-config", "-"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("<stdin>:4:11: ERROR CB3001 AWS::APS::Workspace has no OpenStack translation")


def test_cli_exit_codes_and_usage(tmp_path, capsys) -> None:
    (tmp_path / "ok.yaml").write_text(BUCKET)
    assert main(["lint", "--no-config", str(tmp_path / "ok.yaml")]) == 0
    assert main(["lint", "--no-config", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml:1:1: no such file or directory" in capsys.readouterr().err
    (tmp_path / "broken.yaml").write_text("Resources: [\n")
    assert main(["lint", "--no-config", str(tmp_path / "broken.yaml")]) == 2
    assert main(["lint", "--no-config", "--fail-on", "info", "--ignore", "CB3001,CB1003",
                 str(tmp_path / "ok.yaml")]) == 0
    assert main(["lint", "--list-rules"]) == 0
    assert "CB6004  warning  Admin port open to 0.0.0.0/0" in capsys.readouterr().out


def test_include_cfn_lint_merges_its_ids_or_says_it_is_missing(tmp_path, capsys) -> None:
    (tmp_path / "t.yaml").write_text(BUCKET + "    Properties:\n      Bogus: 1\n")
    code = main(["lint", "--no-config", "--include-cfn-lint", str(tmp_path / "t.yaml")])
    captured = capsys.readouterr()
    try:
        import cfnlint  # noqa: F401
    except ImportError:
        assert "cfn-lint is not installed" in captured.err
        return
    assert code == 1
    assert "t.yaml:6:7: ERROR E3002 " in captured.out
