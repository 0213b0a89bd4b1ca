"""Asynchronous invocation: retry and event-age settings, where failed events go, and which targets fit."""

from __future__ import annotations

from slint.aws import FUNCTION_TYPES, arn_service
from slint.rule import Rule, Severity

_ASYNC = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html"
_INVOKE_CONFIG = "AWS::Lambda::EventInvokeConfig"


def _dlq_property(function) -> str:
    return "DeadLetterQueue" if function.is_sam else "DeadLetterConfig"


def _invoke_configs(function, ctx):
    """The AWS::Lambda::EventInvokeConfig resources of a function (any qualifier)."""
    return [c for c in ctx.template.resources_of(_INVOKE_CONFIG) if ctx.graph.function_of(c.get("FunctionName")) is function]


def _on_failure(function, ctx):
    """Every place an on-failure destination is set for the function: (Value, property name)."""
    found = []
    own = function.get("EventInvokeConfig", "DestinationConfig", "OnFailure") if function.is_sam else None
    if own is not None:
        found.append((own, "EventInvokeConfig.DestinationConfig.OnFailure"))
    for config in _invoke_configs(function, ctx):
        value = config.get("DestinationConfig", "OnFailure")
        if value is not None:
            found.append((value, "DestinationConfig.OnFailure"))
    return found


class LambdaAsyncConfigRange(Rule):
    """
    ## What it does
    Checks the asynchronous invocation settings of SAM `EventInvokeConfig` (in a function or
    in `Globals`) and of `AWS::Lambda::EventInvokeConfig`: `MaximumRetryAttempts` must be a
    whole number from 0 to 2 and `MaximumEventAgeInSeconds` from 60 to 21,600 (6 hours).
    ## Why is this bad?
    Lambda rejects values outside these ranges and the deployment fails.
    ## Example
    ```yaml
    EventInvokeConfig:
      MaximumRetryAttempts: 3
      MaximumEventAgeInSeconds: 86400
    ```
    ## Use instead
    ```yaml
    EventInvokeConfig:
      MaximumRetryAttempts: 2
      MaximumEventAgeInSeconds: 21600
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventinvokeconfig.html
    """

    id = "SL311"
    name = "lambda-async-config-range"
    severity = Severity.ERROR
    resource_types = ("AWS::Serverless::Function", _INVOKE_CONFIG)
    source_url = _ASYNC
    RANGES = {"MaximumRetryAttempts": (0, 2), "MaximumEventAgeInSeconds": (60, 21_600)}
    messages = {
        "out_of_range": "{property} {value} must be a whole number from {low} to {high}",
    }

    def check_resource(self, resource, ctx):
        prefix = ("EventInvokeConfig",) if resource.type == "AWS::Serverless::Function" else ()
        for prop, (low, high) in self.RANGES.items():
            for value in resource.each(*prefix, prop):
                number = value.number
                if number is not None and (number != int(number) or not low <= number <= high):
                    ctx.report(value, "out_of_range", property=prop, value=value.describe(), low=f"{low:,}", high=f"{high:,}")


class LambdaAsyncFailureCapture(Rule):
    """
    ## What it does
    Flags a function invoked asynchronously by something in the template — SAM `S3`, `SNS`,
    `EventBridgeRule`, `CloudWatchEvent`, `Schedule`, `ScheduleV2`, `CloudWatchLogs`, `IoTRule`
    events, or CloudFormation S3 notifications, SNS subscriptions, EventBridge rule and
    Scheduler targets that name it — that has no dead-letter queue (`DeadLetterQueue` /
    `DeadLetterConfig`) and no on-failure destination (SAM `EventInvokeConfig` or an
    `AWS::Lambda::EventInvokeConfig` for the function).
    ## Why is this bad?
    Lambda retries a failed asynchronous event at most twice and keeps it at most 6 hours; then
    the event is discarded without a trace unless a dead-letter queue or an on-failure
    destination receives it.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Events:
          Upload:
            Type: S3
            Properties: {Bucket: !Ref Uploads, Events: s3:ObjectCreated:*}
    ```
    ## Use instead
    ```yaml
        EventInvokeConfig:
          DestinationConfig:
            OnFailure: {Type: SQS, Destination: !GetAtt FailedEvents.Arn}
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
    """

    id = "SL312"
    name = "lambda-async-failure-capture"
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = _ASYNC
    messages = {
        "uncaptured": "Invoked asynchronously by {triggers} but has no {dlq} or on-failure destination; events that still fail after the retries are discarded",
    }

    def check_resource(self, function, ctx):
        triggers = [t for t in ctx.graph.triggers(function) if t.is_async]
        if not triggers or function.has(_dlq_property(function)) or _on_failure(function, ctx):
            return
        if any(ctx.graph.function_of(c.get("FunctionName")) is None for c in ctx.template.resources_of(_INVOKE_CONFIG)):
            return  # a config for a function named by text may be this one's
        names = ", ".join(f"{t.kind} {t.name}" for t in triggers[:3]) + (" and others" if len(triggers) > 3 else "")
        ctx.report(function, "uncaptured", triggers=names, dlq=_dlq_property(function))


class LambdaDlqOnPoller(Rule):
    """
    ## What it does
    Flags a dead-letter queue (`DeadLetterQueue` / `DeadLetterConfig`) or an asynchronous
    on-failure destination on a function whose only triggers in the template are event source
    mappings (SQS, Kinesis, DynamoDB, MSK, MQ, self-managed Kafka, DocumentDB).
    ## Why is this bad?
    A function's dead-letter queue and on-failure destination only receive events from
    asynchronous invocations. Event source mappings invoke synchronously, so failed records
    never reach them: for SQS, configure the dead-letter queue on the source queue
    (`RedrivePolicy`); for streams, the mapping's `DestinationConfig.OnFailure`.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        DeadLetterQueue: {Type: SQS, TargetArn: !GetAtt Dlq.Arn}
        Events:
          Jobs: {Type: SQS, Properties: {Queue: !GetAtt Jobs.Arn}}
    ```
    ## Use instead
    ```yaml
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 5}
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
    - https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
    """

    id = "SL313"
    name = "lambda-dlq-on-poller"
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html"
    messages = {
        "unused": "{property} is never used: this function is only invoked by event source mappings ({sources}); set the dead-letter queue on the source queue (RedrivePolicy) or the mapping's DestinationConfig.OnFailure",
    }

    def check_resource(self, function, ctx):
        triggers = ctx.graph.triggers(function)
        if not triggers or not all(t.is_poller for t in triggers):
            return
        sources = ", ".join(sorted({f"{t.kind} {t.name}" for t in triggers}))
        places = _on_failure(function, ctx)
        dlq = function.get(_dlq_property(function))
        if dlq is not None:
            places.insert(0, (dlq, _dlq_property(function)))
        for value, prop in places:
            ctx.report(value, "unused", property=prop, sources=sources)


# What each kind of target is called in SAM's Type and which resource types and ARN services it means.
_KINDS = {
    "SQS": ({"AWS::SQS::Queue"}, "sqs"),
    "SNS": ({"AWS::SNS::Topic"}, "sns"),
    "Lambda": (set(FUNCTION_TYPES) | {"AWS::Lambda::Alias", "AWS::Lambda::Version"}, "lambda"),
    "EventBridge": ({"AWS::Events::EventBus"}, "events"),
    "S3": ({"AWS::S3::Bucket"}, "s3"),
}
_DLQ_KINDS = ("SQS", "SNS")
_DESTINATION_KINDS = ("SQS", "SNS", "Lambda", "EventBridge", "S3")  # S3: failure records (not verified for success)


class LambdaAsyncTargetTypes(Rule):
    """
    ## What it does
    Checks what a function's failed or finished asynchronous events are sent to. A dead-letter
    queue (`DeadLetterConfig.TargetArn`, SAM `DeadLetterQueue`) must be an SQS queue or an SNS
    topic, and SAM's `DeadLetterQueue.Type` must match the resource it names. Destinations
    (`DestinationConfig.OnSuccess/OnFailure` in SAM `EventInvokeConfig` or
    `AWS::Lambda::EventInvokeConfig`) must be an SQS queue, SNS topic, Lambda function,
    EventBridge event bus or S3 bucket, and a SAM `Type` must match the resource named.
    In-template resources are checked by type, ARNs by service; anything else is skipped.
    The execution-role permissions for the target are not checked.
    ## Why is this bad?
    Lambda rejects any other target, and a SAM `Type` that does not match makes SAM grant the
    wrong permission (`sqs:SendMessage` on a topic), so the deployment fails.
    ## Example
    ```yaml
    DeadLetterQueue:
      Type: SQS
      TargetArn: !Ref AlertsTopic
    ```
    ## Use instead
    ```yaml
    DeadLetterQueue:
      Type: SNS
      TargetArn: !Ref AlertsTopic
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-deadletterconfig.html
    - https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
    """

    id = "SL314"
    name = "lambda-async-target-types"
    severity = Severity.ERROR
    resource_types = (*FUNCTION_TYPES, _INVOKE_CONFIG)
    source_url = _ASYNC
    messages = {
        "wrong_target": "{property} names {target}, which is not {allowed}",
        "type_mismatch": "{property} Type is {declared} but names {target}, which is {actual}",
    }

    def check_resource(self, resource, ctx):
        if resource.type == _INVOKE_CONFIG:
            self._destinations(resource, ("DestinationConfig",), ctx)
            return
        dlq_property = _dlq_property(resource)
        self._check(resource.get(dlq_property, "TargetArn"), resource.get(dlq_property, "Type") if resource.is_sam else None, f"{dlq_property}.TargetArn", _DLQ_KINDS, ctx)
        if resource.is_sam:
            self._destinations(resource, ("EventInvokeConfig", "DestinationConfig"), ctx)

    def _destinations(self, resource, prefix, ctx):
        for outcome in ("OnSuccess", "OnFailure"):
            path = (*prefix, outcome)
            declared = resource.get(*path, "Type") if resource.is_sam else None
            self._check(resource.get(*path, "Destination"), declared, ".".join((*path, "Destination")), _DESTINATION_KINDS, ctx)

    def _check(self, target, declared, prop, allowed, ctx):
        if target is None:
            return
        actual, name = _kind_of(target, ctx)
        if actual is None:
            return
        if actual not in allowed:
            ctx.report(target, "wrong_target", property=prop, target=name, allowed=_either(allowed))
        elif declared is not None and isinstance(declared.value, str) and declared.value in _KINDS and declared.value != actual:
            ctx.report(target, "type_mismatch", property=prop.rsplit(".", 1)[0], declared=declared.value, target=name, actual=_NAMES[actual])


def _kind_of(target, ctx) -> tuple[str | None, str]:
    """(kind, how to name it) of a target: SAM's kind vocabulary, or the foreign type/service."""
    resource = ctx.graph.target(target)
    if resource is not None:
        if resource.implicit:
            return None, resource.logical_id
        for kind, (types, _service) in _KINDS.items():
            if resource.type in types:
                return kind, f"{resource.logical_id} ({resource.type})"
        return resource.type, f"{resource.logical_id} ({resource.type})"
    service = arn_service(target.text)
    if service is None:
        return None, ""
    for kind, (_types, known) in _KINDS.items():
        if service == known:
            return kind, target.text
    return f"a {service} ARN", target.text


_NAMES = {"SQS": "an SQS queue", "SNS": "an SNS topic", "Lambda": "a Lambda function", "EventBridge": "an EventBridge event bus", "S3": "an S3 bucket"}


def _either(kinds) -> str:
    items = [_NAMES[k] for k in kinds]
    return ", ".join(items[:-1]) + " or " + items[-1]
