from __future__ import annotations

from slint.rule import Rule, Severity, checks

from .._event_sources import queue_is_fifo, topic_is_fifo
from ._shared import SAM_FUNCTION, SUBSCRIPTION, sam_events


def _kind(fifo: bool) -> str:
    return "FIFO" if fifo else "standard"


class SnsDlqTypeMismatch(Rule):
    """
    ## What it does
    Checks the dead-letter queue of an SNS subscription (`RedrivePolicy.deadLetterTargetArn` of an
    `AWS::SNS::Subscription`, or of a SAM `SNS` event): a subscription to a FIFO topic needs a
    FIFO queue, a subscription to a standard topic a standard queue. Topics and queues are known
    from the template (`FifoTopic`, `FifoQueue`) or from an ARN's `.fifo` suffix; anything else
    is skipped.
    ## Why is this bad?
    SNS uses FIFO queues as dead-letter queues of FIFO topic subscriptions and standard queues
    for standard topic subscriptions, so a mismatched queue does not keep the subscription's
    failed deliveries. The documentation states the pairing but not whether SNS rejects the
    subscription when it is deployed, so the rule warns.
    ## Example
    ```yaml
    OrdersTopic:
      Type: AWS::SNS::Topic
      Properties: {FifoTopic: true, TopicName: orders.fifo}
    OrdersQueue:
      Type: AWS::SQS::Queue
      Properties: {FifoQueue: true}
    Dead:
      Type: AWS::SQS::Queue
    Subscription:
      Type: AWS::SNS::Subscription
      Properties:
        TopicArn: !Ref OrdersTopic
        Protocol: sqs
        Endpoint: !GetAtt OrdersQueue.Arn
        RedrivePolicy:
          deadLetterTargetArn: !GetAtt Dead.Arn   # a standard queue
    ```
    ## Use instead
    ```yaml
    OrdersTopic:
      Type: AWS::SNS::Topic
      Properties: {FifoTopic: true, TopicName: orders.fifo}
    OrdersQueue:
      Type: AWS::SQS::Queue
      Properties: {FifoQueue: true}
    Dead:
      Type: AWS::SQS::Queue
      Properties: {FifoQueue: true}
    Subscription:
      Type: AWS::SNS::Subscription
      Properties:
        TopicArn: !Ref OrdersTopic
        Protocol: sqs
        Endpoint: !GetAtt OrdersQueue.Arn
        RedrivePolicy:
          deadLetterTargetArn: !GetAtt Dead.Arn
    ```
    ## References
    - https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html
    """

    id = "SL447"
    name = "sns-dlq-type-mismatch"
    severity = Severity.WARNING
    source_url = "https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html"
    messages = {
        "type_mismatch": "Dead-letter queue {dlq} is {dlq_kind} but topic {topic} is {topic_kind}; SNS needs a {topic_kind} queue as the dead-letter queue of this subscription",
    }

    @checks(SUBSCRIPTION)
    def check_subscription(self, subscription, ctx):
        self._check(subscription.get("TopicArn"), subscription.get("RedrivePolicy", "deadLetterTargetArn"), ctx)

    @checks(SAM_FUNCTION)
    def check_function(self, function, ctx):
        for event in sam_events(function, ctx, ("SNS",)):
            self._check(event.source_value, event.get("RedrivePolicy", "deadLetterTargetArn"), ctx)

    @staticmethod
    def _check(topic_value, dlq_value, ctx):
        if topic_value is None or dlq_value is None:
            return
        topic, dlq = ctx.graph.target(topic_value), ctx.graph.target(dlq_value)
        fifo, dlq_fifo = topic_is_fifo(topic, topic_value), queue_is_fifo(dlq, dlq_value)
        if fifo is None or dlq_fifo is None or fifo == dlq_fifo:
            return
        ctx.report(
            dlq_value, "type_mismatch",
            dlq=dlq.logical_id if dlq is not None else dlq_value.describe(), dlq_kind=_kind(dlq_fifo),
            topic=topic.logical_id if topic is not None else topic_value.describe(), topic_kind=_kind(fifo),
        )  # fmt: skip
