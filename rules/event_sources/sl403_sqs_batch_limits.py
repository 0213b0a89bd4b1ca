from __future__ import annotations

from slint.rule import Rule, Severity

from .._event_sources import MAPPING_OWNER_TYPES, mappings_of, queue_is_fifo
from ._shared import WINDOW

_SQS_PARAMETERS = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html"


class SqsBatchLimits(Rule):
    """
    ## What it does
    Checks SQS event source mappings (SAM `SQS` events and `AWS::Lambda::EventSourceMapping`):
    `BatchSize` 1–10,000 (at most 10 on a FIFO queue), `MaximumBatchingWindowInSeconds` 0–300
    (not supported on FIFO queues), and no `StartingPosition`. A queue is FIFO when its
    `FifoQueue` is true, or, for a queue outside the template, when its ARN ends in `.fifo`.
    ## Why is this bad?
    Lambda rejects the event source mapping and the deployment fails.
    ## Example
    ```yaml
    OrdersFifo:
      Type: AWS::SQS::Queue
      Properties:
        FifoQueue: true
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Events:
          Orders:
            Type: SQS
            Properties: {Queue: !GetAtt OrdersFifo.Arn, BatchSize: 50}
    ```
    ## Use instead
    ```yaml
    OrdersFifo:
      Type: AWS::SQS::Queue
      Properties:
        FifoQueue: true
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Events:
          Orders:
            Type: SQS
            Properties: {Queue: !GetAtt OrdersFifo.Arn, BatchSize: 10}
    ```
    ## Fix safety
    Unsafe: `BatchSize` and `MaximumBatchingWindowInSeconds` out of range become the nearest
    allowed value (for a FIFO queue, a `BatchSize` of 10), where they are written; the function
    then receives smaller (or larger) batches. A window on a FIFO queue and a `StartingPosition`
    have no fix.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
    - https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
    """

    id = "SL403"
    name = "esm-sqs-batch-limits"
    severity = Severity.ERROR
    resource_types = MAPPING_OWNER_TYPES
    source_url = _SQS_PARAMETERS
    MIN_BATCH = 1
    MAX_BATCH = 10_000
    MAX_FIFO_BATCH = 10
    MAX_WINDOW_SECONDS = 300
    fix_safety = "unsafe"
    messages = {
        "batch_range": "BatchSize {value} is outside {minimum}–{maximum} for an SQS queue",
        "fifo_batch": "BatchSize {value} exceeds {maximum} for the FIFO queue {queue}",
        "window_range": "MaximumBatchingWindowInSeconds {value} is outside 0–{maximum} seconds",
        "fifo_window": "MaximumBatchingWindowInSeconds {value} is not supported for the FIFO queue {queue}",
        "starting_position": "StartingPosition {value} is not supported for SQS event sources (only streams and Kafka)",
    }

    def check_resource(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, ("SQS",)):
            fifo = queue_is_fifo(mapping.source, mapping.source_value)
            queue = (
                mapping.source.logical_id
                if mapping.source is not None
                else mapping.source_value.describe()
                if mapping.source_value
                else "(unknown)"
            )
            for value, number in mapping.numbers("BatchSize"):
                if not self.MIN_BATCH <= number <= self.MAX_BATCH:
                    ctx.report(
                        value,
                        "batch_range",
                        value=value.describe(),
                        minimum=self.MIN_BATCH,
                        maximum=self.MAX_BATCH,
                        fix=ctx.replace(value, min(max(round(number), self.MIN_BATCH), self.MAX_BATCH)),
                    )
                elif fifo and number > self.MAX_FIFO_BATCH:
                    ctx.report(
                        value,
                        "fifo_batch",
                        value=value.describe(),
                        maximum=self.MAX_FIFO_BATCH,
                        queue=queue,
                        fix=ctx.replace(value, self.MAX_FIFO_BATCH),
                    )
            for value, number in mapping.numbers(WINDOW):
                if not 0 <= number <= self.MAX_WINDOW_SECONDS:
                    ctx.report(
                        value,
                        "window_range",
                        value=value.describe(),
                        maximum=self.MAX_WINDOW_SECONDS,
                        fix=ctx.replace(value, min(max(round(number), 0), self.MAX_WINDOW_SECONDS)),
                    )
                elif fifo and number > 0:
                    ctx.report(value, "fifo_window", value=value.describe(), queue=queue)
            for value in mapping.values("StartingPosition"):
                ctx.report(value, "starting_position", value=value.describe())
