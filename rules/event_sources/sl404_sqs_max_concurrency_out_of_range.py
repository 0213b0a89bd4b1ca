from __future__ import annotations

from slint.rule import Message, Rule, Severity

from .._event_sources import MAPPING_OWNER_TYPES, mappings_of
from ._shared import _origin


class SqsMaxConcurrency(Rule):
    """
    ## What it does
    Checks `ScalingConfig.MaximumConcurrency` on SQS event source mappings (SAM `SQS` events and
    `AWS::Lambda::EventSourceMapping`) is 2–1,000, and warns when the function's
    `ReservedConcurrentExecutions` (after SAM `Globals`) is lower than it.
    ## Why is this bad?
    Lambda rejects a maximum concurrency outside 2–1,000. A reserved concurrency below the
    mapping's maximum concurrency means the poller invokes more often than the function may run:
    invocations are throttled and messages return to the queue (and may reach the DLQ).
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        ReservedConcurrentExecutions: 5
        Events:
          Jobs:
            Type: SQS
            Properties: {Queue: !GetAtt Queue.Arn, ScalingConfig: {MaximumConcurrency: 20}}
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        ReservedConcurrentExecutions: 5
        Events:
          Jobs:
            Type: SQS
            Properties: {Queue: !GetAtt Queue.Arn, ScalingConfig: {MaximumConcurrency: 5}}
    ```
    Set `MaximumConcurrency` at or below the reserved concurrency.
    ## Fix safety
    Unsafe: the fix sets the nearest allowed value (2 or 1,000) where the value is written (the resource, `Globals` or a
    parameter's `Default`); the queue is then consumed with more or less
    concurrency than the template asked for. Exceeding reserved concurrency has no fix.

    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-eventsourcemapping-scalingconfig.html
    """

    id = "SL404"
    name = "esm-sqs-max-concurrency-out-of-range"
    aliases = ("esm-sqs-max-concurrency",)
    severity = Severity.ERROR
    resource_types = MAPPING_OWNER_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html"
    fix_safety = "unsafe"
    MIN_CONCURRENCY = 2
    MAX_CONCURRENCY = 1_000
    messages = {
        "range": "ScalingConfig.MaximumConcurrency {value} is outside {minimum}–{maximum}",
        "above_reserved": Message(
            "ScalingConfig.MaximumConcurrency {value} exceeds function {function} ReservedConcurrentExecutions "
            "{reserved}{origin}; the extra invocations are throttled",
            Severity.WARNING,
        ),
    }

    def check_resource(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, ("SQS",)):
            reserved = (
                [r for r in mapping.function.each("ReservedConcurrentExecutions") if r.number is not None]
                if mapping.function
                else []
            )
            lowest = min(reserved, key=lambda r: r.number) if reserved else None
            for value, number in mapping.numbers("ScalingConfig", "MaximumConcurrency"):
                if not self.MIN_CONCURRENCY <= number <= self.MAX_CONCURRENCY:
                    ctx.report(
                        value,
                        "range",
                        value=value.describe(),
                        minimum=self.MIN_CONCURRENCY,
                        maximum=self.MAX_CONCURRENCY,
                        fix=ctx.replace(value, min(max(round(number), self.MIN_CONCURRENCY), self.MAX_CONCURRENCY)),
                    )
                elif lowest is not None and lowest.number < number:
                    ctx.report(
                        value,
                        "above_reserved",
                        value=value.describe(),
                        function=mapping.function.logical_id,
                        reserved=lowest.describe(),
                        origin=_origin(lowest),
                    )
