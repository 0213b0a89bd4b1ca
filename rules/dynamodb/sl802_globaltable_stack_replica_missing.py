from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import GLOBAL_TABLE_DOCS


class GlobalTableStackReplica(Rule):
    """
    ## What it does
    Checks that the `Replicas` of an `AWS::DynamoDB::GlobalTable` include the region the stack
    deploys to. Silent when the region or a replica's region is unknown.
    ## Why is this bad?
    CloudFormation creates the table in the stack's region and adds the other replicas from
    there; without a replica for the stack's region the stack fails ("The Replicas section
    must contain an entry for the current region").
    ## Example
    ```yaml
    # slint lint --region eu-west-1 template.yaml
    Orders:
      Type: AWS::DynamoDB::GlobalTable
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
        KeySchema: [{AttributeName: pk, KeyType: HASH}]
        StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
        Replicas: [{Region: us-east-1}, {Region: us-west-2}]
    ```
    ## Use instead
    ```yaml
    # slint lint --region eu-west-1 template.yaml
    Orders:
      Type: AWS::DynamoDB::GlobalTable
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
        KeySchema: [{AttributeName: pk, KeyType: HASH}]
        StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
        Replicas: [{Region: !Ref "AWS::Region"}, {Region: us-east-1}]
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-globaltable.html
    """

    id = "SL802"
    name = "ddb-globaltable-stack-replica-missing"
    aliases = ("ddb-globaltable-stack-replica",)
    severity = Severity.ERROR
    resource_types = ("AWS::DynamoDB::GlobalTable",)
    source_url = GLOBAL_TABLE_DOCS
    messages = {
        "missing": (
            "Replicas lists {regions} but not {region}, the stack's region; a global table needs a replica in the "
            "region it is created in"
        )
    }

    def check_resource(self, table, ctx):
        if ctx.region is None:
            return
        replicas = table.items("Replicas")
        if not replicas:
            return
        regions = []
        for index in range(len(replicas)):
            region = table.get("Replicas", index, "Region")
            if region is None or not isinstance(region.value, str):
                return
            regions.append(region.value)
        if ctx.region not in regions:
            ctx.report(table.get("Replicas"), "missing", regions=", ".join(regions), region=ctx.region)
