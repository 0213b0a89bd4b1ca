from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import TABLE_TYPES


class DdbStreamReaders(Rule):
    """
    ## What it does
    Counts the Lambda mappings in the template that read one DynamoDB table's stream and warns
    above two (above one for an `AWS::DynamoDB::GlobalTable`, whose replication also reads it).
    ## Why is this bad?
    DynamoDB Streams throttles more than two simultaneous readers of one shard ("More than 2
    processes are reading from the same streams shard"), so consumers fall behind.
    ## Example
    ```yaml
    Globals:
      Function:
        Runtime: python3.13
        Handler: app.handler
    Resources:
      Table:
        Type: AWS::DynamoDB::Table
        Properties:
          BillingMode: PAY_PER_REQUEST
          AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
          KeySchema: [{AttributeName: pk, KeyType: HASH}]
          StreamSpecification: {StreamViewType: NEW_IMAGE}
      Indexer:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: indexer/
          Events:
            Changes: {Type: DynamoDB, Properties: {Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST}}
      Auditor:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: auditor/
          Events:
            Changes: {Type: DynamoDB, Properties: {Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST}}
      Notifier:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: notifier/
          Events:
            Changes: {Type: DynamoDB, Properties: {Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST}}
    ```
    ## Use instead
    ```yaml
    Globals:
      Function:
        Runtime: python3.13
        Handler: app.handler
    Resources:
      Table:
        Type: AWS::DynamoDB::Table
        Properties:
          BillingMode: PAY_PER_REQUEST
          AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
          KeySchema: [{AttributeName: pk, KeyType: HASH}]
          StreamSpecification: {StreamViewType: NEW_IMAGE}
      Indexer:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: indexer/
          Events:
            Changes: {Type: DynamoDB, Properties: {Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST}}
      Fanout:   # publishes each change to an EventBridge bus for the auditor and the notifier
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: fanout/
          Events:
            Changes: {Type: DynamoDB, Properties: {Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST}}
    ```
    Keep at most two readers per stream: one consumer that fans out (for example to EventBridge or
    SNS), or Kinesis Data Streams for DynamoDB for many consumers.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
    - https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html
    """

    id = "SL410"
    name = "esm-ddb-stream-too-many-readers"
    aliases = ("esm-ddb-stream-readers",)
    severity = Severity.WARNING
    resource_types = TABLE_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html"
    MAX_READERS = 2
    MAX_GLOBAL_TABLE_READERS = 1
    messages = {
        "too_many": (
            "{count} Lambda mappings read this table's stream ({readers}); DynamoDB Streams throttles more than "
            "{limit} reader(s) per shard"
        )
    }

    def check_resource(self, table, ctx):
        readers = sorted(
            {
                f"{t.declared_by.logical_id}.{t.name}" if t.declared_by is t.function else t.name
                for t in ctx.graph.triggers_from(table, kind="DynamoDB")
            }
        )
        limit = self.MAX_GLOBAL_TABLE_READERS if table.type == "AWS::DynamoDB::GlobalTable" else self.MAX_READERS
        if len(readers) > limit:
            ctx.report(
                table.get("StreamSpecification") or table,
                "too_many",
                count=len(readers),
                readers=", ".join(readers),
                limit=limit,
            )
