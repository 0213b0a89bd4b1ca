from __future__ import annotations

from slint.rule import Message, Rule, Severity


class GlobalTableStreams(Rule):
    """
    ## What it does
    Checks that an `AWS::DynamoDB::GlobalTable` with more than one replica sets
    `StreamSpecification`, unless it uses multi-Region strong consistency
    (`MultiRegionConsistency: STRONG`), which needs none. A `StreamViewType` other than
    `NEW_AND_OLD_IMAGES` is a warning.
    ## Why is this bad?
    CloudFormation requires `StreamSpecification` on an eventually consistent global table with
    more than one replica (replication reads the stream), and the stack fails without it.
    ## Example
    ```yaml
    Table:
      Type: AWS::DynamoDB::GlobalTable
      Properties:
        Replicas: [{Region: us-east-1}, {Region: eu-west-1}]
    ```
    ## Use instead
    ```yaml
    Table:
      Type: AWS::DynamoDB::GlobalTable
      Properties:
        StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
        Replicas: [{Region: us-east-1}, {Region: eu-west-1}]
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-globaltable.html
    - https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_versions.html
    """

    id = "SL801"
    name = "ddb-globaltable-streams-missing"
    aliases = ("ddb-globaltable-streams",)
    severity = Severity.ERROR
    resource_types = ("AWS::DynamoDB::GlobalTable",)
    source_url = (
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-globaltable.html"
    )
    RECOMMENDED_VIEW = "NEW_AND_OLD_IMAGES"
    messages = {
        "missing": (
            "StreamSpecification is missing on a global table with {count} replicas; CloudFormation requires it for "
            "more than one replica unless MultiRegionConsistency is STRONG"
        ),
        "view_type": Message(
            "StreamViewType {value} on a global table; replication is documented with NEW_AND_OLD_IMAGES",
            Severity.WARNING,
        ),
    }

    def check_resource(self, table, ctx):
        consistency = table.get("MultiRegionConsistency")
        if consistency is None or not consistency.known or str(consistency.value).upper() == "STRONG":
            return
        replicas = table.items("Replicas")
        if replicas is None or len(replicas) <= 1:
            return
        if not table.has("StreamSpecification"):
            ctx.report(table.get("Replicas"), "missing", count=len(replicas))
            return
        for view in table.each("StreamSpecification", "StreamViewType"):
            if isinstance(view.value, str) and view.value != self.RECOMMENDED_VIEW:
                ctx.report(view, "view_type", value=view.value)
