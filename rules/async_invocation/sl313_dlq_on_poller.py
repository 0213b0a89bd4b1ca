from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

from ._shared import _dlq_property, on_failure


class LambdaDlqOnPoller(Rule):
    """
    ## What it does
    Flags a dead-letter queue (`DeadLetterQueue` / `DeadLetterConfig`) or an asynchronous
    on-failure destination on a function whose only triggers in the template are event source
    mappings (SQS, Kinesis, DynamoDB, MSK, MQ, self-managed Kafka, DocumentDB).
    ## Why is this bad?
    A function's dead-letter queue and on-failure destination only receive events from
    asynchronous invocations. Event source mappings invoke synchronously, so failed records
    never reach them: for SQS, configure the dead-letter queue on the source queue
    (`RedrivePolicy`); for streams, the mapping's `DestinationConfig.OnFailure`.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        DeadLetterQueue: {Type: SQS, TargetArn: !GetAtt Dlq.Arn}
        Events:
          Jobs: {Type: SQS, Properties: {Queue: !GetAtt Jobs.Arn}}
    ```
    ## Use instead
    ```yaml
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 5}
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
    - https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
    """

    id = "SL313"
    name = "lambda-dlq-on-poller"
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html"
    messages = {
        "unused": (
            "{property} is never used: this function is only invoked by event source mappings ({sources}); set the "
            "dead-letter queue on the source queue (RedrivePolicy) or the mapping's DestinationConfig.OnFailure"
        ),
    }

    def check_resource(self, function, ctx):
        triggers = ctx.graph.triggers(function)
        if not triggers or not all(t.is_poller for t in triggers):
            return
        sources = ", ".join(sorted({f"{t.kind} {t.name}" for t in triggers}))
        places = on_failure(function, ctx)
        dlq = function.get(_dlq_property(function))
        if dlq is not None:
            places.insert(0, (dlq, _dlq_property(function)))
        for value, prop in places:
            ctx.report(value, "unused", property=prop, sources=sources)
