"""The lint result cache: a warm run says exactly what a cold run says, and only reads and hashes.

Every comparison is between whole CLI outputs (the bytes a user gets) of a run that used
the cache and a run with ``--no-cache`` on the same files and settings.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cfnbridge.linting import cache as cache_module
from cfnbridge.linting import lint, runner
from cfnbridge.linting.cache import FORMAT, ResultCache
from cfnbridge.linting.results import Options
from tests.cli_run import cli
from tests.conftest import SAMPLE

SECRET = "hunter2-Zq9vX"  # a literal secret the findings are about; it must never be stored
SECRETS = f"""AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  DbPassword:
    Type: String
    NoEcho: true
    Default: {SECRET}
  AdminPassword:
    Type: String
    Default: {SECRET}
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: {SECRET}
  Box:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
      UserData: !Base64 "#!/bin/sh\\nexport PASSWORD={SECRET}\\n"
"""


@pytest.fixture()
def portfolio(tmp_path: Path) -> Path:
    root = tmp_path / "templates"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("README.md"))
    (root / "secrets.yaml").write_text(SECRETS, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _cache_allowed(monkeypatch) -> None:
    monkeypatch.delenv("CFNBRIDGE_LINT_NO_CACHE", raising=False)


def _lint(*args: str) -> tuple[int, str]:
    run = cli("lint", "--no-config", "--format", "json", *args)
    return run.code, run.out


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / FORMAT).rglob("*") if p.is_file())


def test_a_warm_run_reads_the_cache_only_and_says_what_a_cold_run_says(portfolio, tmp_path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    cold = _lint("--no-cache", str(portfolio))
    assert _lint("--cache", str(cache), str(portfolio)) == cold  # the run that fills the cache
    assert len(_entries(cache)) > 50

    def not_again(*_args, **_kwargs):
        raise AssertionError("an unchanged file was linted again")

    monkeypatch.setattr(runner, "lint_source", not_again)
    assert _lint("--cache", str(cache), str(portfolio)) == cold
    text = cli("lint", "--no-config", "--cache", str(cache), str(portfolio))
    monkeypatch.undo()
    assert (text.code, text.out) == (cold[0], cli("lint", "--no-config", "--no-cache", str(portfolio)).out)


def test_a_changed_setting_or_file_is_linted_again(portfolio, tmp_path) -> None:
    cache = tmp_path / "cache"
    _lint("--cache", str(cache), str(portfolio))
    for setting in (("--ignore", "CB3001"), ("--min-severity", "warning"), ("--select", "CB6003"),
                    ("--severity", "CB1003=error"), ("--target", "native"), ("--placeholder",)):
        assert _lint("--cache", str(cache), *setting, str(portfolio)) == _lint("--no-cache", *setting, str(portfolio))
    config = tmp_path / "cfnbridge.yaml"
    for ignore in ("[CB3001]", "[CB3008]"):
        config.write_text(f"ignore: {ignore}\n", encoding="utf-8")
        warm = cli("lint", "--config", str(config), "--cache", str(cache), "--format", "json", str(portfolio))
        cold = cli("lint", "--config", str(config), "--no-cache", "--format", "json", str(portfolio))
        assert (warm.code, warm.out) == (cold.code, cold.out)
    changed = portfolio / "secrets.yaml"
    changed.write_text(SECRETS.replace("ami-12345678", "ami-87654321").replace("DbPassword", "DbSecret"))
    warm = json.loads(_lint("--cache", str(cache), str(portfolio))[1])
    assert warm == json.loads(_lint("--no-cache", str(portfolio))[1])
    assert any("DbSecret" in d["message"] for d in warm["diagnostics"] if d["file"] == str(changed))


def test_entries_are_private_hold_no_secret_and_a_corrupt_one_is_a_miss(portfolio, tmp_path) -> None:
    cache = tmp_path / "cache"
    cold = _lint("--no-cache", str(portfolio))
    assert any(f["file"].endswith("secrets.yaml") and f["errors"] for f in json.loads(cold[1])["summary"]
               ["per_template"])
    _lint("--cache", str(cache), str(portfolio))
    entries = _entries(cache)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in entries)
    assert all(stat.S_IMODE(d.stat().st_mode) == 0o700 for d in {cache, cache / FORMAT, *(p.parent for p in entries)})
    assert not any(SECRET.encode() in p.read_bytes() for p in entries)
    garbage = [b"", b"{", b"[1, 2]", b'{"key": "other", "result": []}', b"\xff\xfe", b'{"key": null}']
    for index, path in enumerate(entries):
        data = json.loads(path.read_bytes())
        if index % 3 == 0:  # the right key, a result that is not one
            data["result"][5] = [["CB1000", "fatal", 1, None]]
            path.write_text(json.dumps(data))
        else:
            path.write_bytes(garbage[index % len(garbage)])
    assert _lint("--cache", str(cache), str(portfolio)) == cold
    assert _lint("--cache", str(cache), str(portfolio)) == cold  # rewritten on the way


def test_concurrent_runs_share_one_cache(portfolio, tmp_path) -> None:
    cache = tmp_path / "cache"
    cold = _lint("--no-cache", str(portfolio))
    command = [sys.executable, "-m", "cfnbridge", "lint", "--no-config", "--format", "json", "-j", "1",
               "--cache", str(cache), str(portfolio)]
    env = {k: v for k, v in os.environ.items() if k != "CFNBRIDGE_LINT_NO_CACHE"}
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) for _ in range(3)]
    outputs = [(run.communicate()[0], run.returncode)[::-1] for run in runs]
    assert outputs == [cold] * 3
    assert not [p for p in (cache / FORMAT).rglob("*.tmp")]
    assert _lint("--cache", str(cache), str(portfolio)) == cold


def test_nested_stacks_read_from_local_files_are_never_cached(tmp_path) -> None:
    cache = tmp_path / "cache"
    parent = tmp_path / "parent.yaml"
    parent.write_text("Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n"
                      "    Properties:\n      TemplateURL: level1.yaml\n")
    for level in range(1, 7):
        nested = f"level{level + 1}.yaml"
        (tmp_path / f"level{level}.yaml").write_text(
            "Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n"
            f"    Properties:\n      TemplateURL: {nested}\n" if level < 6 else "Resources: {}\n")
    assert "CB1012" in cli("lint", "--no-config", "--cache", str(cache), str(parent)).out
    (tmp_path / "level3.yaml").write_text("Resources: {}\n")  # the chain is now short enough
    warm = cli("lint", "--no-config", "--cache", str(cache), str(parent))
    assert "CB1012" not in warm.out
    assert warm.out == cli("lint", "--no-config", "--no-cache", str(parent)).out


def test_the_cache_is_bounded(portfolio, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(cache_module, "MAX_ENTRIES", 20)
    cache = ResultCache(tmp_path / "cache", Options())
    result = lint([str(portfolio)], cache=tmp_path / "cache")
    assert len(result.files) > 40
    assert len(_entries(tmp_path / "cache")) <= 20
    cache.misses = 1  # a run that linted something prunes; one that found everything does not
    assert cache.prune() == 0
    assert lint([str(portfolio)], cache=tmp_path / "cache").files == lint([str(portfolio)]).files


def test_an_entry_longer_than_a_template_may_be_is_read_back_whole(tmp_path) -> None:
    """A template's bytes are bounded; its findings are not (a long message times many places)."""
    from cfnbridge.linting.diagnostic import Diagnostic
    from cfnbridge.linting.results import FileResult
    from cfnbridge.loader import MAX_BYTES

    store = ResultCache(tmp_path, Options())
    findings = [Diagnostic("CB3999", "warning", "x" * (MAX_BYTES // 4), "big.yaml", line) for line in range(1, 7)]
    key = store.key("big.yaml", True, b"Resources: {}")
    store.put(key, FileResult("big.yaml", findings))
    assert store.problem is None
    assert store.get(key).diagnostics == findings
