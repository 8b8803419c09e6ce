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


def test_summary_scores(result) -> None:
    scores = {os.path.basename(t.file): t.score for t in result.summary.per_template}
    assert scores == {"broken.yaml": 0, "clean.yaml": 100, "half.yaml": 50, "unsupported.yaml": 0}
    assert result.summary.resources == 4 and result.summary.ready == 2
    assert result.summary.top_gaps[0][:2] == ("CB3001", "unsupported-type")


def test_markdown_report(result, tmp_path) -> None:
    path = tmp_path / "report.md"
    write_report(result, str(path))
    text = path.read_text()
    assert "Readiness score: **38/100**" in text or re.search(r"Readiness score: \*\*\d+/100\*\*", text)
    assert "| CB3001 | unsupported-type | 2 |" in text


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
