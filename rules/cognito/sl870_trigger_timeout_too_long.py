from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

from ._shared import TRIGGERS

# Custom sender triggers run asynchronously, outside Cognito's synchronous 5-second wait.
CUSTOM_SENDERS = ("CustomEmailSender", "CustomSMSSender")


def _trigger_names(trigger) -> list[str]:
    """The Cognito trigger names: SAM's `Trigger` (one or a list), else the LambdaConfig key."""
    if trigger.declared_by is not trigger.function:
        return [trigger.name]
    value = trigger.get("Trigger")
    names = value.value if value is not None else None
    names = [names] if isinstance(names, str) else names
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else [trigger.name]


class CognitoTriggerTimeout(Rule):
    """
    ## What it does
    Flags a function used as a Cognito user pool trigger (SAM `Cognito` event, or
    `LambdaConfig` of an `AWS::Cognito::UserPool` in this template; custom sender triggers
    excepted) whose `Timeout`, after SAM merges `Globals`, is above 5 seconds.
    ## Why is this bad?
    Cognito waits 5 seconds for a trigger and retries up to three times; the wait cannot be
    changed, so a longer timeout only lets the function keep running after Cognito has failed
    the request.
    ## Example
    ```yaml
    PreSignUp:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 30
        Events:
          Pool: {Type: Cognito, Properties: {UserPool: !Ref Pool, Trigger: PreSignUp}}
    ```
    ## Use instead
    ```yaml
        Timeout: 5
    ```
    ## References
    - https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
    """

    id = "SL870"
    name = "cognito-trigger-timeout-too-long"
    aliases = ("cognito-trigger-timeout",)
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = TRIGGERS
    MAX_SECONDS = 5
    messages = {
        "too_long": "Timeout {value} is longer than the {limit} seconds Cognito waits for a trigger ({trigger})"
    }

    def check_resource(self, function, ctx):
        names = []
        for trigger in ctx.graph.triggers(function, kind="Cognito"):
            pool = f" of {trigger.source.logical_id}" if trigger.source is not None else ""
            names.extend(f"{name}{pool}" for name in _trigger_names(trigger) if name not in CUSTOM_SENDERS)
        if not names:
            return
        names = ", ".join(dict.fromkeys(names))
        for timeout in function.each("Timeout"):
            if timeout.number is not None and timeout.number > self.MAX_SECONDS:
                ctx.report(timeout, "too_long", value=timeout.describe(), limit=self.MAX_SECONDS, trigger=names)
