"""Helpers shared by the s3 rules."""

from __future__ import annotations

from fnmatch import fnmatchcase

BUCKET = "AWS::S3::Bucket"


def _writes(grant, templates: frozenset[str], actions: tuple[str, ...]) -> bool:
    """Whether a grant allows one of ``actions`` (IAM wildcards in the grant honoured)."""
    if grant.kind == "template":
        return grant.name in templates
    if grant.kind == "connector":
        return "Write" in grant.actions
    return any(fnmatchcase(action.lower(), pattern.lower()) for pattern in grant.actions for action in actions)


def as_list(resolved) -> list:
    return resolved if isinstance(resolved, list) else [resolved]


def filter_rules(filter_value) -> dict[str, str] | None:
    """{"prefix": …, "suffix": …} from an S3 ``Filter``; {} when absent, None when unknown."""
    if filter_value is None:
        return {}
    rules = filter_value.get("S3Key", {}).get("Rules", []) if isinstance(filter_value, dict) else None
    if not isinstance(rules, list):
        return None
    out = {}
    for rule in rules:
        if (
            not isinstance(rule, dict)
            or not isinstance(rule.get("Name"), str)
            or not isinstance(rule.get("Value"), str)
        ):
            return None
        out[rule["Name"].lower()] = rule["Value"]
    return out


def events_of(trigger) -> list[str] | None:
    """The S3 event types of a trigger (SAM ``Events`` or CFN ``Event``); None when unknown."""
    value = trigger.get("Events") if trigger.declared_by is trigger.function else trigger.get("Event")
    if value is None:
        return None
    events = as_list(value.resolved())
    return events if all(isinstance(e, str) for e in events) else None


def _describe(grant) -> str:
    if grant.kind == "template":
        return grant.name
    if grant.kind == "connector":
        return f"connector {grant.name}"
    return "statement allowing " + ", ".join(grant.actions)
