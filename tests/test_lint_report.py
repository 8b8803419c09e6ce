"""The readiness report: Markdown, and HTML checked in a real headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from cfnbridge.linting import lint
from cfnbridge.linting.report import write_report
from tests.lint_cases import BUCKET, CASES


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    (root / "clean.yaml").write_text(BUCKET)
    (root / "unsupported.yaml").write_text(CASES["CB3001"][0])
    (root / "half.yaml").write_text(CASES["CB3001"][0] + "  Bucket:\n    Type: AWS::S3::Bucket\n")
    (root / "broken.yaml").write_text("Resources: [\n")
    return lint([str(root)])


TRANSFORM = CASES["CB1002"][0].replace("Type: AWS::S3::Bucket\n", "Type: AWS::S3::Bucket\n  Two:\n"
                                        "    Type: AWS::S3::Bucket\n  Three:\n    Type: AWS::S3::Bucket\n"
                                        "  Thing:\n    Type: AWS::APS::Workspace\n")


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    """Three of four resources ready, but a Transform blocks the whole template."""
    root = tmp_path_factory.mktemp("portfolio")
    (root / "transform.yaml").write_text(TRANSFORM)
    (root / "unsupported.yaml").write_text(CASES["CB3001"][0])
    (root / "clean.yaml").write_text(BUCKET)
    return lint([str(root)])


def test_summary_scores(result) -> None:
    scores = {os.path.basename(t.file): (t.score, t.status) for t in result.summary.per_template}
    assert scores == {"broken.yaml": (0, "unreadable"), "clean.yaml": (100, "ready"), "half.yaml": (50, "partial"),
                      "unsupported.yaml": (0, "blocked")}
    assert result.summary.resources == 4 and result.summary.ready == 2
    assert result.summary.top_gaps[0][:2] == ("CB3001", "unsupported-type")


def test_scores_explain_themselves(portfolio) -> None:
    by_name = {os.path.basename(t.file): t for t in portfolio.summary.per_template}
    transform = by_name["transform.yaml"]
    line = TRANSFORM.splitlines().index("Transform: AWS::Serverless-2016-10-31  # <-") + 1
    assert (transform.score, transform.status) == (38, "blocked")  # 3 of 4 ready = 75%, halved
    assert transform.why == ("3 of 4 resources ready (75%), halved to 38 because an error blocks the whole "
                             f"template: CB1002 at line {line}")
    assert [(b.rule, b.line) for b in transform.blockers] == [("CB1002", line), ("CB3001", line + 9)]
    summary = portfolio.summary
    assert (summary.ready, summary.resources, summary.score) == (4, 6, 42)  # (38 * 4 + 0 + 100) / 6
    assert summary.score_note() == ("The score (42) differs from the share of ready resources (67%) because of 1 "
                                    "template(s) halved by an error that blocks the whole template.")
    first = summary.fix_first[0]
    assert (first.rule, first.gap, first.templates, first.findings) == ("CB3001", "unsupported-type", 2, 2)


def test_markdown_report(portfolio, tmp_path) -> None:
    path = tmp_path / "report.md"
    write_report(portfolio, str(path))
    text = path.read_text()
    assert "Readiness score: **42/100**" in text
    assert "How the score is computed: A resource is ready when no error-level translation gap or AWS-validity " \
        "error (CB0xxx) is left on it." in text
    assert "because of 1 template(s) halved" in text
    fix = text.index("## Fix these first")
    assert text.index("| CB3001 | unsupported-type | 2 | 2 | AWS::APS::Workspace has no OpenStack", fix) < \
        text.index("| CB1002 | transform | 1 | 1 |", fix)
    blockers = text[text.index("## Blockers by template"):]
    transform = next(t for t in portfolio.summary.per_template if t.file.endswith("transform.yaml"))
    assert f"### {transform.file}\n\nScore 38 (blocked): {transform.why}.\n" in blockers
    first = transform.blockers[0]
    assert f"- line {first.line}:{first.column} CB1002 the template needs the macro(s)" in blockers
    assert "clean.yaml" not in blockers


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _headless(browser: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                           "--no-first-run", "--user-data-dir=" + os.environ.get("TMPDIR", "/tmp") + "/cfnb-chromium",
                           *args], capture_output=True, text=True, timeout=120)


def test_html_report_renders_sorts_and_has_no_network_assets(result, tmp_path) -> None:
    path = tmp_path / "report.html"
    write_report(result, str(path))
    page = path.read_text()
    assert not re.search(r"(src|href)=\"https?:", page) and "@import" not in page
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run must install it (apt-get install -y chromium)")
        pytest.skip("chromium is not installed")
    shot = tmp_path / "report.png"
    run = _headless(browser, f"--screenshot={shot}", "--window-size=1200,900", path.as_uri())
    assert shot.is_file() and shot.stat().st_size > 5000, run.stderr
    dom = _headless(browser, "--dump-dom", path.as_uri() + "#sort=-score").stdout
    assert 'aria-sort="descending"' in dom  # the header was clicked twice by the page's own handler
    rows = re.findall(r'<tr data-file="([^"]+)" data-status="[^"]*" data-resources="\d+" data-ready="\d+" '
                      r'data-score="(\d+)"', dom)
    assert len(rows) == 4
    scores = [int(score) for _file, score in rows]
    assert scores == sorted(scores, reverse=True) and scores[0] == 100
    assert '<svg id="readiness-chart"' in dom and 'id="ready-bar"' in dom
    ascending = _headless(browser, "--dump-dom", path.as_uri() + "#sort=file").stdout
    files = re.findall(r'<tr data-file="([^"]+)"', ascending)
    assert files == sorted(files)


def test_html_drill_down_opens_a_templates_blockers(portfolio, tmp_path) -> None:
    path = tmp_path / "report.html"
    write_report(portfolio, str(path))
    page = path.read_text()
    assert 'id="formula"' in page and 'id="fix-first"' in page and 'id="score-note"' in page
    index = next(i for i, t in enumerate(portfolio.summary.per_template) if t.file.endswith("transform.yaml"))
    assert f'<a href="#t-{index}">' in page
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run must install it (apt-get install -y chromium)")
        pytest.skip("chromium is not installed")
    closed = _headless(browser, "--dump-dom", path.as_uri()).stdout
    opened = _headless(browser, "--dump-dom", path.as_uri() + f"#t-{index}").stdout
    assert re.search(rf'<details id="t-{index}" class="blockers">', closed)
    assert re.search(rf'<details id="t-{index}" class="blockers" open="">', opened), opened[:500]
    section = opened[opened.index(f'id="t-{index}"'):]
    section = section[:section.index("</details>")]
    assert "CB1002" in section and "CB3001" in section and "halved to 38" in section
