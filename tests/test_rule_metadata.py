"""Every rule documents itself the same way and cites its AWS source."""

from __future__ import annotations

import re

from slint.core_rules import ENGINE_RULES
from slint.rule import DOC_SECTIONS


def test_rule_metadata_is_complete(ruleset):
    problems = []
    engine_ids = {cls.id for cls in ENGINE_RULES}
    for rule in ruleset:
        problems += [f"{rule.id}: {p}" for p in type(rule).metadata_problems()]
        docs = rule.docs()
        for section in DOC_SECTIONS:
            if not docs.get(section):
                problems.append(f"{rule.id}: docs lack '## {section}'")
        if rule.id not in engine_ids and not getattr(rule, "policy", False):
            if not re.match(
                r"https://(docs\.aws\.amazon\.com|aws\.amazon\.com|awslabs\.github\.io)/", rule.source_url or ""
            ):
                problems.append(f"{rule.id}: source_url must be the AWS page the facts come from")
            if rule.source_url not in docs.get("References", ""):
                problems.append(f"{rule.id}: source_url should be listed under References")
        for message in rule.messages.values():
            if re.search(r"\bSL\d{3}\b", message):
                problems.append(f"{rule.id}: messages must not contain rule codes")
    assert not problems, "\n".join(problems)


def test_ids_and_names_are_unique_and_well_formed(ruleset):
    ids = [r.id for r in ruleset]
    names = [r.name for r in ruleset]
    assert len(ids) == len(set(ids))
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"SL\d{3}", i) for i in ids)


def test_options_schemas_accept_their_defaults(ruleset):
    import jsonschema

    for rule in ruleset:
        jsonschema.validate(dict(rule.default_options), rule.options_schema)
