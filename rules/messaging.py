"""Messaging and scheduling: SNS, EventBridge rules, EventBridge Scheduler."""

from __future__ import annotations

import re

from slint.graph import SAM_EVENT_OWNER_TYPES
from slint.rule import Rule, Severity

from ._event_sources import TOPIC_TYPE, topic_is_fifo

SAM_FUNCTION = "AWS::Serverless::Function"
EVENTS_RULE = "AWS::Events::Rule"
SCHEDULE = "AWS::Scheduler::Schedule"
SUBSCRIPTION = "AWS::SNS::Subscription"
BUCKET = "AWS::S3::Bucket"
_EB_SCHEDULE = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html"
_EB_RETRY = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html"


def _sam_events(owner, ctx, kinds: tuple[str, ...]):
    """The SAM events of these kinds that a function or state machine declares itself."""
    return [t for t in ctx.graph.triggers(owner) if t.declared_by is owner and t.kind in kinds]


def _values(value):
    return list(value.possibilities()) if value is not None else []


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
    Events:
      Orders:
        Type: SNS
        Properties: {Topic: !Ref OrdersFifoTopic}
    ```
    ## Use instead
    Subscribe an SQS FIFO queue to the topic and consume the queue with an `SQS` event.
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

    def check_resource(self, resource, ctx):
        if resource.type == SAM_FUNCTION:
            for event in _sam_events(resource, ctx, ("SNS",)):
                sqs = event.get("SqsSubscription")
                if sqs is None or sqs.boolean is False:
                    self._check_topic(event.source_value, ctx, "lambda_subscription")
        elif resource.type == SUBSCRIPTION:
            if any(p.text == "lambda" for p in _values(resource.get("Protocol"))):
                self._check_topic(resource.get("TopicArn"), ctx, "lambda_subscription")
        elif resource.type == TOPIC_TYPE:
            if topic_is_fifo(resource, None):
                for subscription in resource.items("Subscription") or []:
                    if isinstance(subscription.value, dict) and subscription.value.get("Protocol") == "lambda":
                        ctx.report(subscription, "lambda_subscription", topic=resource.logical_id)
        else:
            for index in range(len(resource.items("NotificationConfiguration", "TopicConfigurations") or [])):
                self._check_topic(resource.get("NotificationConfiguration", "TopicConfigurations", index, "Topic"), ctx, "s3_notification")

    @staticmethod
    def _check_topic(value, ctx, message_id):
        if value is None:
            return
        topic = ctx.graph.target(value)
        if topic_is_fifo(topic, value):
            ctx.report(value, message_id, topic=topic.logical_id if topic is not None else value.describe())


_RATE = re.compile(r"^rate\((.*)\)$", re.S)
_CRON = re.compile(r"^cron\((.*)\)$", re.S)
_AT = re.compile(r"^at\((.*)\)$", re.S)
_AT_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
_UNITS = {"minute": "minutes", "hour": "hours", "day": "days"}


class ScheduleExpression(Rule):
    """
    ## What it does
    Checks schedule expressions in SAM `Schedule` and `ScheduleV2` events (of functions and of
    state machines), `AWS::Events::Rule` and `AWS::Scheduler::Schedule`: `rate(N unit)` with a
    positive whole N and a unit of minutes, hours or days (singular when N is 1 and plural
    otherwise, for EventBridge rules); `cron(...)` with exactly six fields and `?` in the
    day-of-month or the day-of-week field; `at(...)` (EventBridge Scheduler only) as
    `yyyy-mm-ddThh:mm:ss`. Notes (info) that scheduled EventBridge rules are legacy and
    EventBridge Scheduler is recommended.
    ## Why is this bad?
    EventBridge rejects an invalid expression and the deployment fails. There are no sub-minute
    rates.
    ## Example
    ```yaml
    Events:
      Nightly:
        Type: ScheduleV2
        Properties: {ScheduleExpression: "cron(0 3 * * * *)"}
    ```
    ## Use instead
    ```yaml
    Events:
      Nightly:
        Type: ScheduleV2
        Properties: {ScheduleExpression: "cron(0 3 * * ? *)"}
    ```
    ## References
    - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
    - https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-statemachine-statemachineschedule.html
    """

    id = "SL441"
    name = "schedule-expression"
    severity = Severity.ERROR
    resource_types = (*SAM_EVENT_OWNER_TYPES, EVENTS_RULE, SCHEDULE)
    source_url = _EB_SCHEDULE
    CRON_FIELDS = 6
    messages = {
        "bad_form": "Schedule expression {value} is not {forms}",
        "rate_value": "Schedule expression {value}: the rate must be a positive whole number followed by minutes, hours or days",
        "rate_unit_number": "Schedule expression {value}: use '{expected}' (singular for 1, plural otherwise)",
        "cron_fields": "Schedule expression {value} has {count} cron fields; EventBridge expects {expected} (minutes hours day-of-month month day-of-week year)",
        "cron_question": "Schedule expression {value} sets both day-of-month and day-of-week; one of them must be '?'",
        "at_format": "Schedule expression {value}: a one-time schedule is at(yyyy-mm-ddThh:mm:ss)",
        "legacy": "Scheduled EventBridge rules are legacy; EventBridge Scheduler (SAM ScheduleV2, AWS::Scheduler::Schedule) is recommended",
    }

    def check_resource(self, resource, ctx):
        if resource.type in SAM_EVENT_OWNER_TYPES:
            for event in _sam_events(resource, ctx, ("Schedule", "ScheduleV2")):
                scheduler = event.kind == "ScheduleV2"
                self._check(event.get("ScheduleExpression" if scheduler else "Schedule"), scheduler, ctx)
        else:
            self._check(resource.get("ScheduleExpression"), resource.type == SCHEDULE, ctx)

    def _check(self, expression, scheduler: bool, ctx):
        if expression is None:
            return
        for value in _values(expression):
            if isinstance(value.text, str):
                self._check_text(value, value.text.strip(), scheduler, ctx)
        if not scheduler:
            ctx.report(expression, "legacy", severity=Severity.INFO)

    def _check_text(self, value, text, scheduler, ctx):
        shown = value.describe()
        if match := _RATE.match(text):
            parts = match.group(1).split()
            amount = parts[0] if parts else ""
            unit = parts[1] if len(parts) == 2 else ""
            singular = unit if unit in _UNITS else next((s for s, p in _UNITS.items() if p == unit), None)
            if not amount.isdigit() or int(amount) < 1 or singular is None:
                ctx.report(value, "rate_value", value=shown)
            elif not scheduler:
                expected = singular if int(amount) == 1 else _UNITS[singular]
                if unit != expected:
                    ctx.report(value, "rate_unit_number", value=shown, expected=f"rate({amount} {expected})")
        elif match := _CRON.match(text):
            fields = match.group(1).split()
            if len(fields) != self.CRON_FIELDS:
                ctx.report(value, "cron_fields", value=shown, count=len(fields), expected=self.CRON_FIELDS)
            elif "?" not in (fields[2], fields[4]):
                ctx.report(value, "cron_question", value=shown)
        elif scheduler and (match := _AT.match(text)):
            if not _AT_TIME.match(match.group(1).strip()):
                ctx.report(value, "at_format", value=shown)
        else:
            ctx.report(value, "bad_form", value=shown, forms="rate(...), cron(...) or at(...)" if scheduler else "rate(...) or cron(...)")


class SchedulerFlexibleWindow(Rule):
    """
    ## What it does
    Checks `FlexibleTimeWindow` of `AWS::Scheduler::Schedule` (required there) and of SAM
    `ScheduleV2` events of functions and state machines (optional; SAM uses `OFF` when absent):
    `Mode` is `OFF` or `FLEXIBLE`, and `FLEXIBLE` needs `MaximumWindowInMinutes` from 1 to 1,440.
    ## Why is this bad?
    EventBridge Scheduler rejects the schedule and the deployment fails.
    ## Example
    ```yaml
    FlexibleTimeWindow:
      Mode: FLEXIBLE
    ```
    ## Use instead
    ```yaml
    FlexibleTimeWindow:
      Mode: FLEXIBLE
      MaximumWindowInMinutes: 15
    ```
    ## References
    - https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-flexible-time-windows.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-scheduler-schedule-flexibletimewindow.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-statemachine-statemachineschedulev2.html
    """

    id = "SL442"
    name = "scheduler-flexible-window"
    severity = Severity.ERROR
    resource_types = (*SAM_EVENT_OWNER_TYPES, SCHEDULE)
    source_url = "https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-flexible-time-windows.html"
    MODES = ("OFF", "FLEXIBLE")
    MIN_WINDOW_MINUTES = 1
    MAX_WINDOW_MINUTES = 1_440
    messages = {
        "missing": "AWS::Scheduler::Schedule requires FlexibleTimeWindow (Mode OFF or FLEXIBLE)",
        "bad_mode": "FlexibleTimeWindow Mode {value} is not one of {modes}{hint}",
        "window_required": "FlexibleTimeWindow Mode FLEXIBLE requires MaximumWindowInMinutes ({minimum}–{maximum})",
        "window_range": "FlexibleTimeWindow MaximumWindowInMinutes {value} is outside {minimum}–{maximum}",
    }

    def check_resource(self, resource, ctx):
        if resource.type == SCHEDULE:
            if resource.get("FlexibleTimeWindow") is None:
                ctx.report(resource, "missing")
                return
            self._check(resource.get, ctx)
            return
        for event in _sam_events(resource, ctx, ("ScheduleV2",)):
            self._check(event.get, ctx)

    def _check(self, get, ctx):
        limits = dict(minimum=self.MIN_WINDOW_MINUTES, maximum=self.MAX_WINDOW_MINUTES)
        for mode in _values(get("FlexibleTimeWindow", "Mode")):
            if mode.value not in self.MODES:
                hint = " (unquoted OFF/ON are YAML booleans: write \"OFF\")" if isinstance(mode.value, bool) else ""
                ctx.report(mode, "bad_mode", value=mode.describe(), modes=", ".join(self.MODES), hint=hint)
            elif mode.value == "FLEXIBLE" and get("FlexibleTimeWindow", "MaximumWindowInMinutes") is None:
                ctx.report(mode, "window_required", **limits)
        for window in _values(get("FlexibleTimeWindow", "MaximumWindowInMinutes")):
            if window.number is not None and not self.MIN_WINDOW_MINUTES <= window.number <= self.MAX_WINDOW_MINUTES:
                ctx.report(window, "window_range", value=window.describe(), **limits)


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
    name = "event-delivery-dlq"
    severity = Severity.ERROR
    resource_types = (*SAM_EVENT_OWNER_TYPES, EVENTS_RULE, SCHEDULE, SUBSCRIPTION)
    source_url = _EB_RETRY
    RANGES = {"MaximumRetryAttempts": (0, 185), "MaximumEventAgeInSeconds": (60, 86_400)}
    messages = {
        "retry_range": "RetryPolicy.{property} {value} is outside {minimum}–{maximum}",
        "no_dlq": "No DeadLetterConfig on this Lambda target; events that still fail after the retries are dropped",
        "no_redrive": "Lambda subscription has no RedrivePolicy; messages SNS cannot deliver to the function are dropped",
    }

    def check_resource(self, resource, ctx):
        graph = ctx.graph
        if resource.type in SAM_EVENT_OWNER_TYPES:
            for event in _sam_events(resource, ctx, ("EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2")):
                self._check_target(event.get, event.properties or resource, resource.type == SAM_FUNCTION, ctx)
            for event in _sam_events(resource, ctx, ("SNS",)):
                sqs = event.get("SqsSubscription")
                if event.get("RedrivePolicy") is None and (sqs is None or sqs.boolean is False):
                    ctx.report(event.properties or resource, "no_redrive", severity=Severity.INFO, resource=resource)
        elif resource.type == EVENTS_RULE:
            targets = resource.get("Targets")
            count = len(targets.value) if targets is not None and isinstance(targets.value, list) else 0
            for index in range(count):
                target = resource.get("Targets", index)
                is_lambda = graph.function_of(resource.get("Targets", index, "Arn")) is not None
                self._check_target(lambda *path, i=index: resource.get("Targets", i, *path), target, is_lambda, ctx)
        elif resource.type == SCHEDULE:
            target = resource.get("Target")
            if target is not None:
                is_lambda = graph.function_of(resource.get("Target", "Arn")) is not None
                self._check_target(lambda *path: resource.get("Target", *path), target, is_lambda, ctx)
        elif any(p.text == "lambda" for p in _values(resource.get("Protocol"))) and resource.get("RedrivePolicy") is None:
            ctx.report(resource, "no_redrive", severity=Severity.INFO)

    def _check_target(self, get, anchor, is_lambda: bool, ctx):
        for prop, (minimum, maximum) in self.RANGES.items():
            for value in _values(get("RetryPolicy", prop)):
                if value.number is not None and not minimum <= value.number <= maximum:
                    ctx.report(value, "retry_range", property=prop, value=value.describe(), minimum=minimum, maximum=maximum)
        if is_lambda and get("DeadLetterConfig") is None:
            ctx.report(anchor, "no_dlq", severity=Severity.INFO)
