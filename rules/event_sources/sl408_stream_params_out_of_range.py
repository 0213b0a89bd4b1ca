from __future__ import annotations

from slint.rule import Rule, Severity

from .._event_sources import MAPPING_OWNER_TYPES, STREAM_KINDS, mappings_of
from ._shared import WINDOW

_KINESIS_PARAMETERS = "https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html"


class StreamParams(Rule):
    """
    ## What it does
    Checks Kinesis and DynamoDB stream mappings (SAM `Kinesis`/`DynamoDB` events and
    `AWS::Lambda::EventSourceMapping`): `BatchSize` 1–10,000, `MaximumBatchingWindowInSeconds`
    0–300, `MaximumRecordAgeInSeconds` -1 or 60–604,800, `MaximumRetryAttempts` -1–10,000,
    `ParallelizationFactor` 1–10, `TumblingWindowInSeconds` 0–900, and `StartingPosition`
    present and one of `TRIM_HORIZON`/`LATEST`, or `AT_TIMESTAMP` (Kinesis only, with
    `StartingPositionTimestamp`).
    ## Why is this bad?
    Lambda rejects the event source mapping and the deployment fails.
    ## Example
    ```yaml
    Events:
      Clicks:
        Type: Kinesis
        Properties: {Stream: !GetAtt Clicks.Arn, ParallelizationFactor: 20}
    ```
    ## Use instead
    ```yaml
    Events:
      Clicks:
        Type: Kinesis
        Properties: {Stream: !GetAtt Clicks.Arn, StartingPosition: LATEST, ParallelizationFactor: 10}
    ```
    ## Fix safety
    Unsafe: the fix sets a numeric setting out of range to the nearest allowed value where the value is written (the resource, `Globals` or a
    parameter's `Default`); batches, retries or windows then differ from what the
    template asked for. `MaximumRecordAgeInSeconds` (where -1 means unlimited) and starting
    positions have no fix: the nearest value could mean the opposite.

    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html
    - https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html
    """

    id = "SL408"
    name = "esm-stream-params-out-of-range"
    aliases = ("esm-stream-params",)
    severity = Severity.ERROR
    resource_types = MAPPING_OWNER_TYPES
    source_url = _KINESIS_PARAMETERS
    fix_safety = "unsafe"
    RANGES = {
        "BatchSize": (1, 10_000),
        WINDOW: (0, 300),
        "MaximumRetryAttempts": (-1, 10_000),
        "ParallelizationFactor": (1, 10),
        "TumblingWindowInSeconds": (0, 900),
    }
    RECORD_AGE_RANGE = (60, 604_800)  # or -1, unlimited
    STARTING_POSITIONS = ("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP")
    messages = {
        "range": "{property} {value} is outside {minimum}–{maximum}",
        "record_age": "MaximumRecordAgeInSeconds {value} must be -1 (unlimited) or {minimum}–{maximum}",
        "missing_start": (
            "{kind} mapping has no StartingPosition; Lambda requires one for streams (TRIM_HORIZON or LATEST)"
        ),
        "bad_start": "StartingPosition {value} is not one of {allowed}",
        "timestamp_kinesis_only": "StartingPosition AT_TIMESTAMP is supported for Kinesis only, not {kind}",
        "timestamp_missing": "StartingPosition AT_TIMESTAMP needs StartingPositionTimestamp",
    }

    def check_resource(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, STREAM_KINDS):
            for prop, (minimum, maximum) in self.RANGES.items():
                for value, number in mapping.numbers(prop):
                    if not minimum <= number <= maximum:
                        ctx.report(
                            value,
                            "range",
                            property=prop,
                            value=value.describe(),
                            minimum=minimum,
                            maximum=maximum,
                            fix=ctx.replace(value, min(max(round(number), minimum), maximum)),
                        )
            low, high = self.RECORD_AGE_RANGE
            for value, number in mapping.numbers("MaximumRecordAgeInSeconds"):
                if number != -1 and not low <= number <= high:
                    ctx.report(value, "record_age", value=value.describe(), minimum=low, maximum=high)
            self._check_start(mapping, ctx)

    def _check_start(self, mapping, ctx):
        if mapping.get("StartingPosition") is None:
            ctx.report(mapping.anchor, "missing_start", resource=mapping.declared_by, kind=mapping.kind)
            return
        for value in mapping.values("StartingPosition"):
            if value.value not in self.STARTING_POSITIONS:
                ctx.report(value, "bad_start", value=value.describe(), allowed=", ".join(self.STARTING_POSITIONS))
            elif value.value == "AT_TIMESTAMP" and mapping.kind != "Kinesis":
                ctx.report(value, "timestamp_kinesis_only", kind=mapping.kind)
            elif value.value == "AT_TIMESTAMP" and mapping.get("StartingPositionTimestamp") is None:
                ctx.report(value, "timestamp_missing")
