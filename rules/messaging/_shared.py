"""Helpers shared by the messaging rules."""

from __future__ import annotations

SAM_FUNCTION = "AWS::Serverless::Function"
EVENTS_RULE = "AWS::Events::Rule"
SCHEDULE = "AWS::Scheduler::Schedule"
SUBSCRIPTION = "AWS::SNS::Subscription"


def sam_events(owner, ctx, kinds: tuple[str, ...]):
    """The SAM events of these kinds that a function or state machine declares itself."""
    return [t for t in ctx.graph.triggers(owner) if t.declared_by is owner and t.kind in kinds]


def values(value):
    return list(value.possibilities()) if value is not None else []
