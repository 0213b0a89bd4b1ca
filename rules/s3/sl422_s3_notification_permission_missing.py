from __future__ import annotations

from slint.rule import Message, Rule, Severity, sub_text

from ._shared import BUCKET


def _may_name(permission, bucket) -> bool:
    """False only when both the permission's SourceArn and the bucket's name are known and differ."""
    source, name = permission.get("SourceArn"), bucket.get("BucketName")
    if source is None or name is None or name.text is None:
        return True
    text = source.text
    if text is None:
        text = sub_text(source)  # the name part is literal even when ${AWS::Partition} is unknown
    return text is None or text.endswith(f":::{name.text}")


_S3_PRINCIPAL = "s3.amazonaws.com"


class S3NotificationPermission(Rule):
    """
    ## What it does
    For each `AWS::S3::Bucket` `NotificationConfiguration.LambdaConfigurations` entry whose function
    is in the template, looks for an `AWS::Lambda::Permission` for that function with an S3
    principal, and checks that the bucket `DependsOn` it. (SAM `S3` events create both for you.)
    ## Why is this bad?
    CloudFormation checks that the bucket may invoke the function when it writes the notification
    configuration; without the permission, or when the permission is created after the bucket,
    the stack fails with "Unable to validate the following destination configurations". A
    permission whose `SourceArn` refers to the bucket (`!Ref`/`!GetAtt`) is always created after
    it; build the ARN from the bucket name with `!Sub` and add `DependsOn` instead.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
    Bucket:
      Type: AWS::S3::Bucket
      Properties:
        NotificationConfiguration:
          LambdaConfigurations: [{Event: "s3:ObjectCreated:*", Function: !GetAtt Fn.Arn}]
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
    Bucket:
      Type: AWS::S3::Bucket
      DependsOn: BucketInvoke
      Properties:
        BucketName: !Sub "uploads-${AWS::AccountId}"
        NotificationConfiguration:
          LambdaConfigurations: [{Event: "s3:ObjectCreated:*", Function: !GetAtt Fn.Arn}]
    BucketInvoke:
      Type: AWS::Lambda::Permission
      Properties:
        Action: lambda:InvokeFunction
        FunctionName: !Ref Fn
        Principal: s3.amazonaws.com
        SourceAccount: !Ref AWS::AccountId
        SourceArn: !Sub "arn:${AWS::Partition}:s3:::uploads-${AWS::AccountId}"
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-notificationconfiguration.html
    - https://repost.aws/knowledge-center/unable-validate-circular-dependency-cloudformation
    """

    id = "SL422"
    name = "s3-notification-permission-missing"
    aliases = ("s3-notification-permission",)
    severity = Severity.ERROR
    resource_types = (BUCKET,)
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-notificationconfiguration.html"
    messages = {
        "missing_permission": (
            "No AWS::Lambda::Permission lets S3 invoke {function}; CloudFormation cannot validate this notification"
        ),
        "created_after": (
            "Permission {permission} refers to this bucket, so it is created after the bucket and the notification "
            "cannot be validated; build its SourceArn with !Sub from the bucket name and add DependsOn: {permission}"
        ),
        "no_depends_on": Message(
            "The bucket does not DependsOn permission {permission}; if the bucket is created first, the notification "
            "cannot be validated",
            Severity.WARNING,
        ),
    }

    def check_resource(self, bucket, ctx):
        graph = ctx.graph
        created_before = graph.created_before(bucket)
        sam_events = {
            t.function.logical_id for t in graph.triggers_from(bucket, kind="S3") if t.declared_by is t.function
        }
        checked = set(sam_events)  # SAM adds the permission (and the DependsOn) for its S3 events
        for trigger in graph.triggers_from(bucket, kind="S3"):
            if trigger.declared_by is not bucket or trigger.function.logical_id in checked:
                continue
            checked.add(trigger.function.logical_id)
            where = trigger.get("Function") or trigger.properties
            readable = graph.invoke_permissions(trigger.function)
            if readable is None:
                continue  # a permission for a function slint cannot identify may be this one
            permissions = [
                p.resource
                for p in readable
                if p.allows(_S3_PRINCIPAL) and p.grants("lambda:InvokeFunction") and _may_name(p.resource, bucket)
            ]
            if not permissions:
                ctx.report(where, "missing_permission", function=trigger.function.logical_id)
            elif not created_before.intersection(p.logical_id for p in permissions):
                permission = permissions[0]
                if any(e.target is bucket for e in graph.references(permission)):
                    ctx.report(where, "created_after", permission=permission.logical_id)
                else:
                    ctx.report(where, "no_depends_on", permission=permission.logical_id)
