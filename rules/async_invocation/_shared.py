"""Helpers shared by the async invocation rules."""

from __future__ import annotations

ASYNC = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html"
INVOKE_CONFIG = "AWS::Lambda::EventInvokeConfig"


def _dlq_property(function) -> str:
    return "DeadLetterQueue" if function.is_sam else "DeadLetterConfig"


def invoke_configs(function, ctx):
    """The AWS::Lambda::EventInvokeConfig resources of a function (any qualifier)."""
    return ctx.graph.attached(function, INVOKE_CONFIG)


def on_failure(function, ctx):
    """Every place an on-failure destination is set for the function: (Value, property name)."""
    found = []
    own = function.get("EventInvokeConfig", "DestinationConfig", "OnFailure") if function.is_sam else None
    if own is not None:
        found.append((own, "EventInvokeConfig.DestinationConfig.OnFailure"))
    for config in invoke_configs(function, ctx):
        value = config.get("DestinationConfig", "OnFailure")
        if value is not None:
            found.append((value, "DestinationConfig.OnFailure"))
    return found
