"""Inputs that used to crash or be misread, each through the real CLI: exit code and stderr.

Every template here once ended in a Python traceback (or a silent wrong answer); now it is
either handled faithfully (exit 0, the data as written) or a one-line located error (exit 2).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cfnbridge.loader import MAX_BYTES, parse
from cfnbridge.nodes import to_plain
from tests.cli_run import cli

TOPIC = "Resources:\n  A:\n    Type: AWS::SNS::Topic\n"


def _write(tmp_path, text: str, name: str = "t.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# (template, command, the located message on stderr); each used to crash or pass unnoticed.
BAD = {
    "list as key": (TOPIC + "    Properties:\n      ? [a, b]\n      : 1\n", "graph",
                    "t.yaml:5:9: a mapping key must be text (a name), not a list"),
    "function as key": (TOPIC + "    Properties:\n      ? !Ref X\n      : 1\n", "convert --to json",
                        "t.yaml:5:9: a mapping key must be text (a name), not a function"),
    "!!int abc": (TOPIC + "    Properties:\n      TopicName: !!int abc\n", "lint --no-config",
                  "t.yaml:5:18: ERROR CB1000 !!int 'abc' is not an integer"),
    "!!float abc": (TOPIC + "    Properties:\n      TopicName: !!float abc\n", "graph",
                    "t.yaml:5:18: !!float 'abc' is not a number"),
    "!!bool maybe": (TOPIC + "    Properties:\n      TopicName: !!bool maybe\n", "convert --to yaml",
                     "t.yaml:5:18: !!bool 'maybe' is not a boolean"),
    "!!binary": (TOPIC + "    Properties:\n      TopicName: !!binary aGk=\n", "convert --to json",
                 "t.yaml:5:18: binary data (!!binary) cannot be a template value"),
    ".inf": (TOPIC + "    Properties:\n      Delay: .inf\n", "convert --to json",
             "t.yaml:5:14: '.inf' is not a number a template can hold (JSON has no infinity or NaN)"),
    "3-part GetAtt": ("Resources:\n  A: {Type: AWS::SNS::Topic}\n  B:\n    Type: AWS::SNS::Topic\n"
                      "    Properties: {TopicName: {Fn::GetAtt: [A, TopicName, Extra]}}\n", "graph",
                      "t.yaml:5:42: Fn::GetAtt takes [Resource, Attribute], a resource name and an attribute; "
                      "this list has 3 items"),
    "Ref of a list": (TOPIC + "    Properties:\n      TopicName: !Ref [a]\n", "translate",
                      "t.yaml:5:18: Ref takes a name (text), not a list"),
    "Condition of a list": ("Conditions:\n  C: !Not [!Condition [a]]\n" + TOPIC, "translate --to native",
                            "t.yaml:2:12: Condition takes a name (text), not a list"),
    "self condition": ("Conditions:\n  C: !Condition C\n" + TOPIC + "    Condition: C\n", "lint --no-config",
                       "t.yaml:2:6: ERROR CB1001 condition 'C' refers to itself"),
    "circular conditions": ("Conditions:\n  C: !Not [!Condition D]\n  D: !Not [!Condition C]\n" + TOPIC, "graph",
                            "t.yaml:2:6: conditions refer to each other in a circle: C -> D -> C"),
    "null Resources": ("Resources:\n", "lint --no-config",
                       "t.yaml:1:11: ERROR CB1001 Resources is empty; a template needs at least one resource"),
    "DeletionPolicy list": (TOPIC + "    DeletionPolicy: [1]\n", "translate",
                            "t.yaml:4:21: DeletionPolicy must be one of Delete, Retain, RetainExceptOnCreate, "
                            "Snapshot, not [1]"),
    "DeletionPolicy function": ("Conditions:\n  C: !Equals [a, a]\n" + TOPIC +
                                "    DeletionPolicy: !If [C, Retain, Delete]\n", "translate",
                                "t.yaml:6:21: DeletionPolicy given as a function needs the "
                                "AWS::LanguageExtensions transform"),
    "Description function": ("Description: !Select [0, [a]]\n" + TOPIC, "translate",
                             "t.yaml:1:14: Description must be text"),
    "parameter Default list": ("Parameters:\n  P: {Type: String, Default: [0]}\n" + TOPIC, "translate --to native",
                               "t.yaml:2:30: parameter 'P': Default must be one value"),
    "parameter Default function": ("Parameters:\n  P: {Type: String, Default: !Ref X}\n" + TOPIC, "translate",
                                   "t.yaml:2:30: parameter 'P': Ref cannot be used here"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_located_line_and_exit_2(tmp_path, case: str) -> None:
    text, command, message = BAD[case]
    path = _write(tmp_path, text)
    result = cli(*command.split(), path)
    output = result.out if command.startswith("lint") else result.err
    assert result.code == 2, (result.out, result.err)
    assert f"{tmp_path}/{message}" in output
    assert "Traceback" not in result.err and "internal error" not in result.err


def test_deletion_policy_function_is_valid_under_language_extensions(tmp_path) -> None:
    path = _write(tmp_path, "Transform: AWS::LanguageExtensions\nConditions:\n  C: !Equals [a, a]\n" + TOPIC +
                  "    DeletionPolicy: !If [C, Retain, Delete]\n")
    assert cli("graph", path).code == 0
    bad = _write(tmp_path, "Transform: AWS::LanguageExtensions\nConditions:\n  C: !Equals [a, a]\n" + TOPIC +
                 "    DeletionPolicy: !If [C, Retain, Keep]\n", "bad.yaml")
    result = cli("graph", bad)
    assert result.code == 2 and "bad.yaml:7:21: DeletionPolicy: Fn::If must choose between" in result.err


def _convert(path: str, to: str) -> object:
    result = cli("convert", "--to", to, path)
    assert result.code == 0, result.err
    if to == "json":
        return json.loads(result.out, parse_constant=lambda word: pytest.fail(f"{word} in JSON output"))
    return to_plain(parse(result.out, "back.yaml"))


def test_valid_inputs_are_read_as_written(tmp_path) -> None:
    path = _write(tmp_path, """\
Base: &base
  Type: AWS::SNS::Topic
  Properties: {TopicName: base, DisplayName: kept}
Resources:
  yes:
    <<: *base
    Properties: {TopicName: own}
  'True': {Type: AWS::SNS::Topic, Properties: {TopicName: !Join [=, [a, b]]}}
  1: {Type: AWS::SNS::Topic, Properties: {TopicName: !GetAtt [yes, TopicName]}}
""".replace("Base: &base", "Metadata: &base"))
    for to in ("json", "yaml"):
        resources = _convert(path, to)["Resources"]
        assert list(resources) == ["yes", "True", "1"]  # three names, none merged into True or 1
        assert resources["yes"] == {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "own"}}
        assert resources["True"]["Properties"]["TopicName"] == {"Fn::Join": ["=", ["a", "b"]]}
        assert resources["1"]["Properties"]["TopicName"] == {"Fn::GetAtt": ["yes", "TopicName"]}
    graph = cli("graph", "--format", "json", path)
    edges = json.loads(graph.out)["edges"]
    assert graph.code == 0 and [(e["from"], e["to"]) for e in edges] == [(["Resources", "1"], ["Resources", "yes"])]


def test_json_numbers_and_escaped_surrogate_pairs(tmp_path) -> None:
    path = _write(tmp_path, '{"Resources": {"A": {"Type": "AWS::SNS::Topic", "Properties": '
                            '{"TopicName": "\\ud83d\\ude00 \\\\ud83d", "Delay": 2.62144e5, "Count": 10}}}}',
                  "t.json")
    for to in ("json", "yaml"):
        properties = _convert(path, to)["Resources"]["A"]["Properties"]
        assert properties == {"TopicName": "\U0001f600 \\ud83d", "Delay": 262144.0, "Count": 10}
        assert type(properties["Delay"]) is float and type(properties["Count"]) is int
    huge = _write(tmp_path, '{"Resources": {"A": {"Type": "X::Y::Z", "Properties": {"N": 1e400}}}}', "huge.json")
    result = cli("convert", "--to", "json", huge)
    assert result.code == 2 and "huge.json:1:61: '1e400' is not a number a template can hold" in result.err


def test_convert_writes_getatt_with_a_ref_attribute(tmp_path) -> None:
    """cfn-flip's writer joins a GetAtt list with dots and fails on a Ref inside it."""
    path = _write(tmp_path, "Parameters:\n  P: {Type: String}\nResources:\n  A: {Type: AWS::SNS::Topic}\n"
                            "  B:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt [A, !Ref P]\n"
                            "      Tags: [{Key: k, Value: !GetAtt A.TopicName}]\n"
                            "      Policy: {Condition: {StringEquals: {a: b}}}\n")
    result = cli("convert", "--to", "yaml", path)
    assert result.code == 0, result.err
    assert "TopicName: !GetAtt\n        - A\n        - !Ref 'P'\n" in result.out
    assert "Value: !GetAtt 'A.TopicName'" in result.out
    assert to_plain(parse(result.out, "back.yaml")) == to_plain(parse((tmp_path / "t.yaml").read_text(), path))


def test_unexpected_exception_is_one_line_and_exit_3(tmp_path, monkeypatch) -> None:
    import cfnbridge

    def broken(template: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(cfnbridge, "build_graph", broken)  # a fault injected where a bug would be
    path = _write(tmp_path, TOPIC)
    result = cli("graph", path)
    assert result.code == 3
    assert result.err == ("cfnbridge: internal error: RuntimeError: boom (run with --debug for the traceback; "
                          "please report it)\n")
    debug = cli("--debug", "graph", path)
    assert debug.code == 3 and "Traceback (most recent call last)" in debug.err
    assert debug.err.rstrip().endswith("please report it)")


@pytest.mark.parametrize("command", ["graph", "convert --to json", "translate", "lint --no-config"])
def test_output_into_a_missing_folder_is_exit_2_with_the_path(tmp_path, command: str) -> None:
    path = _write(tmp_path, TOPIC)
    target = tmp_path / "missing" / "out.txt"
    result = cli(*command.split(), path, "-o", str(target))
    assert result.code == 2
    assert f"cannot write {target}: the folder {tmp_path / 'missing'} does not exist" in result.err
    assert "Traceback" not in result.err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full to simulate a full disk")
def test_a_full_disk_is_exit_2_for_files_and_standard_output(tmp_path) -> None:
    path = _write(tmp_path, TOPIC)
    result = cli("convert", "--to", "json", path, "-o", "/dev/full")
    assert result.code == 2 and "cannot write /dev/full: No space left on device" in result.err
    with open("/dev/full", "w") as full:
        process = subprocess.run([sys.executable, "-m", "cfnbridge", "graph", path], stdout=full,
                                 stderr=subprocess.PIPE, text=True, timeout=60)
    assert process.returncode == 2
    assert process.stderr == "cfnbridge: cannot write to standard output: No space left on device\n"


def test_reads_are_bounded_for_devices_stdin_and_big_files(tmp_path) -> None:
    if os.path.exists("/dev/zero"):
        result = cli("graph", "/dev/zero")
        assert result.code == 2 and "/dev/zero:1:1: is a device or socket, not a template file" in result.err
    result = cli("graph", "-", stdin=b"#" * (MAX_BYTES + 1))
    assert result.code == 2 and "<stdin>:1:1: standard input holds more than 5,242,880 bytes" in result.err
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 10)  # sparse: no disk space used
    result = cli("lint", "--no-config", str(big))
    assert result.code == 2 and "big.yaml:1:1: ERROR CB1000 file is 5,242,890 bytes; the limit is" in result.out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_lint_dir_with_a_fifo_a_symlink_loop_and_broken_files_completes(tmp_path) -> None:
    """A FIFO named like a template used to hang the run; a bad key used to abort it."""
    os.mkfifo(tmp_path / "pipe.yaml")
    os.symlink("loop.yaml", tmp_path / "loop.yaml")
    (tmp_path / "good.yaml").write_text("AWSTemplateFormatVersion: '2010-09-09'\n" + TOPIC)
    (tmp_path / "key.yaml").write_text(TOPIC + "    Properties:\n      ? [a, b]\n      : 1\n")
    (tmp_path / "tag.yaml").write_text(TOPIC + "    Properties:\n      TopicName: !!int abc\n")
    process = subprocess.run([sys.executable, "-m", "cfnbridge", "lint", "--no-config", str(tmp_path)],
                             capture_output=True, text=True, timeout=120)
    # a file that cannot be linted makes the run exit 2 (see ``cfnbridge lint --help``)
    assert process.returncode == 2, process.stderr
    errors = [line for line in process.stdout.splitlines() if " ERROR " in line]
    assert errors == [f"{tmp_path}/key.yaml:5:9: ERROR CB1000 a mapping key must be text (a name), not a list",
                      f"{tmp_path}/tag.yaml:5:18: ERROR CB1000 !!int 'abc' is not an integer"]
    assert f"{tmp_path}/good.yaml:4:11: WARNING CB3002" in process.stdout
    assert "pipe.yaml" not in process.stdout and "loop.yaml" not in process.stdout
    assert process.stderr == (f"{tmp_path}/loop.yaml: skipped: cannot be read (Too many levels of symbolic links)\n"
                              f"{tmp_path}/pipe.yaml: skipped: a named pipe, not a file\n")
    from cfnbridge.linting.files import Source

    # however a source not named by the user is made, a pipe is never opened
    assert Source(str(tmp_path / "pipe.yaml"), False).skip == "a named pipe, not a file"
    assert Source(str(tmp_path / "good.yaml"), False).skip is None


@pytest.mark.parametrize("text", ["a:\n" + "- " * 50_000 + "x\n", "? " * 50_000 + "x\n"])
def test_deep_compact_nesting_is_refused_instead_of_crashing_the_process(tmp_path, text: str) -> None:
    """libyaml composes recursively in C: 30,000 ``- `` on one line used to kill the process (SIGSEGV)."""
    path = _write(tmp_path, text)
    process = subprocess.run([sys.executable, "-m", "cfnbridge", "graph", path], capture_output=True, text=True,
                             timeout=60)
    assert process.returncode == 2
    assert "a line indented past column 2,000 (nesting far deeper than 100 levels)" in process.stderr


def test_a_named_pipe_is_read_to_its_end_in_pieces_and_refused_past_the_bound(tmp_path) -> None:
    """Regular files are read in one call and one empty call; a pipe comes in pieces of any size."""
    import threading

    from cfnbridge import sources
    from cfnbridge.errors import LimitError

    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    for size in (0, 1, 200_000, MAX_BYTES, MAX_BYTES + 1):
        body = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
        writer = threading.Thread(target=_write_ignoring_a_closed_reader, args=(pipe, body))
        writer.start()
        try:
            if size > MAX_BYTES:
                with pytest.raises(LimitError, match="more than 5,242,880 bytes"):
                    sources.read_bytes(pipe)
            else:
                assert sources.read_bytes(pipe) == body
        finally:
            writer.join(timeout=30)
    regular = tmp_path / "file.yaml"
    regular.write_bytes(b"a: 1\n" * 50_000)
    assert sources.read_bytes(regular) == regular.read_bytes()


def _write_ignoring_a_closed_reader(pipe, body: bytes) -> None:  # noqa: ANN001 - a Path
    try:
        pipe.write_bytes(body)
    except BrokenPipeError:
        pass  # the reader stopped at the bound, as it should
