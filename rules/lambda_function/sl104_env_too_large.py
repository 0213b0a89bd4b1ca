from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import NOVALUE, Message, Rule, Severity, Value

from ._shared import QUOTAS, _variables


def _value_bytes(value: Value, placeholder: int) -> tuple[int, int, bool]:
    """(bytes for sure, estimated bytes, exactly known) of one variable value; the larger If branch counts."""
    if value.alternatives:
        sizes = [_value_bytes(branch, placeholder) for branch in value.alternatives]
        return max(s[0] for s in sizes), max(s[1] for s in sizes), all(s[2] for s in sizes)
    if value.value is NOVALUE:
        return 0, 0, True
    if not value.known or isinstance(value.value, (dict, list)):
        return 0, placeholder, False
    size = len(value.describe().encode("utf-8"))
    return size, size, True


class LambdaEnvSize(Rule):
    """
    ## What it does
    Adds up the bytes (UTF-8) of every environment variable name and value of a function,
    after SAM merges `Globals.Function.Environment.Variables` into the function's own map,
    and flags a total above 4 KB (4,096 bytes). Values from parameter defaults and decidable
    intrinsics are counted as resolved; for an undecided `Fn::If` the larger branch counts.
    Values the template cannot tell (`!GetAtt`, `!Ref` to a resource, `!ImportValue`) are
    counted as `unknown_value_bytes` (default 32) each: when only that estimate crosses the
    limit the finding is a warning.
    ## Why is this bad?
    Lambda rejects a configuration whose environment variables exceed 4 KB in aggregate and
    the deployment fails. With SAM it is easy to miss: a large `Globals` map plus a few
    per-function variables crosses the limit in one function only. Lambda measures a
    serialized form that also counts some punctuation, so this sum of names and values is a
    lower bound: a total just under 4,096 may still fail.
    ## Example
    ```yaml
    Globals:
      Function:
        Environment:
          Variables:
            CONFIG_JSON: '{ ... 4,000 characters ... }'
    ```
    ## Use instead
    Keep large configuration in SSM Parameter Store, AppConfig or S3 and pass only its name.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
    """

    id = "SL104"
    name = "lambda-env-too-large"
    aliases = ("lambda-env-size",)
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = QUOTAS
    MAX_BYTES = 4_096
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"unknown_value_bytes": {"type": "integer", "minimum": 0}},
    }
    default_options = {"unknown_value_bytes": 32}
    messages = {
        "too_large": (
            "Environment.Variables adds up to {size:,} bytes (names + values{detail}); Lambda allows {limit:,} bytes "
            "(4 KB) for all variables"
        ),
        "estimate_too_large": Message(
            "Environment.Variables adds up to about {size:,} bytes (names + values{detail}; {unknown} value(s) the "
            "template cannot tell counted as {placeholder} bytes each); Lambda allows {limit:,} bytes (4 KB) for all "
            "variables",
            Severity.WARNING,
        ),
    }

    def check_resource(self, function, ctx):
        placeholder = ctx.options["unknown_value_bytes"]
        for entries in _variables(function):
            if not entries:
                continue
            certain = estimate = from_globals = unknown = 0
            for key, value in entries:
                low, high, exact = _value_bytes(value, placeholder)
                size = len(key.encode("utf-8"))
                certain += size + low
                estimate += size + high
                unknown += not exact
                if value.from_globals:
                    from_globals += size + high
            variables = function.get("Environment", "Variables")
            target = variables if variables is not None and variables.known else entries[0][1]
            detail = f", {from_globals:,} of them from Globals" if from_globals and not target.from_globals else ""
            if certain > self.MAX_BYTES:
                ctx.report(target, "too_large", size=certain, detail=detail, limit=self.MAX_BYTES)
            elif estimate > self.MAX_BYTES:
                ctx.report(
                    target,
                    "estimate_too_large",
                    size=estimate,
                    detail=detail,
                    unknown=unknown,
                    placeholder=placeholder,
                    limit=self.MAX_BYTES,
                )
