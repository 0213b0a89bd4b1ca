from __future__ import annotations

import re

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity, Value, literal_text, ref_name

from ._shared import ENV_VARS, _variables


class LambdaEnvPlaintextSecret(Rule):
    """
    ## What it does
    Flags an environment variable whose name says it holds a secret (`PASSWORD`, `SECRET`,
    `TOKEN`, `API_KEY`, `PRIVATE_KEY`, …) and whose value is written in the template: a
    literal, or a parameter default of a parameter without `NoEcho`. Names that point at a
    secret rather than hold one (`…_ARN`, `…_NAME`, `…_ID`, `…_PARAMETER`, `…_TABLE`, …),
    dynamic references (`{{resolve:secretsmanager:…}}`, `{{resolve:ssm-secure:…}}`), ARNs
    and SSM parameter paths are not reported. This is a naming heuristic, not an AWS rule.
    ## Why is this bad?
    The value is in the template, in version control and in every copy of it, and anyone who
    can read the function's configuration can read it.
    ## Example
    ```yaml
    Environment:
      Variables:
        DB_PASSWORD: hunter2
    ```
    ## Use instead
    ```yaml
    Environment:
      Variables:
        DB_PASSWORD_SECRET_ARN: !Ref DbSecret   # read it at runtime from Secrets Manager
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
    - https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html
    """

    id = "SL106"
    name = "lambda-env-plaintext-secret"
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = ENV_VARS
    SECRET_WORDS = frozenset({"PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "PASSPHRASE", "CREDENTIALS"})
    SECRET_PAIRS = frozenset({("API", "KEY"), ("PRIVATE", "KEY"), ("SECRET", "KEY"), ("ACCESS", "KEY")})
    REFERENCE_SUFFIXES = frozenset({
        "ARN", "NAME", "ID", "PATH", "PARAM", "PARAMETER", "TABLE", "URL", "URI", "ENDPOINT", "REGION",
        "TTL", "EXPIRY", "EXPIRATION", "HEADER", "TYPE", "LENGTH", "ENABLED", "FILE", "LOCATION", "BUCKET", "KEY_ID",
    })  # fmt: skip
    messages = {
        "plaintext": (
            "Environment variable {key} looks like a secret and its value is written in the template; keep it in "
            "Secrets Manager or SSM Parameter Store (SecureString) and read it at runtime"
        ),
    }

    def check_resource(self, function, ctx):
        for entries in _variables(function):
            for key, value in entries:
                if self._names_secret(key) and self._written_in_template(value, ctx):
                    ctx.report(value, "plaintext", key=key)

    def _names_secret(self, key: str) -> bool:
        words = [w.upper() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", key)]
        if not words or words[-1] in self.REFERENCE_SUFFIXES or "_".join(words[-2:]) in self.REFERENCE_SUFFIXES:
            return False
        return any(w in self.SECRET_WORDS for w in words) or any(
            pair in self.SECRET_PAIRS for pair in zip(words, words[1:], strict=False)
        )

    @staticmethod
    def _written_in_template(value: Value, ctx) -> bool:
        text = value.text
        if not text or "{{resolve:" in text or text.startswith(("arn:", "/")):
            return False
        if literal_text(value) is not None:
            return True
        if ref_name(value) is not None and value.via and value.via.endswith("default"):
            parameter = ctx.template.parameters.get(ref_name(value))
            return parameter is not None and not parameter.no_echo
        return False
