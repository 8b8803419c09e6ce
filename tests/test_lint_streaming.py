"""Streamed output and worker processes change when results are written, never what is written."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cfnbridge.linting import lint, parallel
from cfnbridge.linting.formats import format_result, to_github
from cfnbridge.linting.summary import summary_text
from cfnbridge.linting.writers import GithubAnnotations
from tests.cli_run import cli
from tests.conftest import CORPUS_ROOTS


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return [str(root) for root in CORPUS_ROOTS]


def test_json_lines_hold_the_json_documents_findings_then_its_summary(corpus) -> None:
    lines = cli("lint", "--no-config", "--format", "jsonl", *corpus)
    document = cli("lint", "--no-config", "--format", "json", *corpus)
    assert lines.code == document.code == 2
    rows = [json.loads(line) for line in lines.out.splitlines()]
    expected = json.loads(document.out)
    assert rows[:-1] == expected["diagnostics"] and len(rows) > 500
    summary = expected["summary"]
    del summary["per_template"]
    assert rows[-1] == {"summary": summary}


@pytest.mark.parametrize("cap", [None, {"error": 3, "warning": 1, "info": 0}])
def test_streamed_github_annotations_are_the_collected_ones(corpus, cap) -> None:
    result = lint(corpus)
    streamed = GithubAnnotations(cap)
    for file_result in result.files:
        streamed.add(file_result)
    assert streamed.text() == to_github(result, cap)
    if cap is None:
        run = cli("lint", "--no-config", "--format", "github", *corpus)
        assert run.out.rstrip("\n") == format_result(result, "github") and run.code == result.exit_code()


def test_worker_processes_are_used_only_for_big_work_on_free_cpus() -> None:
    assert parallel.plan(0, 100, 800_000, cpus=2) == 1  # a hundred corpus files: even, so one process
    assert parallel.plan(0, 186, 1_080_000, cpus=2) == 2  # aws-samples: 0.6 s against 0.9 s in one
    assert parallel.plan(0, 5_000, 50_000_000, cpus=2) == 2
    assert parallel.plan(0, 5_000, 50_000_000, cpus=1) == 1  # the other core is busy
    assert parallel.plan(0, 300, 400_000_000, cpus=2) == 2  # few files, but big ones
    assert parallel.plan(3, 10, 1_000, cpus=1) == 3  # -j N forces N
    assert parallel.plan(3, 1, 1_000, cpus=2) == 1
    assert [parallel._quota_cpus(text) for text in ("200000 100000\n", "max 100000", "50000 100000", "", None,
                                                    "junk")] == [2, None, 1, None, None, None]


def test_a_cpu_kept_busy_is_not_counted_free() -> None:
    """What the CPUs do now decides, not the load average (which lags a previous job by a minute)."""
    import multiprocessing

    cpu = min(parallel.os.sched_getaffinity(0))
    spinning = multiprocessing.get_context("fork").Process(target=_spin_on, args=(cpu,), daemon=True)
    spinning.start()
    try:
        parallel._idle_share([cpu], 0.05)  # the spinner is pinned and running by now
        assert parallel._idle_share([cpu], 0.2) < 0.5
    finally:
        spinning.kill()
        spinning.join()
    assert 0 <= parallel._idle_share([cpu], 0.05) <= 1


def _spin_on(cpu: int) -> None:
    parallel.os.sched_setaffinity(0, {cpu})
    while True:
        pass


def test_auto_and_forced_processes_write_the_same_bytes(corpus) -> None:
    outputs = {jobs: cli("lint", "--no-config", "-j", jobs, *corpus) for jobs in ("auto", "1", "2")}
    assert len({(run.code, run.out) for run in outputs.values()}) == 1
    assert "not 'auto' or a number" in cli("lint", "-j", "many", *corpus).err


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_holding_the_collector_off_sweeps_each_files_cycles(corpus, jobs) -> None:
    """The CLI holds the collector off over a portfolio; the cycles a file's work leaves are
    collected after it (in the workers too), so memory does not grow with the files."""
    import gc

    from cfnbridge.gc_pause import hold_to_end, restore

    gc.collect()
    hold_to_end(keep_objects=False)
    try:
        result = lint(corpus, jobs=jobs)
        left = gc.collect()
        assert not gc.isenabled()
    finally:
        restore()
    assert gc.isenabled() and len(result.files) > 150
    assert left < 200  # without the sweeps: tens of cycles a file, thousands in all


def test_streamed_text_is_the_collected_text_even_when_spilled(corpus) -> None:
    from cfnbridge.linting.formats import to_text
    from cfnbridge.linting.writers import TextFindings

    result = lint(corpus)
    sink = TextFindings(chunk=7)  # hundreds of spilled runs, merged back
    for file_result in reversed(result.files):  # arrival order must not matter
        sink.add(file_result)
    written: list[str] = []
    sink.write(written.append, batch=5)
    assert "".join(written) == to_text(result) + "\n" and sink.spool.runs == []
    run = cli("lint", "--no-config", *corpus)
    assert run.out == to_text(result) + "\n\n" + summary_text(result.summary) + "\n"


@given(st.lists(st.tuples(st.integers(0, 3), st.text(max_size=3)), max_size=200), st.integers(1, 9))
def test_a_sorted_spool_returns_what_sorted_does_stably(items, chunk) -> None:
    from cfnbridge.linting.spool import SortedSpool

    spool = SortedSpool(chunk)
    for key, text in items:
        spool.add(key, text)
    assert list(spool) == [text for _, text in sorted(items, key=lambda pair: pair[0])]  # ties: as they came
    spool.close()


def test_a_run_that_keeps_its_template_is_not_swept() -> None:
    """One template is kept to the exit: a sweep would scan its whole (young) tree to free nothing."""
    import gc

    from cfnbridge.gc_pause import hold_to_end, restore, sweep_young

    gc.collect()
    for keeping, left in ((True, 1), (False, 0)):
        hold_to_end(keep_objects=keeping)
        try:
            cycle: list = []
            cycle.append(cycle)
            del cycle
            sweep_young()
            assert gc.collect() == left
        finally:
            restore()


def test_a_spool_without_temporary_space_holds_its_items(monkeypatch) -> None:
    import tempfile

    from cfnbridge.linting.spool import SortedSpool

    def no_space() -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_space)
    spool = SortedSpool(chunk=3)
    for key in (5, 1, 4, 1, 3, 9, 2, 6):
        spool.add(key, str(key))
    assert list(spool) == ["1", "1", "2", "3", "4", "5", "6", "9"] and spool.runs == []


def test_a_text_report_named_among_the_inputs_is_read_before_it_is_replaced(tmp_path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for path in (first, second):
        path.write_text("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n"
                        "      TopicName: !GetAZs x\n")
    expected = cli("lint", "--no-config", "--no-cache", str(first), str(second))
    written = cli("lint", "--no-config", "--no-cache", "-o", str(second), str(first), str(second))
    assert written.code == expected.code and written.out == ""
    assert second.read_text() == expected.out and f"{second}:" in expected.out
