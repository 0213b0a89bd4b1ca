from __future__ import annotations

from slint.rule import Rule, Severity

from .._asl import MACHINE_TYPES

PIPE = "AWS::Pipes::Pipe"
STANDARD = "STANDARD"  # what a state machine is when its type is left out


class PipeEnrichmentNotExpress(Rule):
    """
    ## What it does
    Flags an `AWS::Pipes::Pipe` whose `Enrichment` is a Step Functions state machine of this
    template that is a Standard workflow: CloudFormation `StateMachineType` or SAM `Type` absent
    (Standard is the default) or `STANDARD`, on either branch of an `Fn::If`.
    ## Why is this bad?
    EventBridge Pipes invokes the enrichment synchronously and waits for its answer, so it only
    supports Express workflows as enrichments; a Standard one cannot enrich the pipe's events.
    ## Example
    ```yaml
    Pipe:
      Type: AWS::Pipes::Pipe
      Properties:
        RoleArn: !GetAtt PipeRole.Arn
        Source: !GetAtt Queue.Arn
        Target: !GetAtt Bus.Arn
        Enrichment: !Ref Enrich
    Enrich:
      Type: AWS::StepFunctions::StateMachine
      Properties:
        DefinitionString: '{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}'
        RoleArn: !GetAtt MachineRole.Arn
    ```
    ## Use instead
    ```yaml
    Enrich:
      Type: AWS::StepFunctions::StateMachine
      Properties:
        StateMachineType: EXPRESS
    ```
    ## References
    - https://docs.aws.amazon.com/eventbridge/latest/userguide/pipes-enrichment.html
    """

    id = "SL446"
    name = "pipe-enrichment-not-express"
    severity = Severity.ERROR
    resource_types = (PIPE,)
    source_url = "https://docs.aws.amazon.com/eventbridge/latest/userguide/pipes-enrichment.html"
    messages = {
        "standard_enrichment": "Enrichment {machine} is a Standard workflow ({key} {kind}); EventBridge Pipes supports only Express workflows as enrichments",
    }

    def check_resource(self, pipe, ctx):
        enrichment = pipe.get("Enrichment")
        if enrichment is None:
            return
        machine = ctx.graph.target(enrichment)
        if machine is None or machine.type not in MACHINE_TYPES:
            return
        key = "Type" if machine.is_sam else "StateMachineType"
        if not machine.has(key):
            ctx.report(
                enrichment, "standard_enrichment", machine=machine.logical_id, key=key, kind="absent, so STANDARD"
            )
            return
        for kind in machine.each(key):
            if kind.text == STANDARD:
                ctx.report(enrichment, "standard_enrichment", machine=machine.logical_id, key=key, kind=STANDARD)
                return
