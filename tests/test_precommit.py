"""The pre-commit hook, run for real with ``pre-commit try-repo`` against this repository.

Each run installs slint from the repository's committed HEAD (``--ref``: uncommitted work in the
tree cannot leak in half-done) into a fresh virtual environment, so this is the slowest test
(about 20 s per run; its two runs go in parallel)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or importlib.util.find_spec("pre_commit") is None or not (ROOT / ".git").exists(),
    reason="needs git, pre-commit (pip install -e '.[test]') and a git checkout of slint",
)

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
GOOD = BAD.replace("Timeout: 1200", "Timeout: 30")
NOT_TEMPLATES = {
    "deploy/k8s.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}\n",
    ".github/workflows/ci.yml": "on: push\njobs:\n  test: {runs-on: ubuntu-latest, steps: [{run: make}]}\n",
    "package.json": '{"name": "web", "version": "1.0.0"}\n',
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True, capture_output=True
    )


def try_repo(repo: Path, *args: str) -> subprocess.Popen:
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    return subprocess.Popen(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "slint", "--ref", head, *args],
        cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def finish(process: subprocess.Popen) -> tuple[int, str]:
    output, _ = process.communicate(timeout=600)
    return process.returncode, output


def test_the_hook_fails_on_a_bad_template_and_passes_on_good_ones(tmp_path):
    repo = tmp_path / "project"
    files = {
        "stacks/bad.yaml": BAD,
        "stacks/good.yaml": GOOD,
        "template.json": '{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}\n',
        **NOT_TEMPLATES,
    }
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "project")

    # both runs at once: each spends most of its time installing slint into its own environment
    failing = try_repo(repo, "--all-files")
    passing = try_repo(repo, "--files", "stacks/good.yaml", "template.json", *NOT_TEMPLATES)
    (failed, failed_output), (passed, passed_output) = finish(failing), finish(passing)

    assert failed == 1, failed_output
    assert "stacks/bad.yaml:10:16: error SL101 [lambda-timeout-range] Timeout 1200 exceeds" in failed_output
    assert "good.yaml" not in failed_output
    assert passed == 0, passed_output
    assert "Passed" in passed_output
