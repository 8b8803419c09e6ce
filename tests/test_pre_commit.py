"""The pre-commit hooks this repository ships, run the way users run them: ``pre-commit try-repo``.

pre-commit builds its own environment and pip-installs this checkout into it (the hooks'
``language: python``), so this needs the package index that pip uses, and takes half a minute.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.test_lint_selection import BROKEN_VPC

pytest.importorskip("pre_commit", reason="pre-commit is a test dependency: pip install -e '.[test]'")
AWS_RULES = "CB0001,CB0002,CB0003,CB0004,CB0005,CB0006"


def _git(cwd, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def test_hooks_run_through_pre_commit_try_repo(tmp_path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "broken.yaml").write_text(BROKEN_VPC, encoding="utf-8")
    (project / "settings.yaml").write_text("not: a template\n", encoding="utf-8")  # skipped, not an error
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "templates")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}
    env.pop("CFNBRIDGE_LINT_FORMAT", None)

    def try_repo(hook: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--all-files"],
                              cwd=project, env=env, capture_output=True, text=True, timeout=600)

    aws = try_repo("cfnbridge-aws-validity")
    assert aws.returncode == 1, aws.stdout + aws.stderr
    findings = [line for line in aws.stdout.splitlines() if line.startswith("broken.yaml:")]
    assert [line.split(" ")[2] for line in findings] == ["CB0002", "CB0003", "CB0001"], aws.stdout
    assert "did you mean AWS::EC2::NatGateway?" in findings[2]
    assert "settings.yaml" not in aws.stdout
    full = try_repo("cfnbridge-lint")
    assert full.returncode == 1 and " CB4002 " in full.stdout and "[5 places: " in full.stdout, full.stdout

    (project / "broken.yaml").write_text(BROKEN_VPC.replace("CidrBlok", "CidrBlock").replace("maybe", "true")
                                         .replace("NatGateWay", "NatGateway"), encoding="utf-8")
    _git(project, "commit", "-qam", "fixed")
    fixed = try_repo("cfnbridge-aws-validity")
    assert fixed.returncode == 0 and "Passed" in fixed.stdout, fixed.stdout + fixed.stderr
    assert AWS_RULES in (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
