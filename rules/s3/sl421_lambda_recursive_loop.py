from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Message, Rule, Severity

from ._shared import _describe, _writes

_LOOPS = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html"


class LambdaRecursiveLoop(Rule):
    """
    ## What it does
    Flags a function that consumes an SQS queue or an SNS topic of the template and may also send
    to that same queue or publish to that same topic: SAM policy templates
    (`SQSSendMessagePolicy`, `SNSPublishMessagePolicy`, `SNSCrudPolicy`), IAM statements allowing
    `sqs:SendMessage`/`sns:Publish` on it, or SAM connectors with `Write` to it. Notes (info) a
    function whose `RecursiveLoop` is `Allow`, which turns loop detection off.
    ## Why is this bad?
    A message the function sends back to its own source invokes it again. Lambda detects such
    loops and stops them after about 16 invocations, unless `RecursiveLoop: Allow`.
    ## Example
    ```yaml
    Jobs:
      Type: AWS::SQS::Queue
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Policies: [{SQSSendMessagePolicy: {QueueName: !GetAtt Jobs.QueueName}}]
        Events:
          Jobs: {Type: SQS, Properties: {Queue: !GetAtt Jobs.Arn}}
    ```
    ## Use instead
    ```yaml
    Jobs:
      Type: AWS::SQS::Queue
    FollowUps:
      Type: AWS::SQS::Queue
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Policies: [{SQSSendMessagePolicy: {QueueName: !GetAtt FollowUps.QueueName}}]
        Events:
          Jobs: {Type: SQS, Properties: {Queue: !GetAtt Jobs.Arn}}
    ```
    Send follow-up work to another queue, or keep `RecursiveLoop: Terminate` (the default) when
    the loop is intended and bounded.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html
    """

    id = "SL421"
    name = "lambda-recursive-loop"
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = _LOOPS
    SENDS = {
        "SQS": (frozenset({"SQSSendMessagePolicy"}), ("sqs:SendMessage",)),
        "SNS": (frozenset({"SNSPublishMessagePolicy", "SNSCrudPolicy"}), ("sns:Publish",)),
    }
    messages = {
        "loop": (
            "Function {function} consumes {source} and may also send to it ({grant}); each message it sends invokes it "
            "again"
        ),
        "detection_off": Message(
            "RecursiveLoop Allow turns off Lambda's recursive loop detection for this function", Severity.INFO
        ),
    }

    def check_resource(self, function, ctx):
        grants = ctx.graph.grants(function)
        for trigger in ctx.graph.triggers(function):
            if trigger.kind not in self.SENDS or trigger.source is None:
                continue
            templates, actions = self.SENDS[trigger.kind]
            grant = next((g for g in grants if g.target is trigger.source and _writes(g, templates, actions)), None)
            if grant is not None:
                ctx.report(
                    trigger.source_value or trigger.properties or function,
                    "loop",
                    function=function.logical_id,
                    source=trigger.source.logical_id,
                    grant=_describe(grant),
                )
        for value in function.each("RecursiveLoop"):
            if value.text == "Allow":
                ctx.report(value, "detection_off")
