"""Event source mappings: SAM SQS/Kinesis/DynamoDB events and AWS::Lambda::EventSourceMapping."""

from __future__ import annotations

import json

from slint.nodes import sub_template
from slint.rule import Rule, Severity

from ._event_sources import MAPPING_OWNER_TYPES, QUEUE_TYPE, STREAM_KINDS, has_response_type, mappings_of, queue_is_fifo

_SQS_CONFIGURE = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html"
_SQS_PARAMETERS = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html"
_DDB_PARAMETERS = "https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html"
_KINESIS_PARAMETERS = "https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html"
_SQS_DLQ = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html"
_TABLE_TYPES = ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")
WINDOW = "MaximumBatchingWindowInSeconds"


def _origin(value) -> str:
    """Where a compared value came from, for messages that name two values."""
    if value.is_default:
        return " (default)"
    if value.from_globals:
        return " (from Globals)"
    return f" (from {value.via})" if value.via else ""


class SqsVisibilityTimeout(Rule):
    """
    ## What it does
    For each SQS event source mapping (SAM `SQS` event or `AWS::Lambda::EventSourceMapping`) whose
    queue and function are in the template, compares the queue's `VisibilityTimeout` (default 30)
    with the function's `Timeout` (default 3, after SAM `Globals`, parameter defaults and each
    `Fn::If` branch). Error below 1× the timeout, warning below 6× the timeout plus the mapping's
    `MaximumBatchingWindowInSeconds`.
    ## Why is this bad?
    Lambda validates that the visibility timeout is at least the function timeout when the mapping
    is created or updated, and returns an error otherwise. Below the recommended 6× (plus the
    batching window), messages reappear on the queue while a retry of a throttled batch is still
    running and are processed twice.
    ## Example
    ```yaml
    Queue:
      Type: AWS::SQS::Queue          # VisibilityTimeout defaults to 30
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 60
        Events:
          Jobs: {Type: SQS, Properties: {Queue: !GetAtt Queue.Arn}}
    ```
    ## Use instead
    ```yaml
    Queue:
      Type: AWS::SQS::Queue
      Properties:
        VisibilityTimeout: 360       # 6 × 60
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
    - https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
    """

    id = "SL401"
    name = "esm-sqs-visibility-timeout"
    severity = Severity.ERROR
    resource_types = MAPPING_OWNER_TYPES
    source_url = _SQS_CONFIGURE
    RECOMMENDED_FACTOR = 6
    messages = {
        "below_timeout": "Queue {queue} VisibilityTimeout {visibility}{visibility_origin} is less than function {function} Timeout {timeout}{timeout_origin}; Lambda rejects the event source mapping",
        "below_recommended": "Queue {queue} VisibilityTimeout {visibility}{visibility_origin} is less than {factor} × function {function} Timeout {timeout}{timeout_origin} + MaximumBatchingWindowInSeconds {window} = {recommended} seconds",
    }

    def check_resource(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, ("SQS",)):
            queue, function = mapping.source, mapping.function
            if queue is None or queue.type != QUEUE_TYPE or function is None:
                continue
            visibilities = [v for v in queue.each("VisibilityTimeout") if v.number is not None]
            timeouts = [t for t in function.each("Timeout") if t.number is not None]
            if not visibilities or not timeouts:
                continue
            visibility = min(visibilities, key=lambda v: v.number)
            timeout = max(timeouts, key=lambda t: t.number)
            window = max((number for _value, number in mapping.numbers(WINDOW)), default=0)
            recommended = self.RECOMMENDED_FACTOR * timeout.number + window
            params = dict(
                queue=queue.logical_id, visibility=visibility.describe(), visibility_origin=_origin(visibility),
                function=function.logical_id, timeout=timeout.describe(), timeout_origin=_origin(timeout),
            )  # fmt: skip
            where = mapping.source_value or mapping.anchor
            if visibility.number < timeout.number:
                ctx.report(where, "below_timeout", **params)
            elif visibility.number < recommended:
                ctx.report(where, "below_recommended", severity=Severity.WARNING, factor=self.RECOMMENDED_FACTOR, window=f"{window:g}", recommended=f"{recommended:g}", **params)


class SqsBatchWindowRequired(Rule):
    """
    ## What it does
    Flags an SQS event source mapping on a standard queue (SAM `SQS` event or
    `AWS::Lambda::EventSourceMapping`) with `BatchSize` over 10 whose
    `MaximumBatchingWindowInSeconds` is absent or 0. FIFO queues are left to `esm-sqs-batch-limits`.
    ## Why is this bad?
    Lambda requires a batching window of at least 1 second for an SQS batch size over 10 and
    rejects the mapping otherwise.
    ## Example
    ```yaml
    Events:
      Jobs:
        Type: SQS
        Properties: {Queue: !GetAtt Queue.Arn, BatchSize: 100}
    ```
    ## Use instead
    ```yaml
    Events:
      Jobs:
        Type: SQS
        Properties: {Queue: !GetAtt Queue.Arn, BatchSize: 100, MaximumBatchingWindowInSeconds: 5}
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
    - https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
    """

    id = "SL402"
    name = "esm-sqs-batch-window-required"
    severity = Severity.ERROR
    resource_types = MAPPING_OWNER_TYPES
    source_url = _SQS_CONFIGURE
    MAX_BATCH_WITHOUT_WINDOW = 10
    MIN_WINDOW_SECONDS = 1
    messages = {
        "window_required": "BatchSize {batch} is over {limit}, so MaximumBatchingWindowInSeconds must be at least {min_window} second (it is {window})",
    }

    def check_resource(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, ("SQS",)):
            if queue_is_fifo(mapping.source, mapping.source_value):
                continue
            large = [v for v, number in mapping.numbers("BatchSize") if number > self.MAX_BATCH_WITHOUT_WINDOW]
            if not large:
                continue
            if mapping.get(WINDOW) is None:
                window = "absent"
            else:
                short = [v for v, number in mapping.numbers(WINDOW) if number < self.MIN_WINDOW_SECONDS]
                if not short:
                    continue
                window = short[0].describe()
            batch = max(large, key=lambda v: v.number)
            ctx.report(batch, "window_required", batch=batch.describe(), limit=self.MAX_BATCH_WITHOUT_WINDOW, min_window=self.MIN_WINDOW_SECONDS, window=window)


class SqsBatchLimits(Rule):
    """
    ## What it does
    Checks SQS event source mappings (SAM `SQS` events and `AWS::Lambda::EventSourceMapping`):
    `BatchSize` 1–10,000 (at most 10 on a FIFO queue), `MaximumBatchingWindowInSeconds` 0–300
    (not supported on FIFO queues), and no `StartingPosition`. A queue is FIFO when its
    `FifoQueue` is true, or, for a queue outside the template, when its ARN ends in `.fifo`.
    ## Why is this bad?
    Lambda rejects the event source mapping and the deployment fails.
    ## Example
    ```yaml
    Events:
      Orders:
        Type: SQS
        Properties: {Queue: !GetAtt OrdersFifo.Arn, BatchSize: 50}
    ```
    ## Use instead
    ```yaml
    Events:
      Orders:
        Type: SQS
        Properties: {Queue: !GetAtt OrdersFifo.Arn, BatchSize: 10}
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
    - https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html
    """

    id = "SL403"
    name = "esm-sqs-batch-limits"
    severity = Severity.ERROR
    resource_types = MAPPING_OWNER_TYPES
    source_url = _SQS_PARAMETERS
    MIN_BATCH = 1
    MAX_BATCH = 10_000
    MAX_FIFO_BATCH = 10
    MAX_WINDOW_SECONDS = 300
    messages = {
        "batch_range": "BatchSize {value} is outside {minimum}–{maximum} for an SQS queue",
        "fifo_batch": "BatchSize {value} exceeds {maximum} for the FIFO queue {queue}",
        "window_range": "MaximumBatchingWindowInSeconds {value} is outside 0–{maximum} seconds",
        "fifo_window": "MaximumBatchingWindowInSeconds {value} is not supported for the FIFO queue {queue}",
        "starting_position": "StartingPosition {value} is not supported for SQS event sources (only streams and Kafka)",
    }

    def check_resource(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, ("SQS",)):
            fifo = queue_is_fifo(mapping.source, mapping.source_value)
            queue = mapping.source.logical_id if mapping.source is not None else mapping.source_value.describe() if mapping.source_value else "(unknown)"
            for value, number in mapping.numbers("BatchSize"):
                if not self.MIN_BATCH <= number <= self.MAX_BATCH:
                    ctx.report(value, "batch_range", value=value.describe(), minimum=self.MIN_BATCH, maximum=self.MAX_BATCH)
                elif fifo and number > self.MAX_FIFO_BATCH:
                    ctx.report(value, "fifo_batch", value=value.describe(), maximum=self.MAX_FIFO_BATCH, queue=queue)
            for value, number in mapping.numbers(WINDOW):
                if not 0 <= number <= self.MAX_WINDOW_SECONDS:
                    ctx.report(value, "window_range", value=value.describe(), maximum=self.MAX_WINDOW_SECONDS)
                elif fifo and number > 0:
                    ctx.report(value, "fifo_window", value=value.describe(), queue=queue)
            for value in mapping.values("StartingPosition"):
                ctx.report(value, "starting_position", value=value.describe())


class SqsMaxConcurrency(Rule):
    """
    ## What it does
    Checks `ScalingConfig.MaximumConcurrency` on SQS event source mappings (SAM `SQS` events and
    `AWS::Lambda::EventSourceMapping`) is 2–1,000, and warns when the function's
    `ReservedConcurrentExecutions` (after SAM `Globals`) is lower than it.
    ## Why is this bad?
    Lambda rejects a maximum concurrency outside 2–1,000. A reserved concurrency below the
    mapping's maximum concurrency means the poller invokes more often than the function may run:
    invocations are throttled and messages return to the queue (and may reach the DLQ).
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        ReservedConcurrentExecutions: 5
        Events:
          Jobs:
            Type: SQS
            Properties: {Queue: !GetAtt Queue.Arn, ScalingConfig: {MaximumConcurrency: 20}}
    ```
    ## Use instead
    Set `MaximumConcurrency` at or below the reserved concurrency (here 5).
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-eventsourcemapping-scalingconfig.html
    """

    id = "SL404"
    name = "esm-sqs-max-concurrency"
    severity = Severity.ERROR
    resource_types = MAPPING_OWNER_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html"
    MIN_CONCURRENCY = 2
    MAX_CONCURRENCY = 1_000
    messages = {
        "range": "ScalingConfig.MaximumConcurrency {value} is outside {minimum}–{maximum}",
        "above_reserved": "ScalingConfig.MaximumConcurrency {value} exceeds function {function} ReservedConcurrentExecutions {reserved}{origin}; the extra invocations are throttled",
    }

    def check_resource(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, ("SQS",)):
            reserved = [r for r in mapping.function.each("ReservedConcurrentExecutions") if r.number is not None] if mapping.function else []
            lowest = min(reserved, key=lambda r: r.number) if reserved else None
            for value, number in mapping.numbers("ScalingConfig", "MaximumConcurrency"):
                if not self.MIN_CONCURRENCY <= number <= self.MAX_CONCURRENCY:
                    ctx.report(value, "range", value=value.describe(), minimum=self.MIN_CONCURRENCY, maximum=self.MAX_CONCURRENCY)
                elif lowest is not None and lowest.number < number:
                    ctx.report(value, "above_reserved", severity=Severity.WARNING, value=value.describe(), function=mapping.function.logical_id, reserved=lowest.describe(), origin=_origin(lowest))


class SqsFailureHandling(Rule):
    """
    ## What it does
    For each SQS queue in the template that a Lambda function consumes: warns when it has no
    `RedrivePolicy` (no dead-letter queue) or a `maxReceiveCount` below 5. For each SQS mapping
    (SAM `SQS` event or `AWS::Lambda::EventSourceMapping`), notes (info) when
    `FunctionResponseTypes` does not list `ReportBatchItemFailures`.
    ## Why is this bad?
    Without a dead-letter queue a message that always fails is retried until its retention period
    ends. A low `maxReceiveCount` sends messages to the DLQ after a few throttled attempts, which
    Lambda recommends avoiding by setting it to at least 5. Without partial batch responses one
    failed message makes the whole batch visible again.
    ## Example
    ```yaml
    Queue:
      Type: AWS::SQS::Queue
    ```
    ## Use instead
    ```yaml
    Queue:
      Type: AWS::SQS::Queue
      Properties:
        RedrivePolicy: {deadLetterTargetArn: !GetAtt DeadLetters.Arn, maxReceiveCount: 5}
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
    """

    id = "SL405"
    name = "esm-sqs-failure-handling"
    severity = Severity.WARNING
    resource_types = (QUEUE_TYPE,) + MAPPING_OWNER_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html"
    MIN_RECEIVE_COUNT = 5
    messages = {
        "no_redrive": "Queue consumed by {functions} has no RedrivePolicy; failing messages are retried until they expire",
        "low_receive_count": "RedrivePolicy maxReceiveCount {value} is below {minimum}; throttled messages may reach the dead-letter queue without being processed",
        "no_partial_batch": "FunctionResponseTypes does not list ReportBatchItemFailures; one failed message returns the whole batch to the queue",
    }

    def check_resource(self, resource, ctx):
        if resource.type == QUEUE_TYPE:
            self._check_queue(resource, ctx)
            return
        for mapping in mappings_of(resource, ctx, ("SQS",)):
            if has_response_type(mapping) is False:
                ctx.report(mapping.anchor, "no_partial_batch", severity=Severity.INFO, resource=mapping.declared_by)

    def _check_queue(self, queue, ctx):
        consumers = ctx.graph.consumers(queue)
        if not consumers:
            return
        policy = queue.get("RedrivePolicy")
        if policy is None:
            ctx.report(queue, "no_redrive", functions=", ".join(f.logical_id for f in consumers))
            return
        if isinstance(policy.value, str):  # the JSON-string form
            try:
                document = json.loads(policy.value)
            except ValueError:
                return
            count = document.get("maxReceiveCount") if isinstance(document, dict) else None
            counts = [(policy, count)] if isinstance(count, (int, float, str)) else []
        else:
            counts = [(v, v.number) for v in queue.each("RedrivePolicy", "maxReceiveCount")]
        for where, count in counts:
            try:
                number = float(count)
            except (TypeError, ValueError):
                continue
            if number < self.MIN_RECEIVE_COUNT:
                ctx.report(where, "low_receive_count", value=f"{number:g}", minimum=self.MIN_RECEIVE_COUNT)


class SqsDlqCompat(Rule):
    """
    ## What it does
    Checks an `AWS::SQS::Queue` `RedrivePolicy.deadLetterTargetArn`: the dead-letter queue of a FIFO
    queue must be FIFO and that of a standard queue standard (error); for standard queues the
    dead-letter queue's `MessageRetentionPeriod` (default 4 days) should be longer than the source
    queue's (warning).
    ## Why is this bad?
    SQS rejects a redrive policy across queue types. For standard queues a message's expiry is
    based on its original enqueue time, so a dead-letter queue that keeps messages no longer than
    the source queue deletes them soon after they arrive.
    ## Example
    ```yaml
    Orders:
      Type: AWS::SQS::Queue
      Properties:
        FifoQueue: true
        RedrivePolicy: {deadLetterTargetArn: !GetAtt Dead.Arn, maxReceiveCount: 5}
    Dead:
      Type: AWS::SQS::Queue
    ```
    ## Use instead
    ```yaml
    Dead:
      Type: AWS::SQS::Queue
      Properties: {FifoQueue: true}
    ```
    ## References
    - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
    - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/setting-up-dead-letter-queue-retention.html
    """

    id = "SL406"
    name = "sqs-dlq-compat"
    severity = Severity.ERROR
    resource_types = (QUEUE_TYPE,)
    source_url = _SQS_DLQ
    messages = {
        "type_mismatch": "Dead-letter queue {dlq} is {dlq_type} but this queue is {queue_type}; a dead-letter queue must be the same type",
        "short_retention": "Dead-letter queue {dlq} MessageRetentionPeriod {dlq_retention}{dlq_origin} is not longer than this queue's {retention}{origin}; moved messages expire by their original enqueue time",
    }

    def check_resource(self, queue, ctx):
        target = queue.get("RedrivePolicy", "deadLetterTargetArn")  # a GetAtt stays unknown but names the queue
        if target is None:
            return
        dlq = ctx.graph.target(target)
        fifo, dlq_fifo = queue_is_fifo(queue, None), queue_is_fifo(dlq, target)
        if fifo is None or dlq_fifo is None:
            return
        if fifo != dlq_fifo:
            name = dlq.logical_id if dlq is not None else target.describe()
            ctx.report(target, "type_mismatch", dlq=name, dlq_type=_queue_type(dlq_fifo), queue_type=_queue_type(fifo))
        elif not fifo and dlq is not None and dlq.type == QUEUE_TYPE:
            self._check_retention(queue, dlq, target, ctx)

    def _check_retention(self, queue, dlq, target, ctx):
        retentions = [r for r in queue.each("MessageRetentionPeriod") if r.number is not None]
        dlq_retentions = [r for r in dlq.each("MessageRetentionPeriod") if r.number is not None]
        if not retentions or not dlq_retentions:
            return
        longest = max(retentions, key=lambda r: r.number)
        shortest = min(dlq_retentions, key=lambda r: r.number)
        if shortest.number <= longest.number:
            ctx.report(
                target, "short_retention", severity=Severity.WARNING, dlq=dlq.logical_id,
                dlq_retention=shortest.describe(), dlq_origin=_origin(shortest), retention=longest.describe(), origin=_origin(longest),
            )  # fmt: skip


def _queue_type(fifo: bool) -> str:
    return "FIFO" if fifo else "standard"


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
    name = "esm-stream-failure-handling"
    severity = Severity.WARNING
    resource_types = MAPPING_OWNER_TYPES
    source_url = _DDB_PARAMETERS
    UNLIMITED = -1
    EXPIRY = {"DynamoDB": "24 hours", "Kinesis": "the stream's retention period"}
    messages = {
        "unbounded_retries": "{kind} mapping retries a failing batch until its records expire ({expiry}) and blocks the shard meanwhile; set MaximumRetryAttempts or MaximumRecordAgeInSeconds with DestinationConfig.OnFailure or BisectBatchOnFunctionError",
        "no_partial_batch": "FunctionResponseTypes does not list ReportBatchItemFailures; one failed record retries the whole batch",
    }

    def check_resource(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, STREAM_KINDS):
            if self._unbounded(mapping) and not self._handled(mapping):
                explicit = mapping.get("MaximumRetryAttempts")
                ctx.report(explicit or mapping.anchor, "unbounded_retries", resource=mapping.declared_by, kind=mapping.kind, expiry=self.EXPIRY[mapping.kind])
            if has_response_type(mapping) is False:
                ctx.report(mapping.anchor, "no_partial_batch", severity=Severity.INFO, resource=mapping.declared_by)

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
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html
    - https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html
    """

    id = "SL408"
    name = "esm-stream-params"
    severity = Severity.ERROR
    resource_types = MAPPING_OWNER_TYPES
    source_url = _KINESIS_PARAMETERS
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
        "missing_start": "{kind} mapping has no StartingPosition; Lambda requires one for streams (TRIM_HORIZON or LATEST)",
        "bad_start": "StartingPosition {value} is not one of {allowed}",
        "timestamp_kinesis_only": "StartingPosition AT_TIMESTAMP is supported for Kinesis only, not {kind}",
        "timestamp_missing": "StartingPosition AT_TIMESTAMP needs StartingPositionTimestamp",
    }

    def check_resource(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, STREAM_KINDS):
            for prop, (minimum, maximum) in self.RANGES.items():
                for value, number in mapping.numbers(prop):
                    if not minimum <= number <= maximum:
                        ctx.report(value, "range", property=prop, value=value.describe(), minimum=minimum, maximum=maximum)
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
      Properties: {...}              # no StreamSpecification
    ```
    ## Use instead
    ```yaml
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html
    - https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
    """

    id = "SL409"
    name = "esm-ddb-stream-enabled"
    severity = Severity.ERROR
    resource_types = MAPPING_OWNER_TYPES
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html"
    messages = {"no_stream": "Table {table} has no StreamSpecification, so it has no StreamArn for this mapping to read"}

    def check_resource(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, ("DynamoDB",)):
            table = mapping.source
            if table is None or table.type not in _TABLE_TYPES or table.has("StreamSpecification"):
                continue
            if _names_attribute(mapping.source_value.raw, "StreamArn"):
                ctx.report(mapping.source_value, "no_stream", table=table.logical_id)


def _names_attribute(raw, attribute: str) -> bool:
    """Whether a GetAtt (either form) or a Sub names ``attribute``."""
    if not isinstance(raw, dict) or len(raw) != 1:
        return False
    ((name, args),) = raw.items()
    if name == "Fn::GetAtt":
        parts = args if isinstance(args, list) else str(args).split(".", 1)
        return len(parts) == 2 and parts[1] == attribute
    if name == "Fn::Sub":
        text = sub_template(raw)
        return text is not None and f".{attribute}}}" in text
    return False


class DdbStreamReaders(Rule):
    """
    ## What it does
    Counts the Lambda mappings in the template that read one DynamoDB table's stream and warns
    above two (above one for an `AWS::DynamoDB::GlobalTable`, whose replication also reads it).
    ## Why is this bad?
    DynamoDB Streams throttles more than two simultaneous readers of one shard ("More than 2
    processes are reading from the same streams shard"), so consumers fall behind.
    ## Example
    Three functions with `DynamoDB` events on `!GetAtt Table.StreamArn`.
    ## Use instead
    One consumer that fans out (for example to EventBridge or SNS), or Kinesis Data Streams for
    DynamoDB for many consumers.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
    - https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html
    """

    id = "SL410"
    name = "esm-ddb-stream-readers"
    severity = Severity.WARNING
    resource_types = _TABLE_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html"
    MAX_READERS = 2
    MAX_GLOBAL_TABLE_READERS = 1
    messages = {"too_many": "{count} Lambda mappings read this table's stream ({readers}); DynamoDB Streams throttles more than {limit} reader(s) per shard"}

    def check_resource(self, table, ctx):
        readers = sorted({f"{t.declared_by.logical_id}.{t.name}" if t.declared_by is t.function else t.name for t in ctx.graph.triggers_from(table, kind="DynamoDB")})
        limit = self.MAX_GLOBAL_TABLE_READERS if table.type == "AWS::DynamoDB::GlobalTable" else self.MAX_READERS
        if len(readers) > limit:
            ctx.report(table.get("StreamSpecification") or table, "too_many", count=len(readers), readers=", ".join(readers), limit=limit)
