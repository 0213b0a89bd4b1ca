from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity


class LambdaExplicitSizing(Rule):
    """
    ## What it does
    Notes a function that leaves `Timeout` or `MemorySize` unset everywhere (function and
    SAM `Globals`), so it silently runs with 3 seconds and 128 MB; and a `Timeout` of
    `long_timeout_seconds` (default 300) or more on a function whose only callers in the
    template are synchronous (API Gateway, function URLs, ALB, Cognito, CloudFront).
    ## Why is this bad?
    The defaults are rarely what a function needs: 3 seconds times out on a slow dependency
    and 128 MB also means the smallest CPU share. A long timeout behind a synchronous caller
    helps nobody (API Gateway stops waiting after 29–30 seconds by default), while a stuck
    invocation keeps running, costs money and holds concurrency until the timeout.
    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 900
        Events:
          Get: {Type: HttpApi}
    ```
    ## Use instead
    ```yaml
    Api:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 29
        MemorySize: 512
        Events:
          Get: {Type: HttpApi}
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
    - https://awslabs.github.io/serverless-rules/rules/lambda/default_timeout/
    """

    id = "SL109"
    name = "lambda-explicit-sizing"
    severity = Severity.INFO
    default_enabled = False  # hygiene that fires on most templates: opt in with extend_select
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"long_timeout_seconds": {"type": "integer", "minimum": 1}},
    }
    default_options = {"long_timeout_seconds": 300}
    messages = {
        "implicit": "{missing} not set; Lambda uses the default{plural} ({defaults})",
        "long_sync_timeout": (
            "Timeout {value} s on a function called only synchronously ({callers}); the caller stops waiting long "
            "before, while a stuck invocation runs on and holds concurrency"
        ),
    }

    def check_resource(self, function, ctx):
        unset = [
            (name, value)
            for name in ("Timeout", "MemorySize")
            if (value := function.get(name)) is not None and value.is_default
        ]
        if unset:
            defaults = ", ".join(
                f"{name} {value.describe()}{' s' if name == 'Timeout' else ' MB'}" for name, value in unset
            )
            ctx.report(
                function,
                "implicit",
                missing=" and ".join(name for name, _ in unset) + (" are" if len(unset) > 1 else " is"),
                plural="s" if len(unset) > 1 else "",
                defaults=defaults,
            )
        triggers = ctx.graph.triggers(function)
        if not triggers or not all(trigger.is_sync for trigger in triggers):
            return
        callers = ", ".join(sorted({trigger.kind for trigger in triggers}))
        for timeout in function.each("Timeout"):
            if (
                timeout.number is not None
                and not timeout.is_default
                and timeout.number >= ctx.options["long_timeout_seconds"]
            ):
                ctx.report(timeout, "long_sync_timeout", value=timeout.describe(), callers=callers)
