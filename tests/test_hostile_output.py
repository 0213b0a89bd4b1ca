"""Output a template cannot forge, bounded in size, that any string can reach; reads that stay
bounded; reports that never overwrite an input; errors that never disclose a file's content.

Runs go through the real CLI in a child process (bounded by the hang and memory guards of
slint_cli.py), the way CI runs slint on a pull request."""

from __future__ import annotations

import json
import os
import re
import stat
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
    return {
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {logical_id: {"Type": "AWS::Serverless::Function", "Properties": properties}},
    }


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
    assert (
        f"t.json:1:129: error SL210 [lambda-runtime-unsupported] Runtime {FORGERY_ESCAPED} is not a Lambda runtime identifier\n"
        in text
    )
    assert (
        f"\n./{FORGED_NAME}:1:129: error SL210 [lambda-runtime-unsupported] Runtime cobol is not a Lambda runtime identifier\n"
        in text
    )
    # the frame: a window around the column of the JSON source (its own \n escapes), "##[" escaped
    assert (
        '> 1 | ...WS::Serverless::Function", "Properties": {"Runtime": "python2.7\\n::error file=README.md,line=1::forged\\n::stop-commands::x\\r#\\x23[warning]v1\\u001b'
        in text
    )


def test_github_output_escapes_values_inside_one_annotation(forged):
    text = _stdout(run_slint("lint", "--format", "github", "--select", "SL210", "t.json", FORGED_NAME, cwd=forged))
    lines = text.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("::error file=") for line in lines)
    assert "##[" not in text and "\x1b" not in text and "\r" not in text
    forged_line = next(line for line in lines if "file=t.json" in line)
    message = forged_line.split("::", 2)[2]
    assert message.startswith(f"Runtime {FORGERY_ESCAPED} is not a Lambda runtime identifier%0AResource: Fn%0A")
    assert (
        f"file={FORGED_NAME.replace(':', '%3A').replace(',', '%2C')}," in text
    )  # a property: its colons cannot end it


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


@pytest.mark.parametrize("column", [1, 70, FRAME_WIDTH - 3, FRAME_WIDTH - 2, 5_000, 99_990])
def test_a_long_line_shows_a_window_around_the_column(column):
    line = "x" * (column - 1) + "TARGET" + "y" * (100_000 - column - 5)
    frame = code_frame(["before " * 50_000, line, "after"], _finding(2, column, column + 6))
    assert _caret_under(frame) == "TARGET"
    assert all(len(text) <= FRAME_WIDTH + 20 for text in frame)  # never proportional to the column
    assert frame[1].startswith("> 2 | ...") == (column + 6 > FRAME_WIDTH - 2)  # the start is shown while the span fits
    assert frame[1].endswith("...") == (column < 99_000)


def test_a_frame_marks_the_span_after_escaped_characters():
    frame = code_frame(['Runtime: "a\\x1b\x1b\tb" # c'], _finding(1, 16, 19))
    assert frame[0] == '> 1 | Runtime: "a\\x1b\\x1b b" # c'
    assert _caret_under(frame) == "\\x1b b"


def test_a_minified_template_gives_output_proportional_to_its_findings(tmp_path):
    """2,000 functions on one 370 KB line: each frame is a window, not the line up to the column
    (1,000 findings of a rule are listed per file, then one that counts the rest)."""
    function = {
        "Type": "AWS::Lambda::Function",
        "Properties": {
            "Timeout": 5000,
            "Runtime": "python3.12",
            "Handler": "a.b",
            "Role": "arn:aws:iam::123456789012:role/r",
            "Code": {"S3Bucket": "b", "S3Key": "k"},
        },
    }
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {f"F{i}": function for i in range(2000)}}
    (tmp_path / "min.json").write_text(json.dumps(template, separators=(",", ":")))
    text = _stdout(run_slint("lint", "--no-color", "--select", "SL101", "min.json", cwd=tmp_path))
    headers = re.findall(r"^min\.json:1:(\d+): error SL101 ", text, re.MULTILINE)
    assert len(headers) == 1001 and int(headers[-1]) > 180_000
    assert "1,000 more SL101 findings like the above not listed" in text
    assert len(text) < 1001 * 600  # about 400 bytes a finding; the column-sized carets made it 377 MB
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
    report = _stdout(
        run_slint("lint", "--format", fmt, "--select", "SL210", "-o", "report.out", "s.json", odd_name, cwd=folder)
    )
    assert report == ""
    assert (folder / "report.out").read_text(encoding="utf-8") == stdout
    if fmt in ("text", "github"):
        assert "Runtime py\\ud800 is not a Lambda runtime identifier" in stdout
        assert "not-utf8-\\xff.yaml" in stdout
    elif fmt in ("json", "sarif"):
        document = json.loads(stdout)
        messages = (
            [f["message"] for f in document["findings"]]
            if fmt == "json"
            else [r["message"]["text"] for r in document["runs"][0]["results"]]
        )
        assert "Runtime py\ud800 is not a Lambda runtime identifier" in messages
    if fmt == "sarif":
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(stdout)["runs"][0]["results"]
        }
        assert uris == {"s.json", "not-utf8-%FF.yaml"}


def test_graph_escapes_names_in_every_format(tmp_path):
    (tmp_path / "t.json").write_text(json.dumps({"Resources": {'Q"\n::error::x|\ud800': {"Type": "AWS::SQS::Queue"}}}))
    for fmt, shown in (
        ("dot", '"Q\\"\\\\n::error::x|\\\\ud800"'),
        ("mermaid", '["Q#quot;\\n::error::x#124;\\ud800<br/>AWS::SQS::Queue"]'),
    ):
        completed = run_slint("graph", "--format", fmt, "t.json", cwd=tmp_path)
        assert completed.returncode == 0, completed.stderr
        text = completed.stdout.decode()
        assert shown in text
        _no_line_is_a_command(text)
    completed = run_slint("graph", "--format", "json", "t.json", cwd=tmp_path)
    assert json.loads(completed.stdout)["nodes"][0]["id"] == 'Q"\n::error::x|\ud800'


# --- bounded reads, special files never read ----------------------------------------------------


def test_endless_stdin_is_read_up_to_the_size_limit(tmp_path):
    """`yes | slint lint -`: read without a bound, this fills the memory guard."""
    import subprocess
    import sys

    from .slint_cli import HANG_GUARD_SECONDS, _limit_memory

    yes = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "slint", "lint", "--no-cache", "--format", "json", "-"],
            cwd=tmp_path, stdin=yes.stdout, capture_output=True, timeout=HANG_GUARD_SECONDS, preexec_fn=_limit_memory,
        )  # fmt: skip
    finally:
        yes.kill()
        yes.wait()
    report = json.loads(completed.stdout)
    assert [(f["rule"], f["file"], f["line"]) for f in report["findings"]] == [("SL001", "<stdin>", 1)]
    assert "file is larger than 10,485,760 bytes" in report["findings"][0]["message"]


EXPRESS_MACHINE = """Transform: AWS::Serverless-2016-10-31
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: EXPRESS
      DefinitionUri: {uri}
"""
SYNC_DEFINITION = json.dumps(
    {
        "StartAt": "Build",
        "States": {"Build": {"Type": "Task", "Resource": "arn:aws:states:::codebuild:startBuild.sync", "End": True}},
    }
)


@pytest.mark.parametrize(
    "uri, read",
    [
        ("machine.asl.json", True),
        ("../outside.asl.json", False),  # outside the git work tree, as SL201 confines artifacts
        ("link-out.asl.json", False),  # a link inside the repository to a file outside it
        ("fifo.asl.json", False),  # a FIFO nobody writes to: never opened for a blocking read
        ("/dev/zero", False),
        ("/proc/kmsg", False),  # a special file that reports size 0 and blocks on read
    ],
)
def test_state_machine_definitions_are_read_inside_the_repository_only(tmp_path, uri, read):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "machine.asl.json").write_text(SYNC_DEFINITION)
    (tmp_path / "outside.asl.json").write_text(SYNC_DEFINITION)
    (repo / "link-out.asl.json").symlink_to(tmp_path / "outside.asl.json")
    os.mkfifo(repo / "fifo.asl.json")
    (repo / "template.yaml").write_text(EXPRESS_MACHINE.format(uri=uri))
    completed = run_slint("lint", "--format", "json", "--select", "SL850", "template.yaml", cwd=repo)
    assert "Traceback" not in completed.stderr.decode()
    found = [(f["rule"], f["line"], f["message"]) for f in json.loads(completed.stdout)["findings"]]
    expected = [
        (
            "SL850",
            7,
            "State Build uses arn:aws:states:::codebuild:startBuild.sync; Express workflows support only request-response integrations",
        )
    ]
    assert found == (expected if read else [])


def test_read_regular_file_refuses_what_is_not_one(tmp_path):
    from slint.artifacts import read_regular_file

    (tmp_path / "small.json").write_text("{}")
    os.mkfifo(tmp_path / "fifo")
    assert read_regular_file(tmp_path / "small.json", 2) == b"{}"
    for path, problem in (
        (tmp_path / "small.json", "is larger than 1 bytes"),
        ("/dev/zero", "is not a regular file"),
        (tmp_path / "fifo", "is not a regular file"),
        (tmp_path, "is not a regular file"),
    ):
        with pytest.raises(ValueError, match=problem):
            read_regular_file(path, 1)
    with pytest.raises(ValueError, match="is larger than 16 bytes"):
        read_regular_file("/proc/self/maps", 16)  # reports size 0: the bound holds past the reported size


@pytest.mark.parametrize(
    "policy, message",
    [
        ("/dev/zero", "cannot read policy file: is not a regular file"),
        ("fifo.yaml", "cannot read policy file: is not a regular file"),
    ],
)
def test_policy_files_are_regular_files_read_with_a_bound(tmp_path, policy, message):
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / ".slint.yaml").write_text(f"policies: [{policy}]\n")
    (tmp_path / "t.yaml").write_text("Resources: {}\n")
    completed = run_slint("lint", "t.yaml", cwd=tmp_path)
    assert completed.returncode == 2
    assert completed.stderr.decode().endswith(f": {message}\n")


# --- no disclosure ------------------------------------------------------------------------------

SECRETS = {
    "key.pem": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
    "env.yaml": "AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG\n",
    "list.yaml": "- wJalrXUtnFEMI/K7MDENG\n",
    "broken.yaml": 'token: "wJalrXUtnFEMI\\q"\n',  # invalid YAML whose error would quote it
    "dupes.yaml": "wJalrXUtnFEMI: 1\nwJalrXUtnFEMI: 2\n",
}


@pytest.mark.parametrize("name", sorted(SECRETS))
def test_a_policy_path_to_another_file_never_prints_its_content(tmp_path, name):
    (tmp_path / name).write_text(SECRETS[name])
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".slint.yaml").write_text(f"policies: [../{name}]\n")
    (repo / "t.yaml").write_text("Resources: {}\n")
    completed = run_slint("lint", "t.yaml", cwd=repo)
    stderr = completed.stderr.decode()
    assert completed.returncode == 2
    assert stderr.startswith(f"slint: configuration error: {tmp_path / name}")
    assert "not a policy file" in stderr or "invalid YAML" in stderr
    for secret in ("MIIEvQ", "wJalrX", "AWS_SECRET", "PRIVATE"):
        assert secret not in stderr


# --- safe writes --------------------------------------------------------------------------------


@pytest.fixture
def linted(tmp_path):
    (tmp_path / "template.yaml").write_text(json.dumps(_function("cobol")))
    return tmp_path


def _write(folder: Path, target: str | Path):
    return run_slint("lint", "--select", "SL210", "-o", target, "template.yaml", cwd=folder)


def test_output_refuses_to_overwrite_a_linted_template(linted):
    before = (linted / "template.yaml").read_bytes()
    (linted / "alias.yaml").symlink_to("template.yaml")
    for target in ("template.yaml", "./template.yaml", "alias.yaml"):
        completed = _write(linted, target)
        assert completed.returncode == 2
        assert (
            completed.stderr.decode()
            == f"slint: cannot write the report: {target}: is one of the linted files; slint does not overwrite its input\n"
        )
        assert (linted / "template.yaml").read_bytes() == before


def test_output_through_a_link_writes_its_target(linted):
    (linted / "reports").mkdir()
    (linted / "report.txt").symlink_to("reports/latest.txt")
    assert _write(linted, "report.txt").returncode == 1
    assert (linted / "report.txt").is_symlink()
    assert "Runtime cobol is not a Lambda runtime identifier" in (linted / "reports" / "latest.txt").read_text()


def test_output_to_a_device_or_fifo_writes_into_it(linted):
    # never /dev/null itself: run against code that replaces it, this test would break the machine
    try:
        os.mknod(linted / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pass
    else:
        assert _write(linted, "null").returncode == 1
        assert (linted / "null").is_char_device()
    os.mkfifo(linted / "pipe")
    with _reader(linted / "pipe") as received:
        assert _write(linted, "pipe").returncode == 1
    assert (linted / "pipe").is_fifo()
    assert b"Runtime cobol is not a Lambda runtime identifier" in received.result


class _reader:
    """Reads a FIFO in a thread while slint writes into it."""

    def __init__(self, path):
        import threading

        self.path, self.result = path, b""
        self.thread = threading.Thread(target=self._read, daemon=True)

    def _read(self):
        with open(self.path, "rb") as pipe:
            self.result = pipe.read()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.thread.join(30)


@pytest.mark.parametrize(
    "target, problem",
    [
        ("/proc/version", "/proc/version: "),
        ("missing-parent-file/x" + "y" * 300, "File name too long"),
        ("a" * 250, None),  # a long but valid name: the temporary file's name must not exceed the limit
        (".", "is a directory"),
    ],
)
def test_output_errors_are_messages(linted, target, problem):
    completed = _write(linted, target)
    stderr = completed.stderr.decode()
    assert "Traceback" not in stderr
    if problem is None:
        assert completed.returncode == 1, stderr
        assert "Runtime cobol" in (linted / target).read_text()
    else:
        assert completed.returncode == 2
        assert problem in stderr


def test_output_into_a_read_only_folder_is_a_message(linted):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    (linted / "ro").mkdir(mode=0o555)
    completed = _write(linted, "ro/report.txt")
    assert completed.returncode == 2
    assert completed.stderr.decode() == "slint: cannot write the report: ro/report.txt: Permission denied\n"


# --- slint graph --------------------------------------------------------------------------------


def test_graph_draws_a_template_with_a_huge_integer(tmp_path):
    """An integer past Python's digit limit stays text; the graph is drawn, not an error."""
    (tmp_path / "huge-int.yaml").write_text(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {DelaySeconds: " + "9" * 5000 + "}\n"
    )
    completed = run_slint("graph", "huge-int.yaml", cwd=tmp_path)
    assert completed.returncode == 0 and 'n0["Q<br/>AWS::SQS::Queue"]' in completed.stdout.decode()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("fifo.yaml", None, "not a CloudFormation/SAM template"),
        (
            "/dev/zero",
            None,
            "file is larger than 10,485,760 bytes, the most slint reads (CloudFormation accepts 1 MB); not analysed",
        ),
    ],
)
def test_graph_errors_are_messages(tmp_path, name, content, message):
    if content is not None:
        (tmp_path / name).write_text(content)
    elif not name.startswith("/"):
        os.mkfifo(tmp_path / name)
    completed = run_slint("graph", name, cwd=tmp_path)
    stderr = completed.stderr.decode()
    assert completed.returncode == 2
    assert stderr.startswith(f"slint: configuration error: {name}") and message in stderr
    assert "Traceback" not in stderr


# --- any string, property-based ------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# every code point class that matters here, weighted towards the dangerous ones
_HOSTILE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list("\n\r\t\x1b\x07\x85\x9b\u2028\u202e\ud800\udcff:#[,%") + ["::", "##[", "::error::", " "]),
        st.characters(),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(value=_HOSTILE_TEXT, logical_id=_HOSTILE_TEXT)
def test_no_value_or_logical_id_forges_a_line(value, logical_id):
    from slint.api import lint_text
    from slint.reporters import render

    report = lint_text(json.dumps(_function("bad" + value, "Fn" + logical_id)))
    assert report.findings  # SL210 on the runtime at least: the values reach the output
    text = render(report, "text")
    github = render(report, "github")
    for line in text.split("\n"):
        assert not line.lstrip().startswith("::")
    for line in github.split("\n")[:-1]:
        assert re.fullmatch(r"::(error|warning|notice) file=[^:\n\r]*::[^\n\r]*", line), line
    for output in (text, github):
        assert "##[" not in output and "\r" not in output and "\x1b" not in output
        output.encode("utf-8")  # no lone surrogate left
