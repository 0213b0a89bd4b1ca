from __future__ import annotations

import re

from slint.aws import FUNCTION_TYPES
from slint.rule import Message, Rule, Severity

from ._shared import ENV_VARS, _variables


class LambdaEnvReservedKeys(Rule):
    """
    ## What it does
    Checks each environment variable name of a function (after the SAM `Globals` merge):
    it must start with a letter, contain only letters, digits and underscores, and be at
    least two characters long; and it must not be one of the names Lambda reserves for its
    runtime environment (`AWS_REGION`, `_HANDLER`, `AWS_LAMBDA_FUNCTION_NAME`,
    `LAMBDA_TASK_ROOT`, …). `AWS_DEFAULT_REGION` is reported as a warning: only a secondary
    source lists it as reserved.
    ## Why is this bad?
    Lambda rejects the configuration and the deployment fails.
    ## Example
    ```yaml
    Environment:
      Variables:
        AWS_REGION: eu-west-1
        my-setting: "1"
    ```
    ## Use instead
    ```yaml
    Environment:
      Variables:
        TARGET_REGION: eu-west-1
        MY_SETTING: "1"
    ```
    Lambda already sets `AWS_REGION` for every function.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
    """

    id = "SL105"
    name = "lambda-env-reserved-keys"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = ENV_VARS
    NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]+$")
    RESERVED = frozenset(
        {
            "_HANDLER",
            "_X_AMZN_TRACE_ID",
            "AWS_REGION",
            "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE",
            "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API",
            "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR",
        }
    )
    RESERVED_UNCONFIRMED = frozenset({"AWS_DEFAULT_REGION"})
    messages = {
        "invalid_name": (
            "Environment variable name {key!r} is invalid: Lambda requires a letter then letters, digits or "
            "underscores (at least 2 characters)"
        ),
        "reserved": "Environment variable {key} is reserved by Lambda and cannot be set in the function configuration",
        "reserved_unconfirmed": Message(
            "Environment variable {key} is set by Lambda and listed as reserved by a secondary source; Lambda may "
            "reject it",
            Severity.WARNING,
        ),
    }

    def check_resource(self, function, ctx):
        for entries in _variables(function):
            for key, value in entries:
                if key in self.RESERVED:
                    ctx.report(value, "reserved", key=key)
                elif key in self.RESERVED_UNCONFIRMED:
                    ctx.report(value, "reserved_unconfirmed", key=key)
                elif not self.NAME_PATTERN.match(key):
                    ctx.report(value, "invalid_name", key=key)
