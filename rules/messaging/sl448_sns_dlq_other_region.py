from __future__ import annotations

from slint.rule import Rule, Severity, checks

from ._shared import SAM_FUNCTION, SUBSCRIPTION, sam_events


def _region_and_account(value) -> tuple[str, str] | None:
    """(region, account) of a literal ARN (``arn:partition:service:region:account:…``), else None."""
    text = value.text if value is not None else None
    if not text or not text.startswith("arn:"):
        return None
    parts = text.split(":")
    if len(parts) < 6 or not parts[3] or not parts[4]:
        return None
    return parts[3], parts[4]


class SnsDlqOtherRegion(Rule):
    """
    ## What it does
    Checks that the dead-letter queue of an SNS subscription (`RedrivePolicy.deadLetterTargetArn`
    of an `AWS::SNS::Subscription` or of a SAM `SNS` event), when written as an ARN, is in the
    subscription's Region and account: the Region the stack deploys to (when slint knows it) and
    the Region and account of the topic ARN (when that is written as an ARN too).
    ## Why is this bad?
    The SNS subscription and its SQS dead-letter queue must be in the same AWS account and Region;
    SNS cannot move failed deliveries to a queue elsewhere.
    ## Example
    ```yaml
    Subscription:
      Type: AWS::SNS::Subscription
      Properties:
        TopicArn: arn:aws:sns:us-east-1:123456789012:orders
        Protocol: https
        Endpoint: https://example.com/hook
        RedrivePolicy:
          deadLetterTargetArn: arn:aws:sqs:eu-west-1:123456789012:dead
    ```
    ## Use instead
    ```yaml
        RedrivePolicy:
          deadLetterTargetArn: arn:aws:sqs:us-east-1:123456789012:dead
    ```
    ## References
    - https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html
    """

    id = "SL448"
    name = "sns-dlq-other-region"
    severity = Severity.ERROR
    source_url = "https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html"
    messages = {
        "other_region": "Dead-letter queue {dlq} is in {dlq_region}, but the subscription is in {region}; SNS needs its dead-letter queue in the subscription's account and Region",
        "other_account": "Dead-letter queue {dlq} is in account {dlq_account}, but topic {topic} is in account {account}; SNS needs its dead-letter queue in the subscription's account and Region",
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
        dlq_place = _region_and_account(dlq_value)
        if dlq_place is None:
            return
        topic_place = _region_and_account(topic_value)
        region = topic_place[0] if topic_place is not None else ctx.region
        if region is not None and dlq_place[0] != region:
            ctx.report(dlq_value, "other_region", dlq=dlq_value.text, dlq_region=dlq_place[0], region=region)
        elif topic_place is not None and dlq_place[1] != topic_place[1]:
            ctx.report(
                dlq_value,
                "other_account",
                dlq=dlq_value.text,
                dlq_account=dlq_place[1],
                topic=topic_value.text,
                account=topic_place[1],
            )
