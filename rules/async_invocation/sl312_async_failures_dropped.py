from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

from ._shared import ASYNC, INVOKE_CONFIG, _dlq_property, on_failure


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
    name = "lambda-async-failures-dropped"
    aliases = ("lambda-async-failure-capture",)
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = ASYNC
    messages = {
        "uncaptured": (
            "Invoked asynchronously by {triggers} but has no {dlq} or on-failure destination; events that still fail "
            "after the retries are discarded"
        ),
    }

    def check_resource(self, function, ctx):
        triggers = [t for t in ctx.graph.triggers(function) if t.is_async]
        if not triggers or function.has(_dlq_property(function)) or on_failure(function, ctx):
            return
        if ctx.graph.unidentified_functions(INVOKE_CONFIG):
            return  # a config for a function slint cannot identify may be this one's
        names = ", ".join(f"{t.kind} {t.name}" for t in triggers[:3]) + (" and others" if len(triggers) > 3 else "")
        ctx.report(function, "uncaptured", triggers=names, dlq=_dlq_property(function))
