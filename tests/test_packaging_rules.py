"""Packaging rules on artifacts that fixtures cannot hold: absolute paths, symbolic links,
text linted from memory (no folder to look in)."""

from __future__ import annotations

import os

import pytest

from .conftest import lint

TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: {handler}
      CodeUri: {code}
"""


def lint_file(tmp_path, select, **fields):
    from slint.api import lint_paths
    from slint.config import Settings

    template = tmp_path / "template.yaml"
    template.write_text(TEMPLATE.format(**fields), encoding="utf-8")
    report = lint_paths([template], Settings(select=(select,), use_samconfig=False))
    return [(f.line, f.rule, f.message_id, f.message) for f in report.findings]


def test_in_memory_text_is_not_checked_against_the_working_directory():
    report = lint(TEMPLATE.format(handler="app.handler", code="does/not/exist"), select=["SL202", "SL203"])
    assert report.findings == []


def test_absolute_missing_path_is_reported_as_written(tmp_path):
    missing = tmp_path / "gone"
    findings = lint_file(tmp_path, "SL202", handler="app.handler", code=str(missing))
    assert findings == [
        (
            8,
            "SL202",
            "missing",
            f"CodeUri {missing} does not exist (paths are relative to the template's folder); sam build and package fail unless a build step creates it",
        )
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_code_folder_behind_a_symbolic_link_counts_as_present(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "app.py").write_text("def handler(e, c): return e\n")
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    assert lint_file(tmp_path, "SL202", handler="app.handler", code="linked") == []
    assert lint_file(tmp_path, "SL203", handler="app.handler", code="linked") == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_dangling_link_is_missing(tmp_path):
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere", target_is_directory=True)
    findings = lint_file(tmp_path, "SL202", handler="app.handler", code="dangling")
    assert [(line, rule, message_id) for line, rule, message_id, _ in findings] == [(8, "SL202", "missing")]


def test_handler_in_a_single_file_artifact_is_not_guessed(tmp_path):
    (tmp_path / "app.jar").write_bytes(b"not a zip")
    assert lint_file(tmp_path, "SL203", handler="app.handler", code="app.jar") == []


def test_handler_module_inside_a_zip_subfolder(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "code.zip", "w") as archive:
        archive.writestr("src/app.py", "def handler(e, c): return e\n")
    assert lint_file(tmp_path, "SL203", handler="src/app.handler", code="code.zip") == []
    findings = lint_file(tmp_path, "SL203", handler="app.handler", code="code.zip")
    assert findings == [
        (
            7,
            "SL203",
            "missing",
            "Handler app.handler needs app.py or app/__init__.py in CodeUri code.zip, which has no such file",
        )
    ]


@pytest.mark.parametrize(
    ("runtime", "handler", "expected"),
    [
        ("python3.12", "app.handler", ("app.py", "app/__init__.py")),
        ("python3.12", "a.b.handler", ("a/b.py", "a/b/__init__.py")),
        ("python3.12", "v1.2/app.handler", ("v1.2/app.py", "v1.2/app/__init__.py")),
        ("nodejs20.x", "src/index.handler", ("src/index.js", "src/index.mjs", "src/index.cjs")),
        ("ruby3.3", "lib/function.Module::Klass.process", ("lib/function.rb",)),
        ("java21", "com.example.Handler::handle", ()),
        ("python3.12", "nodot", ()),
    ],
)
def test_handler_files(runtime, handler, expected):
    from slint_rules.packaging.sl203_handler_missing import handler_files

    assert handler_files(runtime, handler) == expected
