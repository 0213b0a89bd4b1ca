from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import ASYNC, INVOKE_CONFIG


class LambdaAsyncConfigRange(Rule):
    """
    ## What it does
    Checks the asynchronous invocation settings of SAM `EventInvokeConfig` (in a function or
    in `Globals`) and of `AWS::Lambda::EventInvokeConfig`: `MaximumRetryAttempts` must be a
    whole number from 0 to 2 and `MaximumEventAgeInSeconds` from 60 to 21,600 (6 hours).
    ## Why is this bad?
    Lambda rejects values outside these ranges and the deployment fails.
    ## Example
    ```yaml
    EventInvokeConfig:
      MaximumRetryAttempts: 3
      MaximumEventAgeInSeconds: 86400
    ```
    ## Use instead
    ```yaml
    EventInvokeConfig:
      MaximumRetryAttempts: 2
      MaximumEventAgeInSeconds: 21600
    ```
    ## Fix safety
    Unsafe: the fix sets the nearest allowed value (the range's bound, or the nearest whole number) where the value is written (the resource, `Globals` or a
    parameter's `Default`); events are then retried, or kept, for a different time than
    the template asked for.

    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventinvokeconfig.html
    """

    id = "SL311"
    name = "lambda-async-config-out-of-range"
    aliases = ("lambda-async-config-range",)
    severity = Severity.ERROR
    resource_types = ("AWS::Serverless::Function", INVOKE_CONFIG)
    source_url = ASYNC
    fix_safety = "unsafe"
    RANGES = {"MaximumRetryAttempts": (0, 2), "MaximumEventAgeInSeconds": (60, 21_600)}
    messages = {
        "out_of_range": "{property} {value} must be a whole number from {low} to {high}",
    }

    def check_resource(self, resource, ctx):
        prefix = ("EventInvokeConfig",) if resource.type == "AWS::Serverless::Function" else ()
        for prop, (low, high) in self.RANGES.items():
            for value in resource.each(*prefix, prop):
                number = value.number
                if number is not None and (number != int(number) or not low <= number <= high):
                    ctx.report(
                        value,
                        "out_of_range",
                        property=prop,
                        value=value.describe(),
                        low=f"{low:,}",
                        high=f"{high:,}",
                        fix=ctx.replace(value, min(max(round(number), low), high)),
                    )
