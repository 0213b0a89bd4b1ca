"""Output a template cannot forge, bounded in size, that any string can reach; reads that stay
bounded; reports that never overwrite an input; errors that never disclose a file's content.

Runs go through the real CLI in a child process (bounded by the hang and memory guards of
slint_cli.py), the way CI runs slint on a pull request."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from slint.output import printable, printable_path
from slint.reporters.text_report import FRAME_WIDTH, code_frame

from .slint_cli import run_slint

FORGERY = "python2.7\n::error file=README.md,line=1::forged\n::stop-commands::x\r##[warning]v1\x1b[31mred\x07\u2028end"
FORGERY_ESCAPED = "python2.7\\n::error file=README.md,line=1::forged\\n::stop-commands::x\\r#\\x23[warning]v1\\x1b[31mred\\x07\\u2028end"
FORGED_NAME = "::error file=README.md::forged.yaml"


def _function(runtime: str, logical_id: str = "Fn") -> dict:
    properties = {"Runtime": runtime, "Handler": "app.handler", "CodeUri": "s3://bucket/key"}
    return {"Transform": "AWS::Serverless-2016-10-31", "Resources": {logical_id: {"Type": "AWS::Serverless::Function", "Properties": properties}}}


@pytest.fixture
def forged(tmp_path):
    (tmp_path / "t.json").write_text(json.dumps(_function(FORGERY)))
    (tmp_path / FORGED_NAME).write_text(json.dumps(_function("cobol")))
    return tmp_path


def _stdout(completed) -> str:
    stderr = completed.stderr.decode("utf-8", "replace")
    assert completed.returncode == 1, stderr
    assert "Traceback" not in stderr
    return completed.stdout.decode("utf-8")


def _no_line_is_a_command(text: str) -> None:
    for line in text.split("\n"):
        assert not line.lstrip().startswith("::"), line
    assert "##[" not in text
    for forbidden in "\r\x1b\x07\u2028":
        assert forbidden not in text


def test_text_output_escapes_values_and_file_names(forged):
    text = _stdout(run_slint("lint", "--no-color", "--select", "SL210", "t.json", FORGED_NAME, cwd=forged))
    _no_line_is_a_command(text)
    assert f"t.json:1:129: error SL210 [lambda-runtime] Runtime {FORGERY_ESCAPED} is not a Lambda runtime identifier\n" in text
    assert f"\n./{FORGED_NAME}:1:129: error SL210 [lambda-runtime] Runtime cobol is not a Lambda runtime identifier\n" in text
    # the frame shows the JSON source (its own \n escapes) with the raw "##[" escaped
    assert '{"Runtime": "python2.7\\n::error file=README.md,line=1::forged\\n::stop-commands::x\\r#\\x23[warning]v1\\u001b[31m' in text


def test_github_output_escapes_values_inside_one_annotation(forged):
    text = _stdout(run_slint("lint", "--format", "github", "--select", "SL210", "t.json", FORGED_NAME, cwd=forged))
    lines = text.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("::error file=") for line in lines)
    assert "##[" not in text and "\x1b" not in text and "\r" not in text
    forged_line = next(line for line in lines if "file=t.json" in line)
    message = forged_line.split("::", 2)[2]
    assert message.startswith(f"Runtime {FORGERY_ESCAPED} is not a Lambda runtime identifier%0AResource: Fn%0A")
    assert f"file={FORGED_NAME.replace(':', '%3A').replace(',', '%2C')}," in text  # a property: its colons cannot end it


def test_configuration_errors_are_escaped(tmp_path):
    (tmp_path / ".slint.yaml").write_text('"\\n::error::forged": 1\n')
    (tmp_path / "t.yaml").write_text("Resources: {}\n")
    completed = run_slint("lint", "t.yaml", cwd=tmp_path)
    stderr = completed.stderr.decode()
    assert completed.returncode == 2
    assert "Traceback" not in stderr
    assert "\\n::error::forged" in stderr
    for line in stderr.splitlines():
        assert not line.lstrip().startswith("::")


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("plain text, café", "plain text, café"),
        ("a\nb\rc\td", "a\\nb\\rc\\td"),
        ("\x1b[2J\x9b31m\x00\x7f", "\\x1b[2J\\x9b31m\\x00\\x7f"),
        ("\u2028\u202e\ud800", "\\u2028\\u202e\\ud800"),
        ("x\udcffy", "x\\xffy"),  # a byte of a file name that is not UTF-8
        ("###[x] ##[y]", "##\\x23[x] #\\x23[y]"),
    ],
)
def test_printable(raw, shown):
    assert printable(raw) == shown


@pytest.mark.parametrize("name", ["::warning::x.yaml", " ::warning::x.yaml", "\u00a0::x.yaml"])
def test_a_file_name_never_starts_a_line_with_a_command_or_blank(name):
    shown = printable_path(name)
    assert shown.startswith("./")
    assert printable_path("a::b.yaml") == "a::b.yaml" and printable_path("/abs/::x.yaml") == "/abs/::x.yaml"


# --- code frames --------------------------------------------------------------------------------


def _finding(line: int, column: int, end_column: int) -> SimpleNamespace:
    return SimpleNamespace(line=line, column=column, end_line=line, end_column=end_column)


def _caret_under(frame: list[str]) -> str:
    """The text a code frame's carets point at."""
    shown = next(line for line in frame if line.startswith(">"))
    carets = next(line for line in frame if "^" in line)
    start = carets.index("^")
    return shown[start : carets.rindex("^") + 1]


@pytest.mark.parametrize("column", [1, 70, 5_000, 99_990])
def test_a_long_line_shows_a_window_around_the_column(column):
    line = "x" * (column - 1) + "TARGET" + "y" * (100_000 - column - 5)
    frame = code_frame(["before " * 50_000, line, "after"], _finding(2, column, column + 6))
    assert _caret_under(frame) == "TARGET"
    assert all(len(text) <= FRAME_WIDTH + 20 for text in frame)  # never proportional to the column
    assert frame[1].startswith("> 2 | ...") == (column - 1 > FRAME_WIDTH // 3)
    assert frame[1].endswith("...") == (column < 99_000)


def test_a_frame_marks_the_span_after_escaped_characters():
    frame = code_frame(['Runtime: "a\\x1b\x1b\tb" # c'], _finding(1, 16, 19))
    assert frame[0] == '> 1 | Runtime: "a\\x1b\\x1b b" # c'
    assert _caret_under(frame) == "\\x1b b"


def test_a_minified_template_gives_output_proportional_to_its_findings(tmp_path):
    """2,000 functions on one 370 KB line: each frame is a window, not the line up to the column."""
    function = {"Type": "AWS::Lambda::Function", "Properties": {"Timeout": 5000, "Runtime": "python3.12", "Handler": "a.b", "Role": "arn:aws:iam::123456789012:role/r", "Code": {"S3Bucket": "b", "S3Key": "k"}}}
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {f"F{i}": function for i in range(2000)}}
    (tmp_path / "min.json").write_text(json.dumps(template, separators=(",", ":")))
    text = _stdout(run_slint("lint", "--no-color", "--select", "SL101", "min.json", cwd=tmp_path))
    headers = re.findall(r"^min\.json:1:(\d+): error SL101 ", text, re.MULTILINE)
    assert len(headers) == 2000 and int(headers[-1]) > 370_000
    assert len(text) < 2000 * 600  # about 400 bytes a finding; the column-sized carets made it 377 MB
    frames = text.split("\n\n")[:-1]
    last = frames[-1].splitlines()
    assert _caret_under(last) == "5000"


# --- any string reaches every output ------------------------------------------------------------


@pytest.fixture
def surrogates(tmp_path):
    # a lone surrogate is valid JSON (\ud800) but no encoding can write it
    (tmp_path / "s.json").write_text(json.dumps(_function("py\ud800", "Fn\ud800")))
    odd_name = os.fsdecode(b"not-utf8-\xff.yaml")
    (tmp_path / odd_name).write_text(json.dumps(_function("py")))
    return tmp_path, odd_name


@pytest.mark.parametrize("fmt", ["text", "github", "sarif", "json", "junit"])
def test_every_format_writes_lone_surrogates_and_odd_file_names(surrogates, fmt):
    folder, odd_name = surrogates
    stdout = _stdout(run_slint("lint", "--format", fmt, "--select", "SL210", "s.json", odd_name, cwd=folder))
    report = _stdout(run_slint("lint", "--format", fmt, "--select", "SL210", "-o", "report.out", "s.json", odd_name, cwd=folder))
    assert report == ""
    assert (folder / "report.out").read_text(encoding="utf-8") == stdout
    if fmt in ("text", "github"):
        assert "Runtime py\\ud800 is not a Lambda runtime identifier" in stdout
        assert "not-utf8-\\xff.yaml" in stdout
    elif fmt in ("json", "sarif"):
        document = json.loads(stdout)
        messages = [f["message"] for f in document["findings"]] if fmt == "json" else [r["message"]["text"] for r in document["runs"][0]["results"]]
        assert "Runtime py\ud800 is not a Lambda runtime identifier" in messages
    if fmt == "sarif":
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(stdout)["runs"][0]["results"]}
        assert uris == {"s.json", "not-utf8-%FF.yaml"}


def test_graph_escapes_names_in_every_format(tmp_path):
    (tmp_path / "t.json").write_text(json.dumps({"Resources": {'Q"\n::error::x|\ud800': {"Type": "AWS::SQS::Queue"}}}))
    for fmt, shown in (("dot", '"Q\\"\\\\n::error::x|\\\\ud800"'), ("mermaid", '["Q#quot;\\n::error::x#124;\\ud800<br/>AWS::SQS::Queue"]')):
        completed = run_slint("graph", "--format", fmt, "t.json", cwd=tmp_path)
        assert completed.returncode == 0, completed.stderr
        text = completed.stdout.decode()
        assert shown in text
        _no_line_is_a_command(text)
    completed = run_slint("graph", "--format", "json", "t.json", cwd=tmp_path)
    assert json.loads(completed.stdout)["nodes"][0]["id"] == 'Q"\n::error::x|\ud800'
