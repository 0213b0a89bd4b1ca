"""A template on standard input with --stdin-filename is linted exactly as the file at that path."""

from __future__ import annotations

import json

from click.testing import CliRunner

from slint.cli import main

TEMPLATE = """Parameters:
  Timeout: {Type: Number, Default: 30}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: !Ref Timeout
      MemorySize: 20000
"""


def _repository(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / ".slint.yaml").write_text('select: [SL101, SL103]\nper_file_ignores: {"legacy/*.yaml": [SL103]}\n')
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "samconfig.toml").write_text(
        'version = 0.1\n[default.deploy.parameters]\nparameter_overrides = "Timeout=1200"\n'
    )
    (tmp_path / "legacy" / "x.yaml").write_text(TEMPLATE)


def _findings(args: list[str], stdin: str | None = None) -> list[tuple]:
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--format", "json", *args], input=stdin)
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    return [
        (f["rule"], f["file"], f["line"], f["message"], f["suppressed"])
        for f in report["findings"] + report["suppressed_findings"]
    ]


def test_stdin_filename_decides_configuration_per_file_ignores_and_samconfig(tmp_path, monkeypatch):
    _repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    from_file = _findings(["legacy/x.yaml"])
    assert from_file == [
        (
            "SL101",
            "legacy/x.yaml",
            7,
            "Timeout 1200 exceeds Lambda's maximum of 900 seconds (from parameter Timeout (override))",
            None,
        ),
        ("SL103", "legacy/x.yaml", 8, "MemorySize 20000 MB is outside Lambda's range of 128 to 10240 MB", "config"),
    ]
    assert _findings(["-", "--stdin-filename", "legacy/x.yaml"], stdin=TEMPLATE) == from_file


def test_stdin_filename_finds_the_configuration_from_another_working_directory(tmp_path, monkeypatch):
    _repository(tmp_path / "repo")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    name = str(tmp_path / "repo" / "legacy" / "x.yaml")
    assert [
        (rule, suppressed) for rule, _, _, _, suppressed in _findings(["-", "--stdin-filename", name], stdin=TEMPLATE)
    ] == [
        ("SL101", None),
        ("SL103", "config"),
    ]


def test_stdin_filename_that_is_excluded_is_skipped_like_the_file(tmp_path, monkeypatch):
    _repository(tmp_path)
    (tmp_path / ".slint.yaml").write_text("exclude: [legacy]\n")
    monkeypatch.chdir(tmp_path)
    assert _findings(["-", "--stdin-filename", "legacy/x.yaml"], stdin=TEMPLATE) == []
    assert _findings(["legacy/x.yaml"]) == []
