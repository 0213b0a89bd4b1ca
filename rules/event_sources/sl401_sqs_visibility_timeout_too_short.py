from __future__ import annotations

from slint.rule import Message, Rule, Severity

from .._event_sources import MAPPING_OWNER_TYPES, QUEUE_TYPE, mappings_of
from ._shared import SQS_CONFIGURE, WINDOW, _origin


class SqsVisibilityTimeout(Rule):
    """
    ## What it does
    For each SQS event source mapping (SAM `SQS` event or `AWS::Lambda::EventSourceMapping`) whose
    queue and function are in the template, compares the queue's `VisibilityTimeout` (default 30)
    with the function's `Timeout` (default 3, after SAM `Globals`, parameter defaults and each
    `Fn::If` branch). Error below 1× the timeout, warning below 6× the timeout plus the mapping's
    `MaximumBatchingWindowInSeconds`.
    ## Why is this bad?
    Lambda validates that the visibility timeout is at least the function timeout when the mapping
    is created or updated, and returns an error otherwise. Below the recommended 6× (plus the
    batching window), messages reappear on the queue while a retry of a throttled batch is still
    running and are processed twice.
    ## Example
    ```yaml
    Queue:
      Type: AWS::SQS::Queue          # VisibilityTimeout defaults to 30
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 60
        Events:
          Jobs: {Type: SQS, Properties: {Queue: !GetAtt Queue.Arn}}
    ```
    ## Use instead
    ```yaml
    Queue:
      Type: AWS::SQS::Queue
      Properties:
        VisibilityTimeout: 360       # 6 × 60
    ```
    ## Fix safety
    Unsafe: the fix sets the queue's `VisibilityTimeout` to AWS's recommendation (six times the
    function's timeout plus the batching window) where it is written. A message whose consumer
    fails now waits longer before it is retried. A queue relying on the default (30 seconds)
    gets no fix.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
    - https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
    """

    id = "SL401"
    name = "esm-sqs-visibility-timeout-too-short"
    aliases = ("esm-sqs-visibility-timeout",)
    severity = Severity.ERROR
    resource_types = MAPPING_OWNER_TYPES
    source_url = SQS_CONFIGURE
    RECOMMENDED_FACTOR = 6
    fix_safety = "unsafe"
    messages = {
        "below_timeout": (
            "Queue {queue} VisibilityTimeout {visibility}{visibility_origin} is less than function {function} Timeout "
            "{timeout}{timeout_origin}; Lambda rejects the event source mapping"
        ),
        "below_recommended": Message(
            "Queue {queue} VisibilityTimeout {visibility}{visibility_origin} is less than {factor} × function "
            "{function} Timeout {timeout}{timeout_origin} + MaximumBatchingWindowInSeconds {window} = {recommended} "
            "seconds",
            Severity.WARNING,
        ),
    }

    def check_resource(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, ("SQS",)):
            queue, function = mapping.source, mapping.function
            if queue is None or queue.type != QUEUE_TYPE or function is None:
                continue
            visibilities = [v for v in queue.each("VisibilityTimeout") if v.number is not None]
            timeouts = [t for t in function.each("Timeout") if t.number is not None]
            if not visibilities or not timeouts:
                continue
            visibility = min(visibilities, key=lambda v: v.number)
            timeout = max(timeouts, key=lambda t: t.number)
            window = max((number for _value, number in mapping.numbers(WINDOW)), default=0)
            recommended = self.RECOMMENDED_FACTOR * timeout.number + window
            params = dict(
                queue=queue.logical_id, visibility=visibility.describe(), visibility_origin=_origin(visibility),
                function=function.logical_id, timeout=timeout.describe(), timeout_origin=_origin(timeout),
            )  # fmt: skip
            where = mapping.source_value or mapping.anchor
            if visibility.number < timeout.number:
                ctx.report(where, "below_timeout", fix=_recommended_fix(visibility, recommended, queue, ctx), **params)
            elif visibility.number < recommended:
                ctx.report(
                    where,
                    "below_recommended",
                    factor=self.RECOMMENDED_FACTOR,
                    window=f"{window:g}",
                    recommended=f"{recommended:g}",
                    fix=_recommended_fix(visibility, recommended, queue, ctx),
                    **params,
                )


def _recommended_fix(visibility, recommended, queue, ctx):
    if recommended != int(recommended):  # a fractional batching window: no whole number to write
        return None
    return ctx.replace(visibility, int(recommended), f"Set {queue.logical_id} VisibilityTimeout to {int(recommended)}")
