from __future__ import annotations

from fnmatch import fnmatchcase

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

from ._shared import BUCKET, _describe, _writes, events_of, filter_rules


class S3RecursiveWrite(Rule):
    """
    ## What it does
    Flags a function triggered by object creation in an S3 bucket of the template (SAM `S3` event,
    or the bucket's `NotificationConfiguration.LambdaConfigurations`) with no prefix or suffix
    filter, when the function may also write to that bucket: a SAM policy template
    `S3CrudPolicy`/`S3WritePolicy`/`S3FullAccessPolicy` on the bucket, an IAM statement allowing
    `s3:PutObject` on it (in `Policies`, the execution role or a policy attached to it), or a SAM
    connector with `Write` to it. With a filter the rule stays silent: the template does not say
    where the function writes.
    ## Why is this bad?
    Each object the function writes triggers it again: a recursive loop that runs up costs.
    Lambda stops S3 loops only after about 16 recursive invocations.
    ## Example
    ```yaml
    Images:
      Type: AWS::S3::Bucket
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Policies: [{S3CrudPolicy: {BucketName: !Ref Images}}]
        Events:
          Upload: {Type: S3, Properties: {Bucket: !Ref Images, Events: "s3:ObjectCreated:*"}}
    ```
    ## Use instead
    Write to a second bucket, or filter the trigger to the prefix of incoming objects:
    ```yaml
    Images:
      Type: AWS::S3::Bucket
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Policies: [{S3CrudPolicy: {BucketName: !Ref Images}}]
        Events:
          Upload:
            Type: S3
            Properties:
              Bucket: !Ref Images
              Events: "s3:ObjectCreated:*"
              Filter: {S3Key: {Rules: [{Name: prefix, Value: incoming/}]}}
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html
    - https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html
    """

    id = "SL420"
    name = "s3-recursive-write"
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html"
    WRITE_TEMPLATES = frozenset({"S3CrudPolicy", "S3WritePolicy", "S3FullAccessPolicy"})
    WRITE_ACTIONS = ("s3:PutObject",)
    messages = {
        "loop": (
            "Function {function} runs on object creation in bucket {bucket} without a prefix or suffix filter, and may "
            "write to it ({grant}); each object it writes invokes it again"
        ),
    }

    def check_resource(self, function, ctx):
        grants = ctx.graph.grants(function)
        for trigger in ctx.graph.triggers(function, kind="S3"):
            bucket = trigger.source
            if bucket is None or bucket.type != BUCKET:
                continue
            events = events_of(trigger)
            if events is not None and not any(
                fnmatchcase("s3:ObjectCreated:Put", e) or e.startswith("s3:ObjectCreated") for e in events
            ):
                continue
            filter_value = trigger.get("Filter")
            if filter_rules(filter_value.resolved() if filter_value is not None else None) != {}:
                continue
            grant = next(
                (g for g in grants if g.target is bucket and _writes(g, self.WRITE_TEMPLATES, self.WRITE_ACTIONS)), None
            )
            if grant is not None:
                where = trigger.source_value or trigger.get("Function") or trigger.properties
                ctx.report(
                    where, "loop", function=function.logical_id, bucket=bucket.logical_id, grant=_describe(grant)
                )
