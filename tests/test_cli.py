"""The command line: exit codes, located errors, never a traceback; a light startup."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import CORPUS, EXAMPLES, KNOWN_GRAPH_ERRORS, KNOWN_LOAD_ERRORS, corpus_key, corpus_templates


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cfnbridge", *args], capture_output=True, text=True,
                          input=stdin, timeout=60)


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and "cfnbridge, version" in result.stdout


def test_version_does_not_import_heavy_libraries() -> None:
    code = ("import sys; from cfnbridge.cli import main; main(['--version']) if False else None; "
            "import cfnbridge.cli; print(sorted(m for m in ('networkx', 'boto3', 'heatclient', 'jsonschema', 'rich') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("fmt", ["text", "json", "dot", "mermaid"])
def test_graph_formats(fmt: str) -> None:
    result = run("graph", str(EXAMPLES / "web-vpc" / "template.yaml"), "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        assert json.loads(result.stdout)["waves"][0] == ["InternetGateway", "Vpc"]
    else:
        assert "WebAddress" in result.stdout


def test_graph_reads_stdin_and_writes_file(tmp_path) -> None:
    out = tmp_path / "g.dot"
    text = (EXAMPLES / "web-vpc" / "template.yaml").read_text()
    result = run("graph", "-", "--format", "dot", "-o", str(out), stdin=text)
    assert result.returncode == 0 and out.read_text().startswith("digraph")


def test_bad_input_exits_2_with_location_and_no_traceback(tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("Resources:\n  A:\n    Type: T\n    Properties: {P: !Rain::Module x}\n")
    result = run("graph", str(bad))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{bad}:4:21: unknown tag !Rain::Module")
    assert "Traceback" not in result.stderr
    debug = run("--debug", "graph", str(bad))
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_cycle_exit_2_names_the_cycle() -> None:
    path = CORPUS / "heat-cfn/F17/invalid/WordPress_Single_Instance_With_IHA.template"
    result = run("graph", str(path))
    assert result.returncode == 2
    assert f"{path}:107:20: dependency cycle: HeartbeatFailureAlarm -> WaitCondition -> WikiDatabase" in result.stderr


def test_usage_errors_exit_2() -> None:
    assert run("graph").returncode == 2
    assert run("graph", "x.yaml", "--format", "png").returncode == 2
    assert run("no-such-command").returncode == 2
    missing = run("graph", "does-not-exist.yaml")
    assert missing.returncode == 2 and "does-not-exist.yaml:1:1: no such file" in missing.stderr


def test_graph_on_the_whole_corpus_never_tracebacks() -> None:
    """One process over every corpus template, through the CLI entry point."""
    code = (
        "import sys, contextlib, io\n"
        "from cfnbridge.cli import main\n"
        "codes = {}\n"
        "for path in sys.argv[1:]:\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        codes[path] = main(['graph', path])\n"
        "print(sorted(set(codes.values())), sum(1 for c in codes.values() if c == 0))\n"
    )
    paths = [str(p) for p in corpus_templates()]
    result = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr
    bad = {*KNOWN_LOAD_ERRORS, *KNOWN_GRAPH_ERRORS}
    assert result.stdout.strip() == f"[0, 2] {sum(1 for p in corpus_templates() if corpus_key(p) not in bad)}"
    assert result.stderr.count("\n") >= 9


def test_convert_round_trip_keeps_the_template(tmp_path) -> None:
    """YAML -> JSON -> YAML (short tags, written by cfn-flip) loads equal to the original."""
    import cfnbridge

    source = EXAMPLES / "web-vpc" / "template.yaml"
    as_json = tmp_path / "t.json"
    assert run("convert", str(source), "--to", "json", "-o", str(as_json)).returncode == 0
    back = run("convert", str(as_json), "--to", "yaml")
    assert back.returncode == 0 and "!GetAtt 'Vpc.CidrBlock'" in back.stdout
    assert cfnbridge.load(back.stdout).root == cfnbridge.load(source).root
    long_form = run("convert", str(as_json), "--to", "yaml", "--long-form")
    assert "Fn::GetAtt" in long_form.stdout and "!GetAtt" not in long_form.stdout


def test_convert_refuses_bad_input_with_its_location(tmp_path) -> None:
    bad = tmp_path / "dup.yaml"
    bad.write_text("Resources:\n  A: {Type: T}\n  A: {Type: U}\n")
    result = run("convert", str(bad), "--to", "json")
    assert result.returncode == 2 and f"{bad}:3:3: duplicate key 'A'" in result.stderr


def test_the_exit_without_freeing_delivers_every_byte_and_runs_the_exit_handlers(tmp_path) -> None:
    """The console script ends without freeing the translation; what it wrote must all arrive."""
    from cfnbridge.translation import translate

    source = EXAMPLES / "bootstrap-asg" / "template.yaml"
    expected = translate(source).to_yaml()
    code = ("import atexit, sys; atexit.register(lambda: sys.stderr.write('exit handler ran\\n')); "
            f"sys.argv = ['cfnbridge', 'translate', {str(source)!r}, '--fail-on', 'never']; "
            "from cfnbridge.cli import console; console()")
    piped = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == expected
    assert piped.stderr.rstrip().endswith("exit handler ran") and "info" in piped.stderr
    written = run("translate", str(source), "--fail-on", "never", "-o", str(tmp_path / "out.yaml"))
    assert written.returncode == 0 and (tmp_path / "out.yaml").read_text(encoding="utf-8") == expected


def test_an_in_process_run_gives_the_collector_back(tmp_path) -> None:
    """translate holds the cyclic collector off to its end; main() must turn it back on for its caller."""
    import gc

    from cfnbridge.cli import main

    assert gc.isenabled()
    assert main(["translate", str(EXAMPLES / "web-vpc" / "template.yaml"), "-o", str(tmp_path / "out.yaml"),
                 "--fail-on", "never"]) == 0
    assert gc.isenabled() and (tmp_path / "out.yaml").stat().st_size > 0


def test_a_one_file_lint_ends_without_freeing_and_says_everything() -> None:
    """lint of one file keeps its template to the exit: the process's findings are the in-process ones."""
    from tests.cli_run import cli

    source = str(EXAMPLES / "bootstrap-asg" / "template.yaml")
    process = run("lint", "--no-cache", "--no-config", "--format", "json", source)
    in_process = cli("lint", "--no-cache", "--no-config", "--format", "json", source)
    assert process.returncode == in_process.code and process.stdout == in_process.out
    assert json.loads(process.stdout)["diagnostics"]
