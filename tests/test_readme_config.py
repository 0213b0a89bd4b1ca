"""The README's configuration examples, verbatim: each loads and does what its comments say."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from slint.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"
TEMPLATE = """Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.11
      Handler: app.handler
      CodeUri: s3://bucket/fn.zip
      Layers: [arn:aws:lambda:eu-west-1:123456789012:layer:a:1, arn:aws:lambda:eu-west-1:123456789012:layer:b:1,
               arn:aws:lambda:eu-west-1:123456789012:layer:c:1, arn:aws:lambda:eu-west-1:123456789012:layer:d:1,
               arn:aws:lambda:eu-west-1:123456789012:layer:e:1, arn:aws:lambda:eu-west-1:123456789012:layer:f:1]
      Environment:
        Variables:
          DB_PASSWORD: hunter2
"""


def _readme_block(first_line: str) -> str:
    blocks = re.findall(r"```(?:yaml|toml)\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    matching = [block for block in blocks if block.startswith(first_line + "\n")]
    assert len(matching) == 1, f"README has {len(matching)} blocks starting with {first_line!r}"
    return matching[0]


@pytest.mark.parametrize("config_name", [".slint.yaml", "pyproject.toml"])
def test_readme_configuration_examples_load_and_apply(tmp_path, monkeypatch, config_name):
    monkeypatch.chdir(tmp_path)
    (tmp_path / config_name).write_text(_readme_block(f"# {config_name}"))
    (tmp_path / "policies.yaml").write_text(_readme_block("policies:"))
    (tmp_path / "tools" / "slint_rules").mkdir(parents=True)
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--format", "json", "template.yaml"])
    assert result.exit_code == 1, result.stderr
    found = {(f["rule"], f["severity"], f["line"]) for f in json.loads(result.stdout)["findings"]}
    assert ("SL102", "warning", 9) in found  # severity: {SL102: warning}
    assert ("ORG001", "error", 6) in found  # a declared policy stays selected beside select: [SL]
    assert ("ORG003", "error", 3) in found
    assert ("SL902", "info", 3) in found  # extend_select: [lambda-log-retention]
    assert not [rule for rule, _, _ in found if rule == "SL106"]  # lambda-env-plaintext-secret: off
