from __future__ import annotations

from slint.rule import Rule, Severity, checks

from .._event_sources import TOPIC_TYPE, topic_is_fifo
from ._shared import SAM_FUNCTION, SUBSCRIPTION, sam_events, values

BUCKET = "AWS::S3::Bucket"


class SnsFifoLambda(Rule):
    """
    ## What it does
    Flags a Lambda subscription to a FIFO SNS topic (`FifoTopic: true`, or an ARN ending in
    `.fifo`): a SAM `SNS` event, an `AWS::SNS::Subscription` with `Protocol: lambda`, or an
    inline `Subscription` of the topic; and an S3 `TopicConfigurations` entry that targets a FIFO
    topic.
    ## Why is this bad?
    FIFO topics deliver only to SQS queues, so the subscription is rejected; S3 event
    notifications cannot publish to FIFO topics either. The source for this is secondary (SNS FIFO
    delivery documentation as cited in AWS re:Post answers), so the rule warns rather than errors.
    ## Example
    ```yaml
    OrdersFifoTopic:
      Type: AWS::SNS::Topic
      Properties: {FifoTopic: true, TopicName: orders.fifo}
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Events:
          Orders:
            Type: SNS
            Properties: {Topic: !Ref OrdersFifoTopic}
    ```
    ## Use instead
    ```yaml
    OrdersFifoTopic:
      Type: AWS::SNS::Topic
      Properties: {FifoTopic: true, TopicName: orders.fifo}
    OrdersQueue:
      Type: AWS::SQS::Queue
      Properties: {FifoQueue: true}
    OrdersSubscription:
      Type: AWS::SNS::Subscription
      Properties:
        TopicArn: !Ref OrdersFifoTopic
        Protocol: sqs
        Endpoint: !GetAtt OrdersQueue.Arn
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Events:
          Orders:
            Type: SQS
            Properties: {Queue: !GetAtt OrdersQueue.Arn}
    ```
    Subscribe an SQS FIFO queue to the topic and consume the queue with an `SQS` event (the
    topic also needs a queue policy allowing it to send to the queue).
    ## References
    - https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html
    - https://docs.aws.amazon.com/sns/latest/dg/sns-fifo-topics.html
    """

    id = "SL440"
    name = "sns-fifo-lambda"
    severity = Severity.WARNING
    resource_types = (SAM_FUNCTION, SUBSCRIPTION, TOPIC_TYPE, BUCKET)
    source_url = "https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html"
    messages = {
        "lambda_subscription": "Topic {topic} is a FIFO topic; FIFO topics deliver only to SQS queues, not to Lambda",
        "s3_notification": "Topic {topic} is a FIFO topic; S3 event notifications cannot publish to FIFO topics",
    }

    @checks(SAM_FUNCTION)
    def check_sam_function(self, resource, ctx):
        for event in sam_events(resource, ctx, ("SNS",)):
            sqs = event.get("SqsSubscription")
            if sqs is None or sqs.boolean is False:
                self._check_topic(event.source_value, ctx, "lambda_subscription")

    @checks(SUBSCRIPTION)
    def check_subscription(self, resource, ctx):
        if any(p.text == "lambda" for p in values(resource.get("Protocol"))):
            self._check_topic(resource.get("TopicArn"), ctx, "lambda_subscription")

    @checks(TOPIC_TYPE)
    def check_topic(self, resource, ctx):
        if topic_is_fifo(resource, None):
            for subscription in resource.items("Subscription") or []:
                if isinstance(subscription.value, dict) and subscription.value.get("Protocol") == "lambda":
                    ctx.report(subscription, "lambda_subscription", topic=resource.logical_id)

    @checks(BUCKET)
    def check_bucket(self, resource, ctx):
        for index in range(len(resource.items("NotificationConfiguration", "TopicConfigurations") or [])):
            self._check_topic(
                resource.get("NotificationConfiguration", "TopicConfigurations", index, "Topic"), ctx, "s3_notification"
            )

    @staticmethod
    def _check_topic(value, ctx, message_id):
        if value is None:
            return
        topic = ctx.graph.target(value)
        if topic_is_fifo(topic, value):
            ctx.report(value, message_id, topic=topic.logical_id if topic is not None else value.describe())
