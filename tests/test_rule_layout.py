"""The built-in rule pack's layout: one rule per module, grouped by area, every area installed."""

from __future__ import annotations

import re
import tomllib

from .conftest import ROOT

RULES = ROOT / "rules"
MAX_MODULE_LINES = 400


def _areas() -> list[str]:
    return sorted(p.name for p in RULES.iterdir() if (p / "__init__.py").is_file())


def test_each_rule_module_holds_the_one_rule_its_file_names(ruleset):
    by_module = {}
    for rule in ruleset:
        by_module.setdefault(type(rule).__module__, []).append(rule.id)
    problems = []
    for area in _areas():
        for path in sorted((RULES / area).glob("*.py")):
            if path.name.startswith("_"):
                continue
            match = re.fullmatch(r"(sl\d{3})_[a-z0-9_]+", path.stem)
            found = by_module.get(f"slint_rules.{area}.{path.stem}", [])
            if match is None:
                problems.append(f"{area}/{path.name}: a rule module is named sl<id>_<what_it_checks>.py")
            elif found != [match.group(1).upper()]:
                problems.append(f"{area}/{path.name} defines {found or 'no rule'}")
    builtin = [ids for module, ids in by_module.items() if module.startswith("slint_rules.")]
    assert sum(len(ids) for ids in builtin) == len({i for ids in builtin for i in ids})
    assert not problems, "\n".join(problems)


def test_no_rule_pack_module_is_over_the_size_limit():
    long = {
        str(p.relative_to(RULES)): n
        for p in RULES.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_every_area_is_an_installed_package():
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    missing = [area for area in _areas() if f"slint_rules.{area}" not in packages]
    assert missing == []
