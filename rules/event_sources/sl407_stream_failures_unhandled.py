from __future__ import annotations

from slint.rule import Message, Rule, Severity

from .._event_sources import MAPPING_OWNER_TYPES, STREAM_KINDS, has_response_type, mappings_of

_DDB_PARAMETERS = "https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html"


class StreamFailureHandling(Rule):
    """
    ## What it does
    Flags Kinesis and DynamoDB stream mappings (SAM `Kinesis`/`DynamoDB` events and
    `AWS::Lambda::EventSourceMapping`) that retry a failing batch without limit:
    `MaximumRetryAttempts` and `MaximumRecordAgeInSeconds` absent or -1 (the defaults), no
    `DestinationConfig.OnFailure` and no `BisectBatchOnFunctionError`. Notes (info) a mapping whose
    `FunctionResponseTypes` does not list `ReportBatchItemFailures`.
    ## Why is this bad?
    By default Lambda retries a failing batch until its records expire, and processing of that
    shard stops meanwhile: up to 24 hours on DynamoDB Streams, and up to the stream's retention
    period (up to 365 days) on Kinesis.
    ## Example
    ```yaml
    Events:
      Changes:
        Type: DynamoDB
        Properties: {Stream: !GetAtt Table.StreamArn, StartingPosition: LATEST}
    ```
    ## Use instead
    ```yaml
    Events:
      Changes:
        Type: DynamoDB
        Properties:
          Stream: !GetAtt Table.StreamArn
          StartingPosition: LATEST
          MaximumRetryAttempts: 3
          BisectBatchOnFunctionError: true
          DestinationConfig: {OnFailure: {Destination: !GetAtt Failed.Arn, Type: SQS}}
          FunctionResponseTypes: [ReportBatchItemFailures]
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html
    - https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html
    """

    id = "SL407"
    name = "esm-stream-failures-unhandled"
    aliases = ("esm-stream-failure-handling",)
    severity = Severity.WARNING
    resource_types = MAPPING_OWNER_TYPES
    source_url = _DDB_PARAMETERS
    UNLIMITED = -1
    EXPIRY = {"DynamoDB": "24 hours", "Kinesis": "the stream's retention period"}
    messages = {
        "unbounded_retries": (
            "{kind} mapping retries a failing batch until its records expire ({expiry}) and blocks the shard "
            "meanwhile; set MaximumRetryAttempts or MaximumRecordAgeInSeconds with DestinationConfig.OnFailure or "
            "BisectBatchOnFunctionError"
        ),
        "no_partial_batch": Message(
            "FunctionResponseTypes does not list ReportBatchItemFailures; one failed record retries the whole batch",
            Severity.INFO,
        ),
    }

    def check_resource(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, STREAM_KINDS):
            if self._unbounded(mapping) and not self._handled(mapping):
                explicit = mapping.get("MaximumRetryAttempts")
                ctx.report(
                    explicit or mapping.anchor,
                    "unbounded_retries",
                    resource=mapping.declared_by,
                    kind=mapping.kind,
                    expiry=self.EXPIRY[mapping.kind],
                )
            if has_response_type(mapping) is False:
                ctx.report(mapping.anchor, "no_partial_batch", resource=mapping.declared_by)

    def _unbounded(self, mapping) -> bool:
        for prop in ("MaximumRetryAttempts", "MaximumRecordAgeInSeconds"):
            if mapping.get(prop) is None:
                continue
            numbers = [number for _value, number in mapping.numbers(prop)]
            if not numbers or any(number != self.UNLIMITED for number in numbers):
                return False  # a limit (or something unknown) is set
        return True

    @staticmethod
    def _handled(mapping) -> bool:
        if mapping.get("DestinationConfig", "OnFailure") is not None:
            return True
        return any(value.boolean is not False for value in mapping.values("BisectBatchOnFunctionError"))
