from __future__ import annotations

from slint.rule import SAM_EVENT_OWNER_TYPES, Message, Rule, Severity, checks

from ._shared import EVENTS_RULE, SAM_FUNCTION, SCHEDULE, SUBSCRIPTION, sam_events, values

_EB_RETRY = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html"


class EventDeliveryDlq(Rule):
    """
    ## What it does
    Checks the retry policy of EventBridge rule targets (`AWS::Events::Rule` `Targets`),
    EventBridge Scheduler targets (`AWS::Scheduler::Schedule` `Target`) and SAM
    `EventBridgeRule`/`Schedule`/`ScheduleV2` events of functions and state machines:
    `MaximumRetryAttempts` 0–185 and `MaximumEventAgeInSeconds` 60–86,400 (error). Notes (info)
    a Lambda target without `DeadLetterConfig`, and a Lambda SNS subscription (SAM `SNS` event or
    `AWS::SNS::Subscription`) without `RedrivePolicy`.
    ## Why is this bad?
    EventBridge rejects a retry policy outside those ranges. Without a dead-letter queue, an
    event that still fails after the retries (by default 185 attempts over 24 hours) is dropped
    without a trace; SNS likewise drops a message it cannot deliver to the function.
    ## Example
    ```yaml
    Events:
      Orders:
        Type: EventBridgeRule
        Properties:
          Pattern: {source: [shop]}
          RetryPolicy: {MaximumRetryAttempts: 200}
    ```
    ## Use instead
    ```yaml
    Events:
      Orders:
        Type: EventBridgeRule
        Properties:
          Pattern: {source: [shop]}
          RetryPolicy: {MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600}
          DeadLetterConfig: {Type: SQS}
    ```
    ## References
    - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
    - https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
    - https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html
    """

    id = "SL443"
    name = "event-delivery-dlq-missing"
    aliases = ("event-delivery-dlq",)
    severity = Severity.ERROR
    resource_types = (*SAM_EVENT_OWNER_TYPES, EVENTS_RULE, SCHEDULE, SUBSCRIPTION)
    source_url = _EB_RETRY
    RANGES = {"MaximumRetryAttempts": (0, 185), "MaximumEventAgeInSeconds": (60, 86_400)}
    messages = {
        "retry_range": "RetryPolicy.{property} {value} is outside {minimum}–{maximum}",
        "no_dlq": Message(
            "No DeadLetterConfig on this Lambda target; events that still fail after the retries are dropped",
            Severity.INFO,
        ),
        "no_redrive": Message(
            "Lambda subscription has no RedrivePolicy; messages SNS cannot deliver to the function are dropped",
            Severity.INFO,
        ),
    }

    @checks(*SAM_EVENT_OWNER_TYPES)
    def check_sam_events(self, resource, ctx):
        for event in sam_events(resource, ctx, ("EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2")):
            self._check_target(event.get, event.properties or resource, resource.type == SAM_FUNCTION, ctx)
        for event in sam_events(resource, ctx, ("SNS",)):
            sqs = event.get("SqsSubscription")
            if event.get("RedrivePolicy") is None and (sqs is None or sqs.boolean is False):
                ctx.report(event.properties or resource, "no_redrive", resource=resource)

    @checks(EVENTS_RULE)
    def check_events_rule(self, resource, ctx):
        targets = resource.get("Targets")
        count = len(targets.value) if targets is not None and isinstance(targets.value, list) else 0
        for index in range(count):
            target = resource.get("Targets", index)
            is_lambda = ctx.graph.function_of(resource.get("Targets", index, "Arn")) is not None
            self._check_target(lambda *path, i=index: resource.get("Targets", i, *path), target, is_lambda, ctx)

    @checks(SCHEDULE)
    def check_schedule(self, resource, ctx):
        target = resource.get("Target")
        if target is not None:
            is_lambda = ctx.graph.function_of(resource.get("Target", "Arn")) is not None
            self._check_target(lambda *path: resource.get("Target", *path), target, is_lambda, ctx)

    @checks(SUBSCRIPTION)
    def check_subscription(self, resource, ctx):
        if any(p.text == "lambda" for p in values(resource.get("Protocol"))) and resource.get("RedrivePolicy") is None:
            ctx.report(resource, "no_redrive")

    def _check_target(self, get, anchor, is_lambda: bool, ctx):
        for prop, (minimum, maximum) in self.RANGES.items():
            for value in values(get("RetryPolicy", prop)):
                if value.number is not None and not minimum <= value.number <= maximum:
                    ctx.report(
                        value, "retry_range", property=prop, value=value.describe(), minimum=minimum, maximum=maximum
                    )
        if is_lambda and get("DeadLetterConfig") is None:
            ctx.report(anchor, "no_dlq")
