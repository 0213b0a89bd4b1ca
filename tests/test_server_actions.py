"""The server's conversions without a client: columns in UTF-16, suppression edits, and quick
fixes taken from a finding's ``fix`` (the interface the autofix machinery fills in)."""

from __future__ import annotations

import pytest

pytest.importorskip("pygls", reason="the server extra is not installed")

from lsprotocol import types  # noqa: E402
from pygls.workspace.position_codec import PositionCodec  # noqa: E402

from slint.findings import Edit, Finding, Fix, Severity  # noqa: E402
from slint.server.convert import FIX_ALL_KIND, Positions, diagnostic, suppression_edit  # noqa: E402
from slint.server.linter import DocumentLinter  # noqa: E402
from slint.server.server import Published, SlintServer  # noqa: E402

URI = "file:///project/template.yaml"


def finding(line, column, end_line, end_column, rule="SL101", file="template.yaml") -> Finding:
    return Finding(
        rule,
        "lambda-timeout-range",
        Severity.ERROR,
        "Timeout 1200 exceeds Lambda's maximum of 900 seconds",
        file,
        line,
        column,
        end_line,
        end_column,
    )


def positions(text: str, encoding=types.PositionEncodingKind.Utf16, json: bool = False) -> Positions:
    return Positions(text, PositionCodec(encoding), json)


def test_columns_count_utf16_code_units_after_wide_characters():
    text = 'Description: "\U0001f600 é"  Timeout: 1200\n'
    start = text.index("1200") + 1
    shown = diagnostic(finding(1, start, 1, start + 4), positions(text), URI)
    # the emoji is two UTF-16 units and "é" one, so the value starts one unit later than in characters
    assert shown.range == types.Range(types.Position(0, start), types.Position(0, start + 4))
    utf32 = diagnostic(finding(1, start, 1, start + 4), positions(text, types.PositionEncodingKind.Utf32), URI)
    assert utf32.range.start.character == start - 1


def test_lines_are_split_as_lsp_splits_them():
    text = "a: 1\r\nb: 2\rTimeout: 1200\n"
    shown = diagnostic(finding(3, 10, 3, 14), positions(text), URI)
    assert shown.range.start == types.Position(2, 9)


def test_lines_yaml_breaks_at_that_lsp_does_not_are_mapped_to_lsp_lines():
    text = TEMPLATE.replace("Transform:", 'Description: "a\u2028b"\nTransform:')  # U+2028: a YAML line break only
    (timeout,) = DocumentLinter().lint(text, None).result.findings
    assert (timeout.rule, timeout.line) == ("SL101", 12)  # as the YAML parser counts
    place = positions(text)
    assert diagnostic(timeout, place, URI).range == types.Range(types.Position(10, 15), types.Position(10, 19))
    edit = suppression_edit(timeout, place)
    assert edit.range.start == types.Position(10, 19)
    json_text = '{"a": 1,\r"b": 2\n}'  # a lone CR: a line break for LSP, not for JSON
    assert positions(json_text, json=True).position(2, 1) == types.Position(2, 0)


def test_suppression_joins_an_existing_inline_suppression():
    text = "      Timeout: 1200  # slint: ignore[SL102]\n"
    edit = suppression_edit(finding(1, 16, 1, 20), positions(text))
    assert edit.range.start == edit.range.end == types.Position(0, text.index("]"))
    assert edit.new_text == ", SL101"


def test_suppression_is_appended_after_an_existing_comment_and_skipped_where_it_cannot_go():
    text = "      Timeout: 1200  # seconds\n"
    edit = suppression_edit(finding(1, 16, 1, 20), positions(text))
    assert edit.range.start == types.Position(0, len(text) - 1) and edit.new_text == "  # slint: ignore[SL101]"
    covered = "      Timeout: 1200  # slint: ignore\n"
    assert suppression_edit(finding(1, 16, 1, 20), positions(covered)) is None
    json_text = '{"Timeout": 1200}\n'
    assert suppression_edit(finding(1, 13, 1, 17, file="template.json"), positions(json_text)) is None
    assert suppression_edit(finding(1, 16, 1, 20, rule="SL001"), positions(text)) is None  # a parse error
    quoted = 'Description: "first\n  second"\n'
    assert suppression_edit(finding(1, 14, 2, 10), positions(quoted)) is None


def published_with(findings: list[Finding], text: str) -> Published:
    place = Positions(text, PositionCodec())
    return Published(1, None, place, [(f, diagnostic(f, place, URI)) for f in findings])  # type: ignore[arg-type]


def test_fixes_become_quick_fixes_labelled_by_safety_and_safe_ones_fix_all():
    text = "      Timeout: 1200\n      MemorySize: 20000\n"
    timeout = Finding(
        "SL101", "lambda-timeout-range", Severity.ERROR, "Timeout 1200 exceeds ...", "template.yaml", 1, 16, 1, 20
    )
    timeout.fix = Fix("Set Timeout to 900", True, (Edit(1, 16, 1, 20, "900"),))
    memory = Finding(
        "SL103", "lambda-memory-range", Severity.ERROR, "MemorySize 20000 exceeds ...", "template.yaml", 2, 19, 2, 24
    )
    memory.fix = Fix("Set MemorySize to 10240", False, (Edit(2, 19, 2, 24, "10240"),))
    published = published_with([timeout, memory], text)
    server = SlintServer(DocumentLinter())

    def actions(range_, only=None):
        params = types.CodeActionParams(
            types.TextDocumentIdentifier(URI), range_, types.CodeActionContext([], only=only)
        )
        return server.code_actions(URI, published, params)

    on_timeout = actions(published.shown[0][1].range)
    assert [a.title for a in on_timeout] == [
        "Set Timeout to 900 (SL101)",
        "Suppress SL101 (lambda-timeout-range) on this line",
    ]
    (change,) = on_timeout[0].edit.changes[URI]
    assert change.range == types.Range(types.Position(0, 15), types.Position(0, 19)) and change.new_text == "900"
    assert on_timeout[0].is_preferred
    on_memory = actions(published.shown[1][1].range)
    assert on_memory[0].title == "Set MemorySize to 10240 (SL103) [unsafe]" and not on_memory[0].is_preferred

    whole = types.Range(types.Position(0, 0), types.Position(2, 0))
    (fix_all,) = actions(whole, only=[types.CodeActionKind.SourceFixAll])
    assert fix_all.kind == FIX_ALL_KIND
    assert [e.new_text for e in fix_all.edit.changes[URI]] == ["900"]  # the unsafe fix is left out
    assert actions(whole, only=[types.CodeActionKind.Refactor]) == []


TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: s3://bucket/fn.zip
      Timeout: 1200
"""


def test_documents_are_excluded_and_suppressed_as_slint_lint_would(tmp_path):
    (tmp_path / ".slint.yaml").write_text("exclude: [legacy]\nper_file_ignores: {'old-*.yaml': [SL101]}\n")
    (tmp_path / "legacy").mkdir()
    linter = DocumentLinter()

    def findings(relative: str) -> list[tuple[str, int, str | None]]:
        result = linter.lint(TEMPLATE, tmp_path / relative).result
        return [(f.rule, f.line, f.suppressed) for f in result.findings]

    assert findings("template.yaml") == [("SL101", 10, None)]
    assert findings("old-template.yaml") == [("SL101", 10, "config")]
    assert findings("legacy/template.yaml") == []
    assert linter.lint(TEMPLATE, tmp_path / "legacy" / "template.yaml").result.note == "excluded by the configuration"
