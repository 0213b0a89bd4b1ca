from __future__ import annotations

from slint.rule import Rule, Severity

from .._asl import MACHINE_TYPES, definition_of, is_express, number

_WORKFLOW_TYPES = "https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html"


class ExpressDuration(Rule):
    """
    ## What it does
    In Express state machines, flags a `TimeoutSeconds` (of the machine or of a state) or a
    `Wait` state's `Seconds` above 300.
    ## Why is this bad?
    An Express execution runs for at most five minutes; a longer timeout or wait can never
    complete, and the execution fails when the five minutes are up.
    ## Example
    ```yaml
    Workflow:
      Type: AWS::Serverless::StateMachine
      Properties:
        Type: EXPRESS
        Definition:
          StartAt: Pause
          States:
            Pause: {Type: Wait, Seconds: 600, Next: Done}
            Done: {Type: Succeed}
    ```
    ## Use instead
    ```yaml
    Workflow:
      Type: AWS::Serverless::StateMachine
      Properties:
        Type: STANDARD
        Definition:
          StartAt: Pause
          States:
            Pause: {Type: Wait, Seconds: 600, Next: Done}
            Done: {Type: Succeed}
    ```
    Use a Standard workflow for waits and tasks longer than five minutes.
    ## References
    - https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html
    """

    id = "SL852"
    name = "sfn-express-duration-too-long"
    aliases = ("sfn-express-duration",)
    severity = Severity.WARNING
    resource_types = MACHINE_TYPES
    source_url = _WORKFLOW_TYPES
    MAX_SECONDS = 300
    messages = {
        "too_long": "{what} {value} seconds exceeds the {limit}-second (five-minute) maximum of an Express execution"
    }

    def check_resource(self, machine, ctx):
        if not is_express(machine):
            return
        definition = definition_of(machine, ctx)
        if definition is None:
            return
        top = number(definition.data.get("TimeoutSeconds"))
        if top is not None and top > self.MAX_SECONDS:
            anchor = machine.get("Definition", "TimeoutSeconds") if definition.inline else definition.anchor
            ctx.report(anchor, "too_long", what="TimeoutSeconds", value=top, limit=self.MAX_SECONDS)
        for state in definition.states():
            for key in ("TimeoutSeconds", "Seconds" if state.body.get("Type") == "Wait" else None):
                seconds = number(state.body.get(key)) if key else None
                if seconds is not None and seconds > self.MAX_SECONDS:
                    ctx.report(
                        definition.value(state, key),
                        "too_long",
                        what=f"State {state.name} {key}",
                        value=seconds,
                        limit=self.MAX_SECONDS,
                    )
