from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import GLOBAL_TABLE_DOCS


class GlobalTableCapacity(Rule):
    """
    ## What it does
    Checks that an `AWS::DynamoDB::GlobalTable` with `BillingMode: PROVISIONED` sets
    `WriteProvisionedThroughputSettings`.
    ## Why is this bad?
    CloudFormation requires write capacity auto scaling settings for a provisioned global
    table (they apply to every replica); the stack fails without them.
    ## Example
    ```yaml
    BillingMode: PROVISIONED
    ```
    ## Use instead
    ```yaml
    BillingMode: PROVISIONED
    WriteProvisionedThroughputSettings:
      WriteCapacityAutoScalingSettings:
        MinCapacity: 5
        MaxCapacity: 100
        TargetTrackingScalingPolicyConfiguration: {TargetValue: 70}
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-globaltable.html
    """

    id = "SL803"
    name = "ddb-globaltable-write-capacity-missing"
    aliases = ("ddb-globaltable-capacity",)
    severity = Severity.ERROR
    resource_types = ("AWS::DynamoDB::GlobalTable",)
    source_url = GLOBAL_TABLE_DOCS
    messages = {"missing": "BillingMode PROVISIONED needs WriteProvisionedThroughputSettings on a global table"}

    def check_resource(self, table, ctx):
        if table.has("WriteProvisionedThroughputSettings"):
            return
        for mode in table.each("BillingMode"):
            if mode.value == "PROVISIONED":
                ctx.report(mode, "missing")
