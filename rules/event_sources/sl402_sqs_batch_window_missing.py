from __future__ import annotations

from slint.rule import Rule, Severity

from .._event_sources import MAPPING_OWNER_TYPES, mappings_of, queue_is_fifo
from ._shared import SQS_CONFIGURE, WINDOW


class SqsBatchWindowRequired(Rule):
    """
    ## What it does
    Flags an SQS event source mapping on a standard queue (SAM `SQS` event or
    `AWS::Lambda::EventSourceMapping`) with `BatchSize` over 10 whose
    `MaximumBatchingWindowInSeconds` is absent or 0. FIFO queues are left to `esm-sqs-batch-limits`.
    ## Why is this bad?
    Lambda requires a batching window of at least 1 second for an SQS batch size over 10 and
    rejects the mapping otherwise.
    ## Example
    ```yaml
    Events:
      Jobs:
        Type: SQS
        Properties: {Queue: !GetAtt Queue.Arn, BatchSize: 100}
    ```
    ## Use instead
    ```yaml
    Events:
      Jobs:
        Type: SQS
        Properties: {Queue: !GetAtt Queue.Arn, BatchSize: 100, MaximumBatchingWindowInSeconds: 5}
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
    - https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
    """

    id = "SL402"
    name = "esm-sqs-batch-window-missing"
    aliases = ("esm-sqs-batch-window-required",)
    severity = Severity.ERROR
    resource_types = MAPPING_OWNER_TYPES
    source_url = SQS_CONFIGURE
    MAX_BATCH_WITHOUT_WINDOW = 10
    MIN_WINDOW_SECONDS = 1
    messages = {
        "window_required": (
            "BatchSize {batch} is over {limit}, so MaximumBatchingWindowInSeconds must be at least {min_window} second "
            "(it is {window})"
        ),
    }

    def check_resource(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, ("SQS",)):
            if queue_is_fifo(mapping.source, mapping.source_value):
                continue
            large = [v for v, number in mapping.numbers("BatchSize") if number > self.MAX_BATCH_WITHOUT_WINDOW]
            if not large:
                continue
            if mapping.get(WINDOW) is None:
                window = "absent"
            else:
                short = [v for v, number in mapping.numbers(WINDOW) if number < self.MIN_WINDOW_SECONDS]
                if not short:
                    continue
                window = short[0].describe()
            batch = max(large, key=lambda v: v.number)
            ctx.report(
                batch,
                "window_required",
                batch=batch.describe(),
                limit=self.MAX_BATCH_WITHOUT_WINDOW,
                min_window=self.MIN_WINDOW_SECONDS,
                window=window,
            )
