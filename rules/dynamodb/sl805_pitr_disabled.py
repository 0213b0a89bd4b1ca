from __future__ import annotations

from slint.rule import Message, Rule, Severity, checks

from ._shared import TABLE_TYPES


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
    ## Fix safety
    Unsafe: `RecoveryPeriodInDays` out of range becomes the nearest allowed value (1 or 35), so
    items can be restored over a different period. Disabled recovery has no fix (it costs money).
    ## References
    - https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoverySpecification.html
    """

    id = "SL805"
    name = "ddb-pitr-disabled"
    aliases = ("ddb-pitr",)
    severity = Severity.ERROR
    resource_types = TABLE_TYPES
    source_url = (
        "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PointInTimeRecoverySpecification.html"
    )
    MIN_DAYS = 1
    MAX_DAYS = 35
    fix_safety = "unsafe"
    messages = {
        "period": "RecoveryPeriodInDays {value} is outside DynamoDB's {low}–{high} days",
        "disabled": Message(
            "Point-in-time recovery is not enabled{where}; deleted or overwritten items cannot be restored",
            Severity.INFO,
        ),
    }

    @checks("AWS::DynamoDB::GlobalTable")
    def check_global_table(self, table, ctx):
        replicas = table.items("Replicas") or []
        for index in range(len(replicas)):
            region = table.get("Replicas", index, "Region")
            label = f" on replica {region.describe()}" if region is not None else ""
            self._check(table, ctx, ("Replicas", index, "PointInTimeRecoverySpecification"), replicas[index], label)

    @checks("AWS::DynamoDB::Table")
    def check_table(self, table, ctx):
        self._check(table, ctx, ("PointInTimeRecoverySpecification",), table, "")

    def _check(self, table, ctx, spec: tuple, anchor, label: str):
        for days in table.each(*spec, "RecoveryPeriodInDays"):
            if days.number is not None and not self.MIN_DAYS <= days.number <= self.MAX_DAYS:
                ctx.report(
                    days,
                    "period",
                    value=days.describe(),
                    low=self.MIN_DAYS,
                    high=self.MAX_DAYS,
                    fix=ctx.replace(days, min(max(round(days.number), self.MIN_DAYS), self.MAX_DAYS)),
                )
        enabled = table.get(*spec, "PointInTimeRecoveryEnabled")
        if enabled is None:
            ctx.report(anchor, "disabled", where=label)
        elif enabled.boolean is False:
            ctx.report(enabled, "disabled", where=label)
