from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

from ._shared import QUOTAS


class LambdaTimeoutRange(Rule):
    """
    ## What it does
    Checks that a function's `Timeout` is a whole number of seconds from 1 to 900, wherever it
    is written: in the function, in SAM `Globals`, or as a parameter's default or override.
    Functions on Lambda Managed Instances (`CapacityProviderConfig`) or durable functions
    (`DurableConfig`) have other limits and are skipped.
    ## Why is this bad?
    Lambda rejects a timeout outside 1–900 seconds (15 minutes) and the deployment fails.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 1200
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 900
    ```
    For longer work, split it (Step Functions, SQS) rather than raising the timeout.
    ## Fix safety
    Unsafe: the fix sets the nearest allowed value (900 for a longer timeout, 1 for a shorter
    one, the nearest whole second), where the value is written (the function, `Globals` or a
    parameter's `Default`). Work that ran longer than 900 seconds will now time out.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
    """

    id = "SL101"
    name = "lambda-timeout-range"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = QUOTAS
    fix_safety = "unsafe"
    MIN_SECONDS = 1
    MAX_SECONDS = 900
    messages = {
        "too_long": "Timeout {value} exceeds Lambda's maximum of {limit} seconds",
        "too_short": "Timeout {value} is below Lambda's minimum of {limit} second",
        "not_whole": "Timeout {value} must be a whole number of seconds (1 to {limit})",
    }

    def check_resource(self, function, ctx):
        if function.has("CapacityProviderConfig") or function.has("DurableConfig"):
            return
        for timeout in function.each("Timeout"):
            seconds = timeout.number
            if seconds is None or timeout.is_default:
                continue
            if seconds != int(seconds):
                message, limit = "not_whole", self.MAX_SECONDS
            elif seconds > self.MAX_SECONDS:
                message, limit = "too_long", self.MAX_SECONDS
            elif seconds < self.MIN_SECONDS:
                message, limit = "too_short", self.MIN_SECONDS
            else:
                continue
            nearest = min(max(round(seconds), self.MIN_SECONDS), self.MAX_SECONDS)
            ctx.report(timeout, message, value=timeout.describe(), limit=limit, fix=ctx.replace(timeout, nearest))
