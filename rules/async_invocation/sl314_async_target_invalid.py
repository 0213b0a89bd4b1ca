from __future__ import annotations

from slint.aws import FUNCTION_TYPES, arn_service
from slint.rule import Rule, Severity, checks

from ._shared import ASYNC, INVOKE_CONFIG, _dlq_property

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


_NAMES = {
    "SQS": "an SQS queue",
    "SNS": "an SNS topic",
    "Lambda": "a Lambda function",
    "EventBridge": "an EventBridge event bus",
    "S3": "an S3 bucket",
}


def _either(kinds) -> str:
    items = [_NAMES[k] for k in kinds]
    return ", ".join(items[:-1]) + " or " + items[-1]


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
    AlertsTopic:
      Type: AWS::SNS::Topic
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        DeadLetterQueue:
          Type: SQS
          TargetArn: !Ref AlertsTopic
    ```
    ## Use instead
    ```yaml
    AlertsTopic:
      Type: AWS::SNS::Topic
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        DeadLetterQueue:
          Type: SNS
          TargetArn: !Ref AlertsTopic
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-deadletterconfig.html
    - https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
    """

    id = "SL314"
    name = "lambda-async-target-invalid"
    aliases = ("lambda-async-target-types",)
    severity = Severity.ERROR
    source_url = ASYNC
    messages = {
        "wrong_target": "{property} names {target}, which is not {allowed}",
        "type_mismatch": "{property} Type is {declared} but names {target}, which is {actual}",
    }

    @checks(*FUNCTION_TYPES)
    def check_function(self, resource, ctx):
        dlq_property = _dlq_property(resource)
        self._check(
            resource.get(dlq_property, "TargetArn"),
            resource.get(dlq_property, "Type") if resource.is_sam else None,
            f"{dlq_property}.TargetArn",
            _DLQ_KINDS,
            ctx,
        )
        if resource.is_sam:
            self._destinations(resource, ("EventInvokeConfig", "DestinationConfig"), ctx)

    @checks(INVOKE_CONFIG)
    def check_invoke_config(self, resource, ctx):
        self._destinations(resource, ("DestinationConfig",), ctx)

    def _destinations(self, resource, prefix, ctx):
        for outcome in ("OnSuccess", "OnFailure"):
            path = (*prefix, outcome)
            declared = resource.get(*path, "Type") if resource.is_sam else None
            self._check(
                resource.get(*path, "Destination"), declared, ".".join((*path, "Destination")), _DESTINATION_KINDS, ctx
            )

    def _check(self, target, declared, prop, allowed, ctx):
        if target is None:
            return
        actual, name = _kind_of(target, ctx)
        if actual is None:
            return
        if actual not in allowed:
            ctx.report(target, "wrong_target", property=prop, target=name, allowed=_either(allowed))
        elif (
            declared is not None
            and isinstance(declared.value, str)
            and declared.value in _KINDS
            and declared.value != actual
        ):
            ctx.report(
                target,
                "type_mismatch",
                property=prop.rsplit(".", 1)[0],
                declared=declared.value,
                target=name,
                actual=_NAMES[actual],
            )
