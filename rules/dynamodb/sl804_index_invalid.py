from __future__ import annotations

from slint.rule import UNKNOWN, Message, Rule, Severity

from ._shared import TABLE_TYPES


class IndexLimits(Rule):
    """
    ## What it does
    Checks a table's secondary indexes: more than 20 `GlobalSecondaryIndexes` (a warning: the
    default quota, which can be raised), more than 5 `LocalSecondaryIndexes`, local secondary
    indexes on a table without a sort key, and more than 100 `NonKeyAttributes` projected
    across all indexes.
    ## Why is this bad?
    DynamoDB rejects more than 5 local secondary indexes, local indexes on a table whose key
    has no RANGE attribute, and more than 100 projected non-key attributes in total; the table
    fails to create. Tables also start with a quota of 20 global secondary indexes.
    ## Example
    ```yaml
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions:
          - {AttributeName: pk, AttributeType: S}
          - {AttributeName: date, AttributeType: S}
        KeySchema: [{AttributeName: pk, KeyType: HASH}]
        LocalSecondaryIndexes:
          - IndexName: by-date
            KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: date, KeyType: RANGE}]
            Projection: {ProjectionType: KEYS_ONLY}
    ```
    ## Use instead
    ```yaml
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions:
          - {AttributeName: pk, AttributeType: S}
          - {AttributeName: sk, AttributeType: S}
          - {AttributeName: date, AttributeType: S}
        KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: sk, KeyType: RANGE}]
        LocalSecondaryIndexes:
          - IndexName: by-date
            KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: date, KeyType: RANGE}]
            Projection: {ProjectionType: KEYS_ONLY}
    ```
    Give the table a sort key, or use a global secondary index.
    ## References
    - https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
    - https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
    """

    id = "SL804"
    name = "ddb-index-invalid"
    aliases = ("ddb-index-limits",)
    severity = Severity.ERROR
    resource_types = TABLE_TYPES
    source_url = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html"
    MAX_GSI = 20
    MAX_LSI = 5
    MAX_PROJECTED = 100
    messages = {
        "too_many_gsi": Message(
            "GlobalSecondaryIndexes lists {count} indexes; the default quota is {limit} per table", Severity.WARNING
        ),
        "too_many_lsi": "LocalSecondaryIndexes lists {count} indexes; DynamoDB allows at most {limit} per table",
        "lsi_needs_sort_key": (
            "LocalSecondaryIndexes need a table KeySchema with a RANGE (sort) key; this table has a partition key only"
        ),
        "projected": (
            "Indexes project {count} NonKeyAttributes in total; DynamoDB allows at most {limit} across all indexes"
        ),
    }

    def check_resource(self, table, ctx):
        gsis = table.items("GlobalSecondaryIndexes") or []
        lsis = table.items("LocalSecondaryIndexes") or []
        if len(gsis) > self.MAX_GSI:
            ctx.report(table.get("GlobalSecondaryIndexes"), "too_many_gsi", count=len(gsis), limit=self.MAX_GSI)
        if len(lsis) > self.MAX_LSI:
            ctx.report(table.get("LocalSecondaryIndexes"), "too_many_lsi", count=len(lsis), limit=self.MAX_LSI)
        keys = table.items("KeySchema")
        if lsis and keys:
            key_types = [key.resolved().get("KeyType") if isinstance(key.value, dict) else UNKNOWN for key in keys]
            if all(isinstance(kind, str) for kind in key_types) and "RANGE" not in key_types:
                ctx.report(table.get("LocalSecondaryIndexes"), "lsi_needs_sort_key")
        projected = 0
        for prop, indexes in (("GlobalSecondaryIndexes", gsis), ("LocalSecondaryIndexes", lsis)):
            for index in range(len(indexes)):
                attributes = table.items(prop, index, "Projection", "NonKeyAttributes")
                if attributes is None:
                    return
                projected += len(attributes)
        if projected > self.MAX_PROJECTED:
            target = table.get("GlobalSecondaryIndexes") if gsis else table.get("LocalSecondaryIndexes")
            ctx.report(target, "projected", count=projected, limit=self.MAX_PROJECTED)
