"""One generic test over every rule fixture: exact findings (line, rule, message id) and snapshot."""

from __future__ import annotations

import os

import pytest

from .rule_fixtures import FIXTURES, all_fixtures, expectations, lint_fixture

FIXTURE_LIST = all_fixtures()


@pytest.mark.parametrize("fixture", FIXTURE_LIST, ids=[f.id for f in FIXTURE_LIST])
def test_rule_fixture(fixture):
    report, rendered = lint_fixture(fixture)
    text = fixture.path.read_text(encoding="utf-8")
    expected = expectations(text)
    actual = sorted((f.line, f.rule, f.message_id) for f in report.findings)
    assert actual == expected, rendered
    assert not [f for f in report.findings if f.rule == "SL000"], rendered
    snapshot = fixture.path.with_suffix(fixture.path.suffix + ".snap")
    if os.environ.get("SLINT_UPDATE_SNAPSHOTS") or not snapshot.exists():
        if not os.environ.get("SLINT_UPDATE_SNAPSHOTS"):
            pytest.fail(f"snapshot {snapshot.name} is missing; run with SLINT_UPDATE_SNAPSHOTS=1 and review it")
        snapshot.write_text(rendered, encoding="utf-8")
    assert rendered == snapshot.read_text(encoding="utf-8")


def test_every_rule_has_a_fixture_covering_each_message(ruleset):
    """Each rule ships a fixture, and each of its messages fires somewhere in its fixtures."""
    from slint.core_rules import ENGINE_RULES

    engine_ids = {cls.id for cls in ENGINE_RULES}
    missing = []
    for rule in ruleset:
        if rule.id in engine_ids or getattr(rule, "policy", False):
            continue
        folder = FIXTURES / rule.id
        if not folder.is_dir():
            missing.append(f"{rule.id}: no fixtures/rules/{rule.id}/")
            continue
        seen = set()
        for file in folder.iterdir():
            if file.suffix in (".yaml", ".yml", ".json", ".template"):
                seen.update(
                    message
                    for _line, rule_id, message in expectations(file.read_text(encoding="utf-8"))
                    if rule_id == rule.id
                )
        for message_id in rule.messages:
            if message_id not in seen:
                missing.append(f"{rule.id}: message '{message_id}' never expected in a fixture")
    assert not missing, "\n".join(missing)
