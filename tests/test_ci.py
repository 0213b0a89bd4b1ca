""".ci/run runs the README's commands, and pyproject.toml declares what the code imports."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.DOTALL)]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_ci_runs_the_readme_quick_start_commands():
    printed = subprocess.run(
        ["bash", str(ROOT / ".ci" / "run"), "--commands"], capture_output=True, text=True, check=True
    ).stdout
    install, test = printed.splitlines()
    assert [install, test] == _quick_start_commands()
    assert install.startswith("python3 -m pip install -e . && slint lint ")
    assert test.endswith("python3 -m pytest")


def test_every_runtime_dependency_has_a_floor_ci_can_install():
    for requirement in PROJECT["dependencies"]:
        assert re.match(r"[A-Za-z0-9_.-]+\s*>=\s*[0-9]", requirement), requirement


def _third_party_imports(server: bool = False) -> set[str]:
    """What the library and rules import (``server=False``), or what the language server adds."""
    local = {"slint", "slint_rules", "rules"}
    found = set()
    for folder in (ROOT / "slint", ROOT / "rules", ROOT / "tools"):  # tools/ runs in the tests too
        for path in folder.rglob("*.py"):
            if (ROOT / "slint" / "server" in path.parents) != server:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                found.update(name.split(".")[0] for name in names)
    return {name for name in found - local if name not in sys.stdlib_module_names and name != "__future__"}


def test_dependencies_are_exactly_what_the_code_imports():
    distributions = packages_distributions()
    imported = {_normalized(distributions[module][0]) for module in _third_party_imports()}
    declared = {
        _normalized(re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)) for requirement in PROJECT["dependencies"]
    }
    assert imported == declared


def test_the_server_extra_is_exactly_what_the_language_server_adds():
    distributions = packages_distributions()
    imported = {_normalized(distributions[module][0]) for module in _third_party_imports(server=True)}
    declared = {
        _normalized(re.match(r"[A-Za-z0-9_.-]+", requirement).group(0))
        for requirement in PROJECT["optional-dependencies"]["server"]
    }
    assert (
        imported - {_normalized(re.match(r"[A-Za-z0-9_.-]+", r).group(0)) for r in PROJECT["dependencies"]} == declared
    )


def test_the_distribution_has_its_own_name_everywhere():
    # "slint" on PyPI is an unrelated project; the command and import package stay slint
    assert PROJECT["name"] == "slint-sam"
    assert PROJECT["scripts"] == {"slint": "slint.cli:run"}
    assert "pip install slint-sam" in (ROOT / "README.md").read_text(encoding="utf-8").replace("\n", " ")
