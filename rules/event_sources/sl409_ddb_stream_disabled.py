from __future__ import annotations

from slint.rule import Rule, Severity, getatt, sub_text

from .._event_sources import MAPPING_OWNER_TYPES, mappings_of
from ._shared import TABLE_TYPES


def _names_attribute(value, attribute: str) -> bool:
    """Whether a GetAtt (either form) or a Sub names ``attribute``."""
    named, text = getatt(value), sub_text(value)
    if named is not None:
        return named[1] == attribute
    return text is not None and f".{attribute}}}" in text


class DdbStreamEnabled(Rule):
    """
    ## What it does
    Flags a DynamoDB stream mapping (SAM `DynamoDB` event `Stream`, or
    `AWS::Lambda::EventSourceMapping` `EventSourceArn`) that reads `!GetAtt Table.StreamArn` of a
    table in the template that has no `StreamSpecification`.
    ## Why is this bad?
    A table without `StreamSpecification` has no stream: the `StreamArn` attribute does not exist
    and the deployment fails.
    ## Example
    ```yaml
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
        KeySchema: [{AttributeName: pk, KeyType: HASH}]
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Events:
          Changes:
            Type: DynamoDB
            Properties: {Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST}
    ```
    ## Use instead
    ```yaml
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
        KeySchema: [{AttributeName: pk, KeyType: HASH}]
        StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Events:
          Changes:
            Type: DynamoDB
            Properties: {Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST}
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html
    - https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
    """

    id = "SL409"
    name = "esm-ddb-stream-disabled"
    aliases = ("esm-ddb-stream-enabled",)
    severity = Severity.ERROR
    resource_types = MAPPING_OWNER_TYPES
    source_url = (
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html"
    )
    messages = {
        "no_stream": "Table {table} has no StreamSpecification, so it has no StreamArn for this mapping to read"
    }

    def check_resource(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, ("DynamoDB",)):
            table = mapping.source
            if table is None or table.type not in TABLE_TYPES or table.has("StreamSpecification"):
                continue
            if _names_attribute(mapping.source_value, "StreamArn"):
                ctx.report(mapping.source_value, "no_stream", table=table.logical_id)
