"""Rule fixtures: templates under fixtures/rules/<RULE_ID>/ with inline expectations.

A line that should carry a finding ends with ``# expect: SL101 too_long`` (rule id, message id;
several expectations are separated by ``;``). The first line may hold run options:
``# fixture: region=eu-west-1 today=2026-11-23 parameter:Timeout=30`` (``option-parameter:Stage=prod``
for a value given with ``--parameter``).
Next to each template, ``<name>.snap`` holds the rendered report (code frames included),
reviewed as a diff; set SLINT_UPDATE_SNAPSHOTS=1 to rewrite them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
_EXPECT = re.compile(r"#\s*expect:\s*(.+)$")
_OPTIONS = re.compile(r"#\s*fixture:\s*(.+)$")


@dataclass(frozen=True)
class Fixture:
    rule_id: str
    path: Path

    @property
    def id(self) -> str:
        return f"{self.rule_id}/{self.path.name}"


def all_fixtures() -> list[Fixture]:
    found = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for file in sorted(folder.iterdir()):
            if file.suffix in (".yaml", ".yml", ".json", ".template"):
                found.append(Fixture(folder.name, file))
    return found


def expectations(text: str) -> list[tuple[int, str, str]]:
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _EXPECT.search(line)
        if not match:
            continue
        for item in match.group(1).split(";"):
            parts = item.split()
            if len(parts) >= 2:
                out.append((number, parts[0], parts[1]))
    return sorted(out)


def run_options(text: str) -> dict:
    first = text.splitlines()[0] if text else ""
    match = _OPTIONS.search(first)
    options: dict = {"parameters": {}}
    if not match:
        return options
    for token in match.group(1).split():
        key, _, value = token.partition("=")
        if key == "region":
            options["region"] = value
        elif key == "today":
            options["today"] = date.fromisoformat(value)
        elif key.startswith(("parameter:", "option-parameter:")):
            name = key.split(":", 1)[1]
            options["parameters"][name] = value
            if key.startswith("option-"):
                options.setdefault("option_parameters", []).append(name)
        elif key.startswith("option:"):
            options.setdefault("rule_options", {})[key.split(":", 1)[1]] = _coerce(value)
    return options


def _coerce(value: str):
    try:
        return int(value)
    except ValueError:
        return value


def lint_fixture(fixture: Fixture):
    from slint.api import build_engine
    from slint.config import Settings
    from slint.reporters import render

    text = fixture.path.read_text(encoding="utf-8")
    options = run_options(text)
    rule_options = options.pop("rule_options", None)
    settings = Settings(
        select=(fixture.rule_id,),
        use_samconfig=False,
        region=options.get("region"),
        parameters=options.get("parameters", {}),
        option_parameters=tuple(options.get("option_parameters", ())),
        today=options.get("today", date(2026, 11, 23)),
        options={fixture.rule_id: rule_options} if rule_options else {},
    )
    engine = build_engine(settings)
    from slint.api import Report

    result = engine.lint_bytes(fixture.path.read_bytes(), f"{fixture.rule_id}/{fixture.path.name}", fixture.path)
    report = Report([result], settings, engine.ruleset, active_rules=list(engine.active.values()))
    return report, render(report, "text", color=False)
