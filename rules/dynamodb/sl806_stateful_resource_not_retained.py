from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import TABLE_TYPES


class StatefulRetain(Rule):
    """
    ## What it does
    Notes stateful resources that CloudFormation deletes with the stack or on replacement:
    DynamoDB tables and global tables, SAM simple tables and Cognito user pools without
    `DeletionPolicy: Retain` (or `RetainExceptOnCreate`, or `Snapshot` where supported). A
    DynamoDB table with `DeletionProtectionEnabled: true` is also accepted. S3 buckets are not
    checked: CloudFormation cannot delete a bucket that still holds objects (the deletion
    fails), so deleting the stack does not delete a bucket's data.
    ## Why is this bad?
    Deleting the stack, or a change that replaces the resource, deletes its data for good.
    ## Example
    ```yaml
    Orders:
      Type: AWS::DynamoDB::Table
    ```
    ## Use instead
    ```yaml
    Orders:
      Type: AWS::DynamoDB::Table
      DeletionPolicy: Retain
      UpdateReplacePolicy: Retain
    ```
    ## Fix safety
    Unsafe: the fix writes `DeletionPolicy: Retain` (adding it before the resource's first key,
    or replacing `Delete`). Deleting the stack then leaves the resource, and its cost, behind,
    and a replacement that needs the same name fails while the old one is kept.
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
    """

    id = "SL806"
    name = "stateful-resource-not-retained"
    aliases = ("stateful-retain",)
    severity = Severity.INFO
    resource_types = (*TABLE_TYPES, "AWS::Serverless::SimpleTable", "AWS::Cognito::UserPool")
    source_url = (
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html"
    )
    KEEPING_POLICIES = ("Retain", "RetainExceptOnCreate", "Snapshot")
    fix_safety = "unsafe"
    messages = {
        "no_policy": "{type} {name} has no DeletionPolicy: Retain; deleting the stack deletes its data",
        "deleting_policy": "DeletionPolicy {value} on {type} {name}; deleting the stack deletes its data",
    }

    def check_resource(self, resource, ctx):
        protection = resource.get("DeletionProtectionEnabled")
        if protection is not None and protection.boolean:
            return
        policy = resource.attribute("DeletionPolicy")
        if policy is None:
            ctx.report(
                resource,
                "no_policy",
                type=resource.type,
                name=resource.logical_id,
                fix=ctx.add_resource_attribute(resource, "DeletionPolicy", "Retain"),
            )
        elif isinstance(policy.value, str) and policy.value not in self.KEEPING_POLICIES:
            ctx.report(
                policy,
                "deleting_policy",
                value=policy.value,
                type=resource.type,
                name=resource.logical_id,
                fix=ctx.replace(policy, "Retain"),
            )
