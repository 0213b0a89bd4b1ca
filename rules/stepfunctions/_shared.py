"""Helpers shared by the stepfunctions rules."""

from __future__ import annotations


def _resource(state) -> str | None:
    resource = state.body.get("Resource")
    return resource if isinstance(resource, str) else None


def _tasks(definition):
    return [state for state in definition.states() if state.body.get("Type") == "Task"]
