"""DynamoDB tables and global tables."""

from __future__ import annotations

from slint.rule import Rule, Severity
from slint.values import UNKNOWN


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
    name = "ddb-globaltable-streams"
    severity = Severity.ERROR
    resource_types = ("AWS::DynamoDB::GlobalTable",)
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-globaltable.html"
    RECOMMENDED_VIEW = "NEW_AND_OLD_IMAGES"
    messages = {
        "missing": "StreamSpecification is missing on a global table with {count} replicas; CloudFormation requires it for more than one replica unless MultiRegionConsistency is STRONG",
        "view_type": "StreamViewType {value} on a global table; replication is documented with NEW_AND_OLD_IMAGES",
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
                ctx.report(view, "view_type", value=view.value, severity=Severity.WARNING)


_GLOBAL_TABLE_DOCS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-globaltable.html"
TABLE_TYPES = ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")


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
    # deployed to eu-west-1
    Replicas: [{Region: us-east-1}, {Region: us-west-2}]
    ```
    ## Use instead
    ```yaml
    Replicas: [{Region: !Ref "AWS::Region"}, {Region: us-east-1}]
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-globaltable.html
    """

    id = "SL802"
    name = "ddb-globaltable-stack-replica"
    severity = Severity.ERROR
    resource_types = ("AWS::DynamoDB::GlobalTable",)
    source_url = _GLOBAL_TABLE_DOCS
    messages = {"missing": "Replicas lists {regions} but not {region}, the stack's region; a global table needs a replica in the region it is created in"}

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
    name = "ddb-globaltable-capacity"
    severity = Severity.ERROR
    resource_types = ("AWS::DynamoDB::GlobalTable",)
    source_url = _GLOBAL_TABLE_DOCS
    messages = {"missing": "BillingMode PROVISIONED needs WriteProvisionedThroughputSettings on a global table"}

    def check_resource(self, table, ctx):
        if table.has("WriteProvisionedThroughputSettings"):
            return
        for mode in table.each("BillingMode"):
            if mode.value == "PROVISIONED":
                ctx.report(mode, "missing")


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
    KeySchema: [{AttributeName: pk, KeyType: HASH}]
    LocalSecondaryIndexes:
      - IndexName: by-date
        KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: date, KeyType: RANGE}]
        Projection: {ProjectionType: KEYS_ONLY}
    ```
    ## Use instead
    Give the table a sort key, or use a global secondary index.
    ## References
    - https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
    - https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
    """

    id = "SL804"
    name = "ddb-index-limits"
    severity = Severity.ERROR
    resource_types = TABLE_TYPES
    source_url = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html"
    MAX_GSI = 20
    MAX_LSI = 5
    MAX_PROJECTED = 100
    messages = {
        "too_many_gsi": "GlobalSecondaryIndexes lists {count} indexes; the default quota is {limit} per table",
        "too_many_lsi": "LocalSecondaryIndexes lists {count} indexes; DynamoDB allows at most {limit} per table",
        "lsi_needs_sort_key": "LocalSecondaryIndexes need a table KeySchema with a RANGE (sort) key; this table has a partition key only",
        "projected": "Indexes project {count} NonKeyAttributes in total; DynamoDB allows at most {limit} across all indexes",
    }

    def check_resource(self, table, ctx):
        gsis = table.items("GlobalSecondaryIndexes") or []
        lsis = table.items("LocalSecondaryIndexes") or []
        if len(gsis) > self.MAX_GSI:
            ctx.report(table.get("GlobalSecondaryIndexes"), "too_many_gsi", count=len(gsis), limit=self.MAX_GSI, severity=Severity.WARNING)
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


class PointInTimeRecovery(Rule):
    """
    ## What it does
    Checks `PointInTimeRecoverySpecification` on DynamoDB tables and on each replica of a
    global table: `RecoveryPeriodInDays` must be 1 to 35 (error), and a table without point-in-
    time recovery enabled gets an informational note. `AWS::Serverless::SimpleTable` has no
    such property and is not checked.
    ## Why is this bad?
    DynamoDB rejects a recovery period outside 1–35 days. Without PITR an accidental write or
    delete cannot be rolled back, and export to S3 is unavailable.
    ## Example
    ```yaml
    PointInTimeRecoverySpecification:
      PointInTimeRecoveryEnabled: true
      RecoveryPeriodInDays: 60
    ```
    ## Use instead
    ```yaml
    PointInTimeRecoverySpecification:
      PointInTimeRecoveryEnabled: true
      RecoveryPeriodInDays: 35
    ```
    ## References
    - https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoverySpecification.html
    """

    id = "SL805"
    name = "ddb-pitr"
    severity = Severity.ERROR
    resource_types = TABLE_TYPES
    source_url = "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoverySpecification.html"
    MIN_DAYS = 1
    MAX_DAYS = 35
    messages = {
        "period": "RecoveryPeriodInDays {value} is outside DynamoDB's {low}–{high} days",
        "disabled": "Point-in-time recovery is not enabled{where}; deleted or overwritten items cannot be restored",
    }

    def check_resource(self, table, ctx):
        if table.type == "AWS::DynamoDB::GlobalTable":
            replicas = table.items("Replicas") or []
            for index in range(len(replicas)):
                region = table.get("Replicas", index, "Region")
                label = f" on replica {region.describe()}" if region is not None else ""
                self._check(table, ctx, ("Replicas", index, "PointInTimeRecoverySpecification"), replicas[index], label)
        else:
            self._check(table, ctx, ("PointInTimeRecoverySpecification",), table, "")

    def _check(self, table, ctx, spec: tuple, anchor, label: str):
        for days in table.each(*spec, "RecoveryPeriodInDays"):
            if days.number is not None and not self.MIN_DAYS <= days.number <= self.MAX_DAYS:
                ctx.report(days, "period", value=days.describe(), low=self.MIN_DAYS, high=self.MAX_DAYS)
        enabled = table.get(*spec, "PointInTimeRecoveryEnabled")
        if enabled is None:
            ctx.report(anchor, "disabled", where=label, severity=Severity.INFO)
        elif enabled.boolean is False:
            ctx.report(enabled, "disabled", where=label, severity=Severity.INFO)


class StatefulRetain(Rule):
    """
    ## What it does
    Notes stateful resources that CloudFormation deletes with the stack or on replacement:
    DynamoDB tables and global tables, SAM simple tables, S3 buckets and Cognito user pools
    without `DeletionPolicy: Retain` (or `RetainExceptOnCreate`, or `Snapshot` where
    supported). A DynamoDB table with `DeletionProtectionEnabled: true` is also accepted.
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
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
    """

    id = "SL806"
    name = "stateful-retain"
    severity = Severity.INFO
    resource_types = (*TABLE_TYPES, "AWS::Serverless::SimpleTable", "AWS::S3::Bucket", "AWS::Cognito::UserPool")
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html"
    KEEPING_POLICIES = ("Retain", "RetainExceptOnCreate", "Snapshot")
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
            ctx.report(resource, "no_policy", type=resource.type, name=resource.logical_id)
        elif isinstance(policy.value, str) and policy.value not in self.KEEPING_POLICIES:
            ctx.report(policy, "deleting_policy", value=policy.value, type=resource.type, name=resource.logical_id)
