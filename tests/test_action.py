"""The composite GitHub Action: action.yml's shell steps, run locally the way a runner would."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SLINT = Path(sys.executable).parent / "slint"

BAD = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {S3Bucket: my-bucket, S3Key: app.zip}
      Timeout: 1200
"""


def load_action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def expand(text: str, inputs: dict[str, str]) -> str:
    """The few expressions action.yml uses: inputs, the action's path, step outputs (none here)."""

    def value(match: re.Match) -> str:
        expression = match.group(1).strip()
        if expression.startswith("inputs."):
            return inputs[expression.removeprefix("inputs.")]
        if expression == "github.action_path":
            return str(ROOT)
        if expression.startswith("steps."):
            return ""
        raise AssertionError(f"unexpected expression in action.yml: {expression}")

    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def run_action(workspace: Path, **given: str) -> tuple[subprocess.CompletedProcess, Path]:
    """Run every shell step except the install (slint is installed already), as GitHub would."""
    action = load_action()
    inputs = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    inputs.update({name.replace("_", "-"): value for name, value in given.items()})
    runner_temp = workspace.parent / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    summary = runner_temp / "step-summary.md"
    env = {
        **os.environ,
        "PATH": f"{SLINT.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_PATH": str(runner_temp / "path"),
        "RUNNER_TEMP": str(runner_temp),
    }
    output = None
    for step in action["runs"]["steps"]:
        if "run" not in step or step["name"] == "Install slint":
            continue
        step_env = {**env, **{key: expand(str(value), inputs) for key, value in step.get("env", {}).items()}}
        output = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", expand(step["run"], inputs)], cwd=workspace, env=step_env, capture_output=True, text=True, timeout=120)
        if output.returncode:
            break
    return output, summary


@pytest.fixture
def workspace(tmp_path):
    if shutil.which("bash") is None or not SLINT.exists():
        pytest.skip("needs bash and the slint command next to this Python")
    root = tmp_path / "repo"
    (root / "stacks").mkdir(parents=True)
    (root / "stacks" / "bad.yaml").write_text(BAD)
    (root / "stacks" / "good.yaml").write_text(BAD.replace("Timeout: 1200", "Timeout: 30"))
    return root


def test_action_declares_its_inputs_and_is_composite():
    action = load_action()
    assert set(action["inputs"]) == {"paths", "version", "fail-level", "extra-args", "sarif-file"}
    assert action["runs"]["using"] == "composite"
    assert all(step.get("shell") == "bash" for step in action["runs"]["steps"] if "run" in step)


def test_action_prints_annotations_writes_sarif_and_fails(workspace):
    result, summary = run_action(workspace, paths="stacks", sarif_file="reports/slint.sarif", extra_args="--select SL101")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "::error file=stacks/bad.yaml,line=10,endLine=10,col=16,endColumn=20,title=SL101 (lambda-timeout-range)"
        "::Timeout 1200 exceeds Lambda's maximum of 900 seconds%0AResource: Fn"
        "%0ASee https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
    ]
    sarif = json.loads((workspace / "reports" / "slint.sarif").read_text())
    (finding,) = sarif["runs"][0]["results"]
    assert finding["ruleId"] == "SL101"
    assert finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "stacks/bad.yaml"
    assert "| error | SL101 lambda-timeout-range | stacks/bad.yaml:10 | Fn |" in summary.read_text()


def test_action_passes_extra_args_and_fail_level(workspace):
    result, _ = run_action(workspace, paths="stacks/good.yaml stacks/bad.yaml", extra_args="--severity-of-nothing")
    assert result.returncode == 2  # a usage error is never mistaken for "findings"
    result, _ = run_action(workspace, paths="stacks", extra_args="--select SL101,SL102 --ignore SL101")
    assert (result.returncode, result.stdout) == (0, "")


def test_action_fail_level_decides_the_outcome(workspace):
    (workspace / ".slint.yaml").write_text("severity: {SL101: warning}\n")
    result, _ = run_action(workspace, paths="stacks", extra_args="--select SL101")
    assert result.returncode == 0
    assert result.stdout.startswith("::warning file=stacks/bad.yaml,line=10,")
    result, _ = run_action(workspace, paths="stacks", fail_level="warning", extra_args="--select SL101")
    assert result.returncode == 1
