from __future__ import annotations

import json

from slint.rule import Message, Rule, Severity, checks

from .._event_sources import MAPPING_OWNER_TYPES, QUEUE_TYPE, has_response_type, mappings_of


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
    Jobs:
      Type: AWS::SQS::Queue
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Events:
          Jobs:
            Type: SQS
            Properties:
              Queue: !GetAtt Jobs.Arn
              FunctionResponseTypes: [ReportBatchItemFailures]
    ```
    ## Use instead
    ```yaml
    DeadLetters:
      Type: AWS::SQS::Queue
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        RedrivePolicy: {deadLetterTargetArn: !GetAtt DeadLetters.Arn, maxReceiveCount: 5}
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Events:
          Jobs:
            Type: SQS
            Properties:
              Queue: !GetAtt Jobs.Arn
              FunctionResponseTypes: [ReportBatchItemFailures]
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
    - https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
    """

    id = "SL405"
    name = "esm-sqs-failures-unhandled"
    aliases = ("esm-sqs-failure-handling",)
    severity = Severity.WARNING
    resource_types = (QUEUE_TYPE,) + MAPPING_OWNER_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html"
    MIN_RECEIVE_COUNT = 5
    messages = {
        "no_redrive": (
            "Queue consumed by {functions} has no RedrivePolicy; failing messages are retried until they expire"
        ),
        "low_receive_count": (
            "RedrivePolicy maxReceiveCount {value} is below {minimum}; throttled messages may reach the dead-letter "
            "queue without being processed"
        ),
        "no_partial_batch": Message(
            "FunctionResponseTypes does not list ReportBatchItemFailures; one failed message returns the whole batch "
            "to the queue",
            Severity.INFO,
        ),
    }

    @checks(*MAPPING_OWNER_TYPES)
    def check_mapping_owner(self, resource, ctx):
        for mapping in mappings_of(resource, ctx, ("SQS",)):
            if has_response_type(mapping) is False:
                ctx.report(mapping.anchor, "no_partial_batch", resource=mapping.declared_by)

    @checks(QUEUE_TYPE)
    def check_queue(self, queue, ctx):
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
