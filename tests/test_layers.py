"""The arrows point one way: parser -> model/graph -> rule API -> registry/config -> engine -> reporters -> api -> cli."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLINT = ROOT / "slint"


def test_import_contracts_hold():
    """The layers, and click/rich only where they belong, as [tool.importlinter] declares them."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    out = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_module_has_a_layer():
    layers = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]["layers"]
    placed = {name.strip() for layer in layers for name in re.split(r"[|:]", layer)}
    modules = {p.stem for p in SLINT.glob("*.py") if p.stem != "__init__"} | {
        p.parent.name for p in SLINT.glob("*/__init__.py")
    }
    assert modules - placed == set()


def test_import_slint_and_linting_text_load_neither_click_nor_rich():
    code = (
        "import sys, slint\n"
        "from slint.api import lint_text\n"
        "lint_text('Resources: {Q: {Type: AWS::SQS::Queue}}')\n"
        "print(sorted(m for m in ('click', 'rich', 'cfnlint') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
