"""The VS Code extension in editors/vscode builds (when npm is on this machine)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parent.parent / "editors" / "vscode"
HARNESS_TIMEOUT = 600  # seconds: npm ci fetches packages from the registry


@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")
def test_vscode_extension_installs_from_its_lock_file_and_compiles(tmp_path):
    copy = tmp_path / "vscode"
    shutil.copytree(EXTENSION, copy, ignore=shutil.ignore_patterns("node_modules", "out"))
    for command in (["npm", "ci", "--no-audit", "--no-fund"], ["npm", "run", "compile"]):
        done = subprocess.run(command, cwd=copy, capture_output=True, text=True, timeout=HARNESS_TIMEOUT)
        assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
    compiled = (copy / "out" / "extension.js").read_text()
    assert '"server"' in compiled and "vscode-languageclient/node" in compiled
