"""Hostile runtime input: what a repository holds besides templates (samconfig, local rules,
unreadable paths, configuration) never ends the whole run; it becomes a finding for the files
it concerns, or a configuration error with its file and line, never a traceback or a silent
success. Every run goes through the real CLI in a bounded child process (tests/slint_cli.py)."""

from __future__ import annotations

import json
import subprocess
import sys
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
