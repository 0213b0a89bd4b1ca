"""Helpers shared by the lambda function rules."""

from __future__ import annotations

from slint.rule import NOVALUE, Value, entries

QUOTAS = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
ENV_VARS = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html"


def _variables(function) -> list[list[tuple[str, Value]]]:
    """Each possible `Environment.Variables` map (after the Globals merge) as (name, value) pairs."""
    out = []
    for variables in function.each("Environment", "Variables"):
        mapping = variables.value
        if not isinstance(mapping, dict):
            continue
        out.append([(str(key), value) for key, value in entries(variables) if value.value is not NOVALUE])
    return out
