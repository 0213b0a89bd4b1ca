"""The arrows point one way: parser -> model/graph -> rule API -> registry/config -> engine -> reporters -> api -> cli."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SLINT = Path(__file__).resolve().parent.parent / "slint"

# module -> the slint modules it may import (directly, at any depth of the function body)
LOWER_LAYERS = {
    "nodes": set(),
    "parser": {"nodes"},
    "defaults": set(),
    "values": {"nodes", "model", "configurations"},  # model only for type hints
    "configurations": {"nodes", "values"},  # values only for type hints; one layer with values
    "model": {"nodes", "values", "defaults", "graph", "foreach"},
    "foreach": {"nodes"},  # model and graph are one layer (graph built lazily)
    "graph": {"model", "nodes", "values"},
    "aws": set(),
    "artifacts": set(),
    "findings": set(),
    "rule": {"findings", "values", "graph", "model"},
}
FORBIDDEN_BELOW_CLI = {"click"}
FORBIDDEN_IN_LIBRARY = {"click", "rich"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 0 and node.module:
                found.add(node.module.split(".")[0] if not node.module.startswith("slint.") else node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found


def test_lower_layers_do_not_import_upper_layers():
    problems = []
    for module, allowed in LOWER_LAYERS.items():
        imported = _imports(SLINT / f"{module}.py")
        slint_modules = {p.stem for p in SLINT.glob("*.py")} | {"reporters"}
        for name in imported & slint_modules:
            if name not in allowed and name != module:
                problems.append(f"{module} imports {name}")
    assert not problems


def test_only_the_cli_imports_click_and_only_reporters_and_docs_import_rich():
    problems = []
    for path in list(SLINT.glob("*.py")) + list((SLINT / "reporters").glob("*.py")):
        imported = _imports(path)
        if "click" in imported and path.name not in ("cli.py",):
            problems.append(f"{path.name} imports click")
        if "rich" in imported and path.parent.name != "reporters" and path.name not in ("rule_docs.py",):
            problems.append(f"{path.name} imports rich")
    assert not problems


def test_import_slint_and_linting_text_load_neither_click_nor_rich():
    code = (
        "import sys, slint\n"
        "from slint.api import lint_text\n"
        "lint_text('Resources: {Q: {Type: AWS::SQS::Queue}}')\n"
        "print(sorted(m for m in ('click', 'rich', 'cfnlint') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
