from __future__ import annotations

from slint.rule import Message, Rule, Severity

from .._event_sources import QUEUE_TYPE, queue_is_fifo
from ._shared import _origin

_SQS_DLQ = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html"


def _queue_type(fifo: bool) -> str:
    return "FIFO" if fifo else "standard"


class SqsDlqCompat(Rule):
    """
    ## What it does
    Checks an `AWS::SQS::Queue` `RedrivePolicy.deadLetterTargetArn`: the dead-letter queue of a FIFO
    queue must be FIFO and that of a standard queue standard (error); for standard queues the
    dead-letter queue's `MessageRetentionPeriod` (default 4 days) should be longer than the source
    queue's (warning).
    ## Why is this bad?
    SQS rejects a redrive policy across queue types. For standard queues a message's expiry is
    based on its original enqueue time, so a dead-letter queue that keeps messages no longer than
    the source queue deletes them soon after they arrive.
    ## Example
    ```yaml
    Orders:
      Type: AWS::SQS::Queue
      Properties:
        FifoQueue: true
        RedrivePolicy: {deadLetterTargetArn: !GetAtt Dead.Arn, maxReceiveCount: 5}
    Dead:
      Type: AWS::SQS::Queue
    ```
    ## Use instead
    ```yaml
    Dead:
      Type: AWS::SQS::Queue
      Properties: {FifoQueue: true}
    ```
    ## References
    - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
    - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/setting-up-dead-letter-queue-retention.html
    """

    id = "SL406"
    name = "sqs-dlq-type-mismatch"
    aliases = ("sqs-dlq-compat",)
    severity = Severity.ERROR
    resource_types = (QUEUE_TYPE,)
    source_url = _SQS_DLQ
    messages = {
        "type_mismatch": (
            "Dead-letter queue {dlq} is {dlq_type} but this queue is {queue_type}; a dead-letter queue must be the "
            "same type"
        ),
        "short_retention": Message(
            "Dead-letter queue {dlq} MessageRetentionPeriod {dlq_retention}{dlq_origin} is not longer than this "
            "queue's {retention}{origin}; moved messages expire by their original enqueue time",
            Severity.WARNING,
        ),
    }

    def check_resource(self, queue, ctx):
        target = queue.get("RedrivePolicy", "deadLetterTargetArn")  # a GetAtt stays unknown but names the queue
        if target is None:
            return
        dlq = ctx.graph.target(target)
        fifo, dlq_fifo = queue_is_fifo(queue, None), queue_is_fifo(dlq, target)
        if fifo is None or dlq_fifo is None:
            return
        if fifo != dlq_fifo:
            name = dlq.logical_id if dlq is not None else target.describe()
            ctx.report(target, "type_mismatch", dlq=name, dlq_type=_queue_type(dlq_fifo), queue_type=_queue_type(fifo))
        elif not fifo and dlq is not None and dlq.type == QUEUE_TYPE:
            self._check_retention(queue, dlq, target, ctx)

    def _check_retention(self, queue, dlq, target, ctx):
        retentions = [r for r in queue.each("MessageRetentionPeriod") if r.number is not None]
        dlq_retentions = [r for r in dlq.each("MessageRetentionPeriod") if r.number is not None]
        if not retentions or not dlq_retentions:
            return
        longest = max(retentions, key=lambda r: r.number)
        shortest = min(dlq_retentions, key=lambda r: r.number)
        if shortest.number <= longest.number:
            ctx.report(
                target,
                "short_retention",
                dlq=dlq.logical_id,
                dlq_retention=shortest.describe(),
                dlq_origin=_origin(shortest),
                retention=longest.describe(),
                origin=_origin(longest),
            )
