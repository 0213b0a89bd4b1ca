"""SL201 at AWS's real limit: sparse files count at their apparent size; zips by central directory."""

from __future__ import annotations

import zipfile

from slint.api import lint_paths
from slint.config import Settings

LIMIT = 262_144_000

TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Layer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layer
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: {code}
      Layers: [!Ref Layer]
"""


def _sparse(path, size):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.truncate(size)


def _lint(tmp_path, code):
    template = tmp_path / "template.yaml"
    template.write_text(TEMPLATE.format(code=code))
    report = lint_paths([template], Settings(select=("SL201",), use_samconfig=False))
    return report.findings


def test_exactly_at_the_limit_passes(tmp_path):
    _sparse(tmp_path / "layer" / "lib.bin", 100_000_000)
    _sparse(tmp_path / "src" / "model.bin", LIMIT - 100_000_000)
    assert _lint(tmp_path, "src") == []


def test_one_byte_over_the_limit_is_an_error_at_codeuri(tmp_path):
    _sparse(tmp_path / "layer" / "lib.bin", 100_000_000)
    _sparse(tmp_path / "src" / "model.bin", LIMIT - 100_000_000 + 1)
    (finding,) = _lint(tmp_path, "src")
    assert (finding.rule, finding.line, finding.column, finding.resource) == ("SL201", 12, 16, "Fn")
    assert finding.path == ("Resources", "Fn", "Properties", "CodeUri")
    assert "262,144,001 bytes with 1 layer(s) (100,000,000 bytes)" in finding.message
    assert "allows 262,144,000 bytes" in finding.message


def test_zip_is_measured_from_its_central_directory(tmp_path):
    _sparse(tmp_path / "layer" / "lib.bin", 10)
    archive = tmp_path / "code.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("app.py", "x")
    # Claim a huge uncompressed size in the central directory only: slint must believe it, not extract.
    data = bytearray(archive.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (LIMIT).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    (finding,) = _lint(tmp_path, "code.zip")
    assert finding.rule == "SL201" and finding.message_id == "too_large"
    assert "262,144,010 bytes" in finding.message
