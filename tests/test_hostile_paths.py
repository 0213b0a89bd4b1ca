"""Paths on the command line: loops, dangling links, pipes and odd entries never hang or stop the run;
linting never changes an input file; reports are written atomically."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from slint import output
from slint.api import iter_template_files

from .slint_cli import by_file, lint_json, run_slint

TEMPLATE = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: 901\n      Runtime: python3.12\n      Handler: app.handler\n      Role: arn:aws:iam::123456789012:role/fn\n      Code: {S3Bucket: bucket, S3Key: fn.zip}\n'
TIMEOUT_FINDING = ("SL101", 6, "Timeout 901 exceeds Lambda's maximum of 900 seconds")
FORMATS = ("text", "json", "sarif", "github", "junit")


@pytest.fixture
def odd_tree(tmp_path):
    root = tmp_path / "project"
    (root / "service").mkdir(parents=True)
    (root / "service" / "template.yaml").write_text(TEMPLATE)
    os.symlink("..", root / "service" / "parent")  # a directory loop
    os.symlink(".", root / "self")
    os.symlink("loop.yaml", root / "loop.yaml")  # a file loop
    os.symlink("/nonexistent/template.yaml", root / "dangling.yaml")
    (root / "folder.yaml").mkdir()  # a directory with a template's name
    (root / "folder.yaml" / "inner.yaml").write_text(TEMPLATE)
    os.mkfifo(root / "pipe.yaml")  # a named pipe nobody writes to
    return root


def test_walk_follows_no_directory_link(odd_tree):
    found = sorted(str(p.relative_to(odd_tree)) for p in iter_template_files([odd_tree]))
    assert found == ["dangling.yaml", "folder.yaml/inner.yaml", "loop.yaml", "pipe.yaml", "service/template.yaml"]


def test_unreadable_entries_are_reported_and_the_rest_goes_on(odd_tree):
    report, completed = lint_json(".", cwd=odd_tree)
    assert completed.returncode == 1
    assert by_file(report) == {
        "dangling.yaml": [("SL001", 1, "cannot read file: No such file or directory")],
        "loop.yaml": [("SL001", 1, "cannot read file: Too many levels of symbolic links")],
        "inner.yaml": [TIMEOUT_FINDING],
        "template.yaml": [TIMEOUT_FINDING],
    }
    assert report["summary"]["files"] == 5  # the pipe reads as empty: not a template, skipped


def test_an_unreadable_file_raising_in_open_is_reported(tmp_path, monkeypatch):
    """Running as root, chmod 000 blocks nothing: simulate a read error instead."""
    from slint import api, sources

    (tmp_path / "secret.yaml").write_text(TEMPLATE)
    (tmp_path / "open.yaml").write_text(TEMPLATE)
    real_open = sources._open_for_reading

    def refuse_secret(path):
        if Path(path).name == "secret.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path)

    monkeypatch.setattr(sources, "_open_for_reading", refuse_secret)
    monkeypatch.chdir(tmp_path)
    report = api.lint_paths([tmp_path], api.load_settings([tmp_path]))
    found = {Path(f.file).name: (f.rule, f.line, f.message) for f in report.findings}
    assert found == {"secret.yaml": ("SL001", 1, "cannot read file: Permission denied"), "open.yaml": TIMEOUT_FINDING}


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_lint_never_modifies_an_input_file(tmp_path, fmt):
    (tmp_path / "template.yaml").write_text(TEMPLATE + "      MemorySize: 1  # slint: ignore[SL102]\n")
    (tmp_path / "crlf.yaml").write_bytes(TEMPLATE.replace("\n", "\r\n").encode())
    (tmp_path / "samconfig.toml").write_text('version = 0.1\n[default.deploy.parameters]\nregion = "eu-west-1"\n')
    (tmp_path / ".slint.yaml").write_text("report_unused_suppressions: true\n")
    before = _digests(tmp_path)
    completed = run_slint(
        "lint", "--format", fmt, "--output", tmp_path / "out" / f"report.{fmt}", tmp_path, cwd=tmp_path
    )
    assert completed.returncode == 1, completed.stderr
    after = _digests(tmp_path)
    assert after.pop(f"out/report.{fmt}")
    assert after == before


def test_output_replaces_the_report_whole(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old report")
    output.write_atomic(target, "new report")
    assert target.read_text() == "new report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary left behind


def test_failed_write_keeps_the_old_report_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("old report")

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", disk_full)
    with pytest.raises(OSError):
        output.write_atomic(target, "new report")
    assert target.read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_report_file_gets_ordinary_permissions(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        output.write_atomic(tmp_path / "report.sarif", "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "report.sarif").stat().st_mode) == 0o644
