from __future__ import annotations

from slint.rule import Rule, Severity, intrinsic, written_as

from ._shared import BUCKET


class SamEventSourceSameTemplate(Rule):
    """
    ## What it does
    Checks that a SAM `S3` event's `Bucket` is a `!Ref` to an `AWS::S3::Bucket` of the same
    template, and that a SAM `Cognito` event's `UserPool` is a `!Ref` to an
    `AWS::Cognito::UserPool` of the same template (not a name, an ARN, a parameter or an import).
    ## Why is this bad?
    SAM adds the notification (or the trigger) to the bucket or user pool resource itself, so it
    must be in the template; otherwise the transform fails.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Events:
          Upload: {Type: S3, Properties: {Bucket: my-existing-bucket, Events: "s3:ObjectCreated:*"}}
    ```
    ## Use instead
    ```yaml
    Uploads:
      Type: AWS::S3::Bucket
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Events:
          Upload: {Type: S3, Properties: {Bucket: !Ref Uploads, Events: "s3:ObjectCreated:*"}}
    ```
    Declare the bucket in the template, or configure the notification where the bucket is
    defined (with an `AWS::Lambda::Permission`).
    ## References
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-s3.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-cognito.html
    """

    id = "SL424"
    name = "sam-event-source-not-in-template"
    aliases = ("sam-event-source-same-template",)
    severity = Severity.ERROR
    resource_types = ("AWS::Serverless::Function",)
    source_url = (
        "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-s3.html"
    )
    SOURCES = {"S3": ("Bucket", BUCKET), "Cognito": ("UserPool", "AWS::Cognito::UserPool")}
    messages = {"not_in_template": "{event} event {property} {value} must be a !Ref to an {type} in this template"}

    def check_resource(self, function, ctx):
        for trigger in ctx.graph.triggers(function):
            if trigger.declared_by is not function or trigger.kind not in self.SOURCES:
                continue
            prop, type_ = self.SOURCES[trigger.kind]
            value = trigger.source_value
            if value is None or intrinsic(value) == "Fn::If":
                continue  # a missing property is the SAM schema's business; If branches are not followed
            if intrinsic(value) != "Ref" or trigger.source is None or trigger.source.type != type_:
                shown = value.describe() if value.known else written_as(value)
                ctx.report(value, "not_in_template", event=trigger.kind, property=prop, value=shown, type=type_)
