"""Hostile runtime input: what a repository holds besides templates (samconfig, local rules,
unreadable paths, configuration) never ends the whole run; it becomes a finding for the files
it concerns, or a configuration error with its file and line, never a traceback or a silent
success. Every run goes through the real CLI in a bounded child process (tests/slint_cli.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .slint_cli import HANG_GUARD_SECONDS, _limit_memory, by_file

TEMPLATE = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: 901\n      Runtime: python3.12\n      Handler: app.handler\n      Role: arn:aws:iam::123456789012:role/fn\n      Code: {S3Bucket: bucket, S3Key: fn.zip}\n'
TIMEOUT_FINDING = ("SL101", 6, "Timeout 901 exceeds Lambda's maximum of 900 seconds")


def slint(*args: str | Path, cwd: Path, cache: bool = True) -> subprocess.CompletedProcess:
    """``slint <args>`` in a child process, with the result cache in ``cwd/.cache`` (on, as by default)."""
    cache_args = ["--cache-dir", str(cwd / ".cache")] if cache else ["--no-cache"]
    if args[0] == "lint":
        args = ("lint", *cache_args, *args[1:])
    return subprocess.run(
        [sys.executable, "-m", "slint", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=HANG_GUARD_SECONDS, preexec_fn=_limit_memory,
    )  # fmt: skip


def lint_json(*args: str | Path, cwd: Path, cache: bool = True) -> tuple[dict, subprocess.CompletedProcess]:
    completed = slint("lint", "--format", "json", *args, cwd=cwd, cache=cache)
    assert "Traceback" not in completed.stderr, completed.stderr
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(completed.stdout), completed


def config_error(completed: subprocess.CompletedProcess) -> str:
    """The one line a configuration error prints, after checking it is one (exit 2, no traceback)."""
    assert completed.returncode == 2, (completed.returncode, completed.stdout, completed.stderr)
    assert "Traceback" not in completed.stderr, completed.stderr
    assert completed.stdout == ""
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    return lines[0]


# -- samconfig ----------------------------------------------------------------------------------

BROKEN_SAMCONFIGS = {
    "nested 5,000 deep": ("version = 0.1\nx = " + "[" * 5000 + "]" * 5000 + "\n", None, "nesting too deep"),
    "a 5,000-digit number": ("version = 0.1\nx = 1" + "0" * 5000 + "\n", None, "Exceeds the limit (4300 digits)"),
    "invalid TOML": ("version = 0.1\n[default\n", 2, "invalid TOML"),
}


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
@pytest.mark.parametrize("name", list(BROKEN_SAMCONFIGS))
def test_a_broken_samconfig_is_a_finding_of_the_templates_beside_it_and_the_others_are_linted(tmp_path, name, cache):
    content, line, reason = BROKEN_SAMCONFIGS[name]
    for folder in ("good", "broken"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "broken" / "samconfig.toml").write_text(content)
    (tmp_path / "broken" / "notes.yaml").write_text("just: yaml\n")  # not a template: samconfig does not concern it

    for _ in range(2):  # the second run is served from the cache when it is on
        report, completed = lint_json(".", cwd=tmp_path, cache=cache)
        assert completed.returncode == 1
        found = {(f["file"], f["rule"], f["line"]): f["message"] for f in report["findings"]}
        assert set(found) == {
            ("good/template.yaml", "SL101", 6),
            ("broken/template.yaml", "SL101", 6),  # still linted, without the samconfig's values
            ("broken/template.yaml", "SL001", 1),
        }
        where = "broken/samconfig.toml" + (f":{line}:" if line else ":")
        message = found[("broken/template.yaml", "SL001", 1)]
        assert message.startswith(f"samconfig not used, so neither its region nor its parameters: {where}")
        assert reason in message


def test_a_huge_samconfig_or_configuration_is_not_read_whole(tmp_path):
    """11 MB of sparse file each: past the 10 MB read, an error, never the whole file in memory."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "template.yaml").write_text(TEMPLATE)
    with open(tmp_path / "app" / "samconfig.toml", "wb") as handle:
        handle.truncate(11 * 1024 * 1024)
    report, _ = lint_json(".", cwd=tmp_path, cache=False)
    assert by_file(report)["template.yaml"] == [
        (
            "SL001",
            1,
            "samconfig not used, so neither its region nor its parameters: app/samconfig.toml: cannot read samconfig: [Errno 27] larger than 10,485,760 bytes, the most slint reads",
        ),
        TIMEOUT_FINDING,
    ]
    with open(tmp_path / ".slint.yaml", "wb") as handle:
        handle.truncate(11 * 1024 * 1024)
    message = config_error(slint("lint", ".", cwd=tmp_path, cache=False))
    assert (
        message
        == f"slint: configuration error: {tmp_path}/.slint.yaml: cannot read configuration: [Errno 27] larger than 10,485,760 bytes, the most slint reads"
    )


def test_a_broken_samconfig_gives_the_same_findings_with_jobs(tmp_path):
    for group in ("a", "b"):
        for index in range(12):
            (tmp_path / group).mkdir(exist_ok=True)
            (tmp_path / group / f"t{index:02d}.yaml").write_text(TEMPLATE)
    (tmp_path / "b" / "samconfig.toml").write_text("version = 0.1\n[default\n")

    serial, _ = lint_json("--jobs", "1", ".", cwd=tmp_path, cache=False)
    parallel, _ = lint_json("--jobs", "2", ".", cwd=tmp_path, cache=False)

    assert parallel == serial
    assert by_file(serial)["t00.yaml"].count(TIMEOUT_FINDING) == 2  # in a/ and in b/
    assert sum(1 for f in serial["findings"] if f["rule"] == "SL001" and f["file"].startswith("b/")) == 12


# -- configuration -------------------------------------------------------------------------------

HUGE_NUMBER = "1" + "0" * 4400


@pytest.mark.parametrize(
    "name, content, expected",
    [
        (
            ".slint.yaml",
            'today: "2024-13-45"\n',
            ".slint.yaml:1: 'today': 2024-13-45 is not a date (month must be in 1..12)",
        ),
        (
            "pyproject.toml",
            '[[tool.slint]]\nregion = "eu-west-1"\n',
            "pyproject.toml:1: tool.slint must be a table ([tool.slint]) of settings",
        ),
        (
            "pyproject.toml",
            "[tool.slint.options.SL101]\nmax = " + HUGE_NUMBER + "\n",
            "pyproject.toml: invalid TOML: Exceeds the limit (4300 digits) for integer string conversion: value has 4401 digits",
        ),
        # the YAML parser keeps an integer past Python's digit limit as text: the schema then says what is wrong
        (
            ".slint.yaml",
            "options:\n  SL101:\n    max: " + HUGE_NUMBER + "\n",
            ".slint.yaml:1: options for SL101 (lambda-timeout-range): Additional properties are not allowed ('max' was unexpected)",
        ),
        (".slint.yaml", "policies: [loop.yaml]\n", "loop.yaml: cannot read policy file: "),
        (".slint.yaml", "rules_paths: [loop]\n", "loop: rule folder loop is a symbolic link loop"),
    ],
    ids=[
        "impossible-date",
        "tool-slint-array",
        "huge-number-toml",
        "huge-number-yaml",
        "policy-link-loop",
        "rules-link-loop",
    ],
)
def test_odd_configuration_is_a_configuration_error_with_its_file(tmp_path, name, content, expected):
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / name).write_text(content)
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    (tmp_path / "loop").symlink_to("loop")
    message = config_error(slint("lint", "template.yaml", cwd=tmp_path))
    message = message.removeprefix("slint: configuration error: ").replace(f"{tmp_path}/", "")
    assert (
        message == expected or expected.endswith(": ") and message.startswith(expected)
    )  # the policy reader words its own errors


def test_tool_slint_that_is_not_a_table_is_a_configuration_error(tmp_path):
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "pyproject.toml").write_text("tool.slint = 5\n")
    message = config_error(slint("lint", "--config", "pyproject.toml", "template.yaml", cwd=tmp_path))
    assert (
        message == "slint: configuration error: pyproject.toml:1: tool.slint must be a table ([tool.slint]) of settings"
    )


def test_an_empty_cache_dir_is_a_usage_error_and_writes_nothing(tmp_path):
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    completed = slint("lint", "--cache-dir", "", "template.yaml", cwd=tmp_path, cache=False)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert "--cache-dir" in completed.stderr and "empty" in completed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["template.yaml"]


# -- paths that cannot be read -------------------------------------------------------------------


def test_a_path_argument_too_long_to_open_is_a_finding_and_the_other_paths_are_linted(tmp_path):
    (tmp_path / "good.yaml").write_text(TEMPLATE)
    long_name = "a" * 300 + ".yaml"  # longer than any file system allows a name to be
    report, completed = lint_json("good.yaml", long_name, cwd=tmp_path)
    assert completed.returncode == 1
    assert by_file(report) == {
        "good.yaml": [TIMEOUT_FINDING],
        long_name: [("SL001", 1, "cannot read file: File name too long")],
    }


def _deep_folder(root: Path, depth: int, name_length: int = 200) -> str:
    """Folders nested ``depth`` deep below ``root`` (made through directory descriptors, since
    their path is longer than PATH_MAX), a template at the bottom; returns the relative path."""
    fd = os.open(root, os.O_RDONLY)
    parts = []
    try:
        for level in range(depth):
            name = f"{level:02d}" + "d" * (name_length - 2)
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
            parts.append(name)
        out = os.open("template.yaml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, TEMPLATE.encode())
        os.close(out)
    finally:
        os.close(fd)
    return "/".join(parts)


def test_a_folder_below_a_path_longer_than_path_max_is_a_finding_and_the_rest_is_linted(tmp_path):
    (tmp_path / "good.yaml").write_text(TEMPLATE)
    deep = _deep_folder(tmp_path, 22)  # 22 x 201 characters: past Linux's PATH_MAX of 4,096
    report, completed = lint_json(".", cwd=tmp_path, cache=False)
    assert completed.returncode == 1
    found = [(f["file"], f["rule"], f["line"], f["message"]) for f in report["findings"]]
    assert found[0] == ("good.yaml", *TIMEOUT_FINDING)
    assert len(found) == 2
    file, rule, line, message = found[1]
    assert (rule, line, message) == (
        "SL001",
        1,
        "cannot read folder, so no template in it is linted: File name too long",
    )
    assert deep.startswith(file) and len(file) > 4000


def test_a_folder_that_cannot_be_listed_is_a_finding_in_walk_order(tmp_path, monkeypatch):
    """Running as root, chmod 000 blocks nothing: the listing is refused instead."""
    from slint import api

    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "template.yaml").write_text(TEMPLATE)
    scandir = os.scandir

    def refuse_b(path="."):
        if os.path.basename(os.fspath(path)) == "b":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse_b)
    monkeypatch.chdir(tmp_path)
    report = api.lint_paths(["."], api.load_settings(["."]))
    found = [(f.file, f.rule, f.line, f.message) for f in report.findings]
    assert found == [
        ("a/template.yaml", *TIMEOUT_FINDING),
        ("b", "SL001", 1, "cannot read folder, so no template in it is linted: Permission denied"),
        ("c/template.yaml", *TIMEOUT_FINDING),
    ]
    assert report.exit_code() == 1


# -- local rules that exit -----------------------------------------------------------------------

QUEUES = "Resources:\n  First: {Type: AWS::SQS::Queue}\n  Second: {Type: AWS::SQS::Queue}\n"
EXITING_RULE = """\
import sys
import time

from slint.rule import Rule, Severity


class Quits(Rule):
    id = "ACME101"
    name = "quits"
    severity = Severity.WARNING
    resource_types = ("AWS::SQS::Queue",)
    messages = {{"named": "Queue {{queue}} checked"}}

    def check_resource(self, queue, ctx):
        ctx.report(queue, "named", queue=queue.logical_id)
        if queue.logical_id == "First":
            {action}
"""


def _project_with_local_rule(root: Path, module: str, templates: int = 1) -> None:
    (root / "team_rules").mkdir()
    (root / "team_rules" / "quits.py").write_text(module)
    (root / ".slint.yaml").write_text("rules_paths: [team_rules]\nselect: [ACME]\n")
    for index in range(templates):
        (root / f"t{index:02d}.yaml").write_text(QUEUES)


@pytest.mark.parametrize("statement", ["sys.exit(0)", "raise SystemExit", "raise KeyboardInterrupt"])
def test_a_local_rule_module_that_exits_while_importing_is_a_configuration_error(tmp_path, statement):
    _project_with_local_rule(tmp_path, f"import sys\n\n{statement}\n")
    message = config_error(slint("lint", "t00.yaml", cwd=tmp_path)).replace(f"{tmp_path}/", "")
    exception = {
        "sys.exit(0)": "SystemExit: 0",
        "raise SystemExit": "SystemExit",
        "raise KeyboardInterrupt": "KeyboardInterrupt",
    }[statement]
    assert (
        message == f"slint: configuration error: team_rules/quits.py:3: local rule module failed to import: {exception}"
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    "action, error", [("sys.exit(0)", "SystemExit: 0"), ("raise KeyboardInterrupt", "KeyboardInterrupt")]
)
def test_a_local_rule_that_exits_in_a_check_is_an_internal_error_of_that_rule_and_the_run_goes_on(
    tmp_path, action, error, jobs
):
    _project_with_local_rule(tmp_path, EXITING_RULE.format(action=action), templates=20)
    report, completed = lint_json("--jobs", jobs, ".", cwd=tmp_path, cache=False)
    assert completed.returncode == 1  # the internal error fails the run: never a quiet success
    for index in range(20):
        found = [
            (f["rule"], f["line"], f["resource"], f["message"])
            for f in report["findings"]
            if f["file"] == f"t{index:02d}.yaml"
        ]
        assert found == [
            ("ACME101", 2, "First", "Queue First checked"),
            ("SL000", 2, "First", f"rule ACME101 (quits) failed: {error} at quits.py:17"),
            ("ACME101", 3, "Second", "Queue Second checked"),  # the rule still checks the next resource
        ]


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT")
def test_ctrl_c_during_a_rule_still_ends_the_run(tmp_path):
    import signal

    _project_with_local_rule(tmp_path, EXITING_RULE.format(action="open('started', 'w').close(); time.sleep(60)"))
    process = subprocess.Popen(
        [sys.executable, "-m", "slint", "lint", "--no-cache", "t00.yaml"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + HANG_GUARD_SECONDS
        while not (tmp_path / "started").exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=HANG_GUARD_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130
    assert stderr.strip() == "slint: interrupted"
    assert stdout == ""


# -- cache keys ------------------------------------------------------------------------------------

IMAGE_FUNCTION = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Image:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
    Metadata:
      DockerContext: ./app
      Dockerfile: {dockerfile}
"""


@pytest.fixture
def linted(monkeypatch):
    """The files the engine really linted (not served from the cache)."""
    from slint.engine import Engine

    calls: list[str] = []
    lint_bytes = Engine.lint_bytes

    def counting(self, data, file, path=None):
        calls.append(file)
        return lint_bytes(self, data, file, path)

    monkeypatch.setattr(Engine, "lint_bytes", counting)
    return calls


@pytest.mark.parametrize(
    "dockerfile", ["Dockerfile", "../docker/Dockerfile"], ids=["inside-context", "outside-context"]
)
def test_a_changed_docker_context_or_dockerfile_lints_again(tmp_path, linted, dockerfile):
    from slint.api import lint_paths
    from slint.config import Settings

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.py").write_text("print('hello')\n")
    dockerfile_path = (tmp_path / "app" / dockerfile).resolve()
    dockerfile_path.parent.mkdir(exist_ok=True)
    dockerfile_path.write_text("FROM public.ecr.aws/lambda/python:3.12\n")
    template = tmp_path / "template.yaml"
    template.write_text(IMAGE_FUNCTION.format(dockerfile=dockerfile))
    settings, cache_dir = Settings(select=("SL202",)), tmp_path / "cache"

    lint_paths([template], settings, cache_dir=cache_dir)
    lint_paths([template], settings, cache_dir=cache_dir)
    assert len(linted) == 1  # served the second time
    (tmp_path / "app" / "main.py").write_text("print('hello, world')\n")
    lint_paths([template], settings, cache_dir=cache_dir)
    assert len(linted) == 2
    dockerfile_path.write_text("FROM public.ecr.aws/lambda/python:3.13\n")
    lint_paths([template], settings, cache_dir=cache_dir)
    assert len(linted) == 3
    shutil.rmtree(tmp_path / "app")
    report = lint_paths([template], settings, cache_dir=cache_dir)
    assert len(linted) == 4
    assert [(f.rule, f.line, f.message_id) for f in report.findings] == [("SL202", 8, "missing")]


LOCAL_QUEUE_RULE = EXITING_RULE.format(action="pass")


def test_with_local_rules_a_second_run_is_served_from_the_cache(tmp_path):
    """The key once held hash(str(path)), different in every process: every run missed and wrote a new index."""
    _project_with_local_rule(tmp_path, LOCAL_QUEUE_RULE, templates=3)
    first, _ = lint_json(".", cwd=tmp_path)
    (index,) = (tmp_path / ".cache").rglob("*.jsonl")
    written = index.stat().st_mtime_ns, index.read_bytes()

    second, _ = lint_json(".", cwd=tmp_path)

    assert second == first
    assert [f["message"] for f in second["findings"]] == ["Queue First checked", "Queue Second checked"] * 3
    assert list((tmp_path / ".cache").rglob("*.jsonl")) == [index]  # no new index
    assert (index.stat().st_mtime_ns, index.read_bytes()) == written  # every result served: nothing to write
    (tmp_path / "team_rules" / "quits.py").write_text(LOCAL_QUEUE_RULE.replace("checked", "looked at"))
    third, _ = lint_json(".", cwd=tmp_path)
    assert [f["message"] for f in third["findings"]] == ["Queue First looked at", "Queue Second looked at"] * 3


# -- reporters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["sarif", "github"])
def test_a_symlink_loop_named_like_a_template_is_reported_by_path_based_formats(tmp_path, fmt):
    (tmp_path / "good.yaml").write_text(TEMPLATE)
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    (tmp_path / "workspace").symlink_to("workspace")  # even the workspace itself a loop
    for workspace in (str(tmp_path), str(tmp_path / "workspace")):
        completed = subprocess.run(
            [sys.executable, "-m", "slint", "lint", "--no-cache", "--format", fmt, "good.yaml", "loop.yaml"],
            cwd=tmp_path, capture_output=True, text=True, timeout=HANG_GUARD_SECONDS, env={**os.environ, "GITHUB_WORKSPACE": workspace},
        )  # fmt: skip
        assert completed.returncode == 1, completed.stderr
        assert "Traceback" not in completed.stderr
        if fmt == "sarif":
            results = json.loads(completed.stdout)["runs"][0]["results"]
            assert [(r["ruleId"], r["message"]["text"].split(":")[0]) for r in results] == [
                ("SL101", "Timeout 901 exceeds Lambda's maximum of 900 seconds"),
                ("SL001", "cannot read file"),
            ]
            if workspace == str(tmp_path):
                assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results] == [
                    "good.yaml",
                    "loop.yaml",
                ]
        else:
            assert "::error file=good.yaml,line=6," in completed.stdout
            assert "title=SL001 (parse-error)::cannot read file: Too many levels of symbolic links" in completed.stdout


# -- zip archives ------------------------------------------------------------------------------------


def _zip_with_entries(path: Path, count: int) -> Path:
    """A zip whose central directory lists ``count`` empty members (written directly: zipfile
    takes minutes for a million). No member data: the central directory is all slint reads."""
    import struct

    entry = struct.Struct("<4s6H3L5H2L")
    parts = []
    for index in range(count):
        name = f"f{index:07d}.py".encode()
        parts.append(entry.pack(b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0, 0, 0) + name)
    directory = b"".join(parts)
    end64 = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, len(directory), 0)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, len(directory), 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    path.write_bytes(directory + end64 + locator + end)
    return path


def test_a_zip_of_a_million_entries_is_not_measured_and_reported(tmp_path):
    """It took 8 s and 600 MiB, and was read twice (size rule, handler rule); now its entry count
    is read from the end record and nothing more. The harness bounds time and address space."""
    _zip_with_entries(tmp_path / "code.zip", 1_000_000)
    (tmp_path / "template.yaml").write_text(FUNCTION_WITH_ZIP)
    report, completed = lint_json("--select", "SL201,SL203", "template.yaml", cwd=tmp_path, cache=False)
    assert [(f["rule"], f["line"], f["message"]) for f in report["findings"]] == [
        (
            "SL201",
            6,
            "CodeUri code.zip has more than 200,000 entries; not measured; cannot check the 250 MB package limit",
        )
    ]


FUNCTION_WITH_ZIP = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: code.zip
      Handler: app.handler
      Runtime: python3.12
"""


def test_a_zip_is_read_once_for_its_size_and_its_members_and_entries_are_bounded(tmp_path, monkeypatch):
    from slint import artifacts

    archive = _zip_with_entries(tmp_path / "code.zip", 60)
    artifacts._zip_listing.cache_clear()
    assert artifacts.measure(archive).unzipped_bytes == 0
    assert artifacts.has_member(archive, ("f0000059.py",)) is True
    assert artifacts.has_member(archive, ("app.py",)) is False
    assert artifacts._zip_listing.cache_info().misses == 1

    monkeypatch.setattr(artifacts, "MAX_ENTRIES", 50)
    artifacts._zip_listing.cache_clear()
    measurement = artifacts.measure(archive)
    assert (measurement.unzipped_bytes, measurement.problem) == (None, "has more than 50 entries; not measured")
    assert artifacts.has_member(archive, ("f0000059.py",)) is None  # cannot be told


def test_an_unreadable_file_named_beside_a_good_one_is_a_finding_not_a_usage_error(tmp_path, monkeypatch):
    """``slint lint good.yaml unreadable.yaml`` exited 2 (click's readability check) and showed
    nothing for good.yaml. Running as root, chmod 000 blocks nothing: access and open are refused instead."""
    from click.testing import CliRunner

    from slint import sources
    from slint.cli import main

    (tmp_path / "good.yaml").write_text(TEMPLATE)
    (tmp_path / "unreadable.yaml").write_text(TEMPLATE)
    access, open_for_reading = os.access, sources._open_for_reading

    def refused(path, *args, **kwargs):
        if Path(path).name == "unreadable.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return open_for_reading(path, *args, **kwargs)

    monkeypatch.setattr(
        os, "access", lambda path, mode, **kw: Path(path).name != "unreadable.yaml" and access(path, mode, **kw)
    )
    monkeypatch.setattr(sources, "_open_for_reading", refused)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--format", "json", "good.yaml", "unreadable.yaml"])
    assert result.exit_code == 1, result.output
    assert by_file(json.loads(result.output)) == {
        "good.yaml": [TIMEOUT_FINDING],
        "unreadable.yaml": [("SL001", 1, "cannot read file: Permission denied")],
    }
