"""Lambda function configuration: SAM functions (Globals merged) and plain CloudFormation."""

from __future__ import annotations

import re

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity
from slint.values import NOVALUE, Value

from .runtimes import runtime_version

_QUOTAS = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
_ENV_VARS = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html"
_CFN_FUNCTION = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html"


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
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
    """

    id = "SL101"
    name = "lambda-timeout-range"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = _QUOTAS
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
                ctx.report(timeout, "not_whole", value=timeout.describe(), limit=self.MAX_SECONDS)
            elif seconds > self.MAX_SECONDS:
                ctx.report(timeout, "too_long", value=timeout.describe(), limit=self.MAX_SECONDS)
            elif seconds < self.MIN_SECONDS:
                ctx.report(timeout, "too_short", value=timeout.describe(), limit=self.MIN_SECONDS)


class LambdaLayersMax(Rule):
    """
    ## What it does
    Counts a function's layers after SAM merges `Globals` (Globals layers come first, then the
    function's own) and flags more than five, and flags a layer listed twice.
    ## Why is this bad?
    Lambda accepts at most five layers per function; the deployment fails with six. The SAM
    merge makes this easy to miss: three layers in Globals plus three in a function is six.
    ## Example
    ```yaml
    Globals:
      Function:
        Layers: [!Ref Common, !Ref Logging, !Ref Tracing]
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Layers: [!Ref Pandas, !Ref Numpy, !Ref Scipy]
    ```
    ## Use instead
    Combine layers, or ship the dependencies in the function package or a container image.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
    """

    id = "SL102"
    name = "lambda-layers-max"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = _QUOTAS
    MAX_LAYERS = 5
    messages = {
        "too_many": "Layers lists {count} layers{detail}; Lambda allows at most {limit} per function",
        "duplicate": "Layer {layer} is listed twice for this function{detail}",
    }

    def check_resource(self, function, ctx):
        for layers in function.each("Layers"):
            if not isinstance(layers.value, list):
                continue
            count = len(layers.value)
            from_globals = _globals_count(layers.value)
            detail = f" ({from_globals} from Globals)" if from_globals and not layers.from_globals else ""
            if count > self.MAX_LAYERS:
                ctx.report(layers, "too_many", count=count, detail=detail, limit=self.MAX_LAYERS)
        seen: dict[str, bool] = {}  # layer -> listed in Globals
        for item in function.items("Layers") or []:
            key = _layer_key(item)
            if key is None:
                continue
            if key in seen:
                where = " (once in Globals)" if seen[key] and not item.from_globals else ""
                ctx.report(item, "duplicate", layer=key, detail=where)
            seen[key] = item.from_globals


def _globals_count(items) -> int:
    paths = getattr(items, "child_paths", None)
    if not paths:
        return 0
    return sum(1 for path in paths.values() if path and path[0] == "Globals")


def _layer_key(item) -> str | None:
    if isinstance(item.value, str):
        return item.value
    raw = item.raw
    if isinstance(raw, dict) and len(raw) == 1:
        ((fn, arg),) = raw.items()
        if fn == "Ref" and isinstance(arg, str):
            return arg
    return None


def _variables(function) -> list[list[tuple[str, Value]]]:
    """Each possible `Environment.Variables` map (after the Globals merge) as (name, value) pairs."""
    out = []
    for variables in function.each("Environment", "Variables"):
        mapping = variables.value
        if not isinstance(mapping, dict):
            continue
        resolver = function.template.resolver
        entries = [(str(key), resolver.located(mapping, key, function)) for key in mapping]
        out.append([(key, value) for key, value in entries if value.value is not NOVALUE])
    return out


class LambdaMemoryAndTmpRange(Rule):
    """
    ## What it does
    Checks `MemorySize` (128–10,240 MB, whole megabytes) and `EphemeralStorage.Size` (the
    /tmp size, 512–10,240 MB) wherever they are written: the function, SAM `Globals`, a
    parameter default, either branch of an `Fn::If`. A `MemorySize` above 3,008 MB is
    reported as info: new accounts can have a lower memory quota, which the template cannot
    tell. Functions on Lambda Managed Instances (`CapacityProviderConfig`) have other memory
    limits, so their upper bound is not checked.
    ## Why is this bad?
    Lambda rejects a value outside the range and the deployment fails. Accounts with the
    reduced quota fail with "'MemorySize' value failed to satisfy constraint: Member must have
    value less than or equal to 3008".
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        MemorySize: 16384
        EphemeralStorage:
          Size: 256
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        MemorySize: 10240
        EphemeralStorage:
          Size: 512
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
    """

    id = "SL103"
    name = "lambda-memory-and-tmp-range"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = _QUOTAS
    MIN_MEMORY_MB = 128
    MAX_MEMORY_MB = 10_240
    REDUCED_QUOTA_MEMORY_MB = 3_008  # the cap some new accounts start with
    MIN_TMP_MB = 512
    MAX_TMP_MB = 10_240
    messages = {
        "memory_out_of_range": "MemorySize {value} MB is outside Lambda's range of {low} to {high} MB",
        "memory_not_whole": "MemorySize {value} must be a whole number of megabytes ({low} to {high})",
        "memory_above_reduced_quota": "MemorySize {value} MB is above {limit} MB, the memory maximum of accounts with a reduced quota (new accounts); the deployment fails there unless the quota was raised",
        "tmp_out_of_range": "EphemeralStorage.Size {value} MB is outside Lambda's range of {low} to {high} MB",
        "tmp_not_whole": "EphemeralStorage.Size {value} must be a whole number of megabytes ({low} to {high})",
    }

    def check_resource(self, function, ctx):
        managed_instances = function.has("CapacityProviderConfig")
        for memory in function.each("MemorySize"):
            megabytes = memory.number
            if megabytes is None or memory.is_default:
                continue
            limits = {"value": memory.describe(), "low": self.MIN_MEMORY_MB, "high": self.MAX_MEMORY_MB}
            if megabytes != int(megabytes):
                ctx.report(memory, "memory_not_whole", **limits)
            elif megabytes < self.MIN_MEMORY_MB or (megabytes > self.MAX_MEMORY_MB and not managed_instances):
                ctx.report(memory, "memory_out_of_range", **limits)
            elif megabytes > self.REDUCED_QUOTA_MEMORY_MB and not managed_instances:
                ctx.report(memory, "memory_above_reduced_quota", severity=Severity.INFO, value=memory.describe(), limit=self.REDUCED_QUOTA_MEMORY_MB)
        for size in function.each("EphemeralStorage", "Size"):
            megabytes = size.number
            if megabytes is None or size.is_default:
                continue
            limits = {"value": size.describe(), "low": self.MIN_TMP_MB, "high": self.MAX_TMP_MB}
            if megabytes != int(megabytes):
                ctx.report(size, "tmp_not_whole", **limits)
            elif not self.MIN_TMP_MB <= megabytes <= self.MAX_TMP_MB:
                ctx.report(size, "tmp_out_of_range", **limits)


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
    name = "lambda-env-size"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = _QUOTAS
    MAX_BYTES = 4_096
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"unknown_value_bytes": {"type": "integer", "minimum": 0}},
    }
    default_options = {"unknown_value_bytes": 32}
    messages = {
        "too_large": "Environment.Variables adds up to {size:,} bytes (names + values{detail}); Lambda allows {limit:,} bytes (4 KB) for all variables",
        "estimate_too_large": "Environment.Variables adds up to about {size:,} bytes (names + values{detail}; {unknown} value(s) the template cannot tell counted as {placeholder} bytes each); Lambda allows {limit:,} bytes (4 KB) for all variables",
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
                ctx.report(target, "estimate_too_large", severity=Severity.WARNING, size=estimate, detail=detail, unknown=unknown, placeholder=placeholder, limit=self.MAX_BYTES)


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
    source_url = _ENV_VARS
    NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]+$")
    RESERVED = frozenset({
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    })  # fmt: skip
    RESERVED_UNCONFIRMED = frozenset({"AWS_DEFAULT_REGION"})
    messages = {
        "invalid_name": "Environment variable name {key!r} is invalid: Lambda requires a letter then letters, digits or underscores (at least 2 characters)",
        "reserved": "Environment variable {key} is reserved by Lambda and cannot be set in the function configuration",
        "reserved_unconfirmed": "Environment variable {key} is set by Lambda and listed as reserved by a secondary source; Lambda may reject it",
    }

    def check_resource(self, function, ctx):
        for entries in _variables(function):
            for key, value in entries:
                if key in self.RESERVED:
                    ctx.report(value, "reserved", key=key)
                elif key in self.RESERVED_UNCONFIRMED:
                    ctx.report(value, "reserved_unconfirmed", severity=Severity.WARNING, key=key)
                elif not self.NAME_PATTERN.match(key):
                    ctx.report(value, "invalid_name", key=key)


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
    can read the function's configuration can read it. The AWS wording for this best practice
    was not re-verified for this rule (study notes only); treat it as hygiene.
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
    source_url = _ENV_VARS
    SECRET_WORDS = frozenset({"PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "PASSPHRASE", "CREDENTIALS"})
    SECRET_PAIRS = frozenset({("API", "KEY"), ("PRIVATE", "KEY"), ("SECRET", "KEY"), ("ACCESS", "KEY")})
    REFERENCE_SUFFIXES = frozenset({
        "ARN", "NAME", "ID", "PATH", "PARAM", "PARAMETER", "TABLE", "URL", "URI", "ENDPOINT", "REGION",
        "TTL", "EXPIRY", "EXPIRATION", "HEADER", "TYPE", "LENGTH", "ENABLED", "FILE", "LOCATION", "BUCKET", "KEY_ID",
    })  # fmt: skip
    messages = {
        "plaintext": "Environment variable {key} looks like a secret and its value is written in the template; keep it in Secrets Manager or SSM Parameter Store (SecureString) and read it at runtime",
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
        return any(w in self.SECRET_WORDS for w in words) or any(pair in self.SECRET_PAIRS for pair in zip(words, words[1:]))

    @staticmethod
    def _written_in_template(value: Value, ctx) -> bool:
        text = value.text
        if not text or "{{resolve:" in text or text.startswith(("arn:", "/")):
            return False
        if isinstance(value.raw, str):
            return True
        raw = value.raw
        if isinstance(raw, dict) and set(raw) == {"Ref"} and value.via and value.via.endswith("default"):
            parameter = ctx.template.parameters.get(raw["Ref"])
            return parameter is not None and not parameter.no_echo
        return False


class LambdaPackageTypeConsistency(Rule):
    """
    ## What it does
    Checks that a function's properties match its `PackageType` (after the SAM `Globals`
    merge): an `Image` function sets none of `Runtime`, `Handler`, `Layers`; a `Zip` function
    (the default) sets both `Runtime` and `Handler` and no image (`ImageUri`,
    `Code.ImageUri`, `ImageConfig`); and `PackageType` is `Zip` or `Image`.
    ## Why is this bad?
    SAM refuses to transform the template ("Runtime, Handler, Layers cannot be present when
    PackageType is of type Image"), and Lambda rejects the same mix in plain CloudFormation:
    the deployment fails. A `Runtime` or `Handler` in `Globals.Function` applies to image
    functions too, so one image function in a template of zip functions fails this way.
    ## Example
    ```yaml
    Globals:
      Function:
        Runtime: python3.13
        Handler: app.handler
    Resources:
      ImageFn:
        Type: AWS::Serverless::Function
        Properties:
          PackageType: Image
          ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:latest
    ```
    ## Use instead
    Set `Runtime` and `Handler` on the zip functions themselves, not in `Globals`, and give
    image functions `ImageConfig` (command, entry point) instead.
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    """

    id = "SL107"
    name = "lambda-package-type-consistency"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = _CFN_FUNCTION
    PACKAGE_TYPES = ("Zip", "Image")
    IMAGE_FORBIDS = ("Runtime", "Handler", "Layers")
    ZIP_REQUIRES = ("Runtime", "Handler")
    messages = {
        "invalid": "PackageType {value} is not valid; use Zip or Image",
        "image_with_zip_property": "{property} cannot be set on a function with PackageType Image",
        "zip_missing": "A Zip function (PackageType {value}) needs {missing}",
        "zip_with_image": "{property} is for PackageType Image, but this function's PackageType is {value}",
    }

    def check_resource(self, function, ctx):
        image_properties = (("ImageUri",), ("ImageConfig",)) if function.is_sam else (("Code", "ImageUri"), ("ImageConfig",))
        for package_type in function.each("PackageType"):
            kind = package_type.text
            if kind not in self.PACKAGE_TYPES:
                ctx.report(package_type, "invalid", value=package_type.describe())
            elif kind == "Image":
                for name in self.IMAGE_FORBIDS:
                    value = function.get(name) if function.has(name) else None
                    if value is not None:
                        ctx.report(value, "image_with_zip_property", property=name)
            elif package_type.is_default and function.is_sam and function.has("ImageUri"):
                continue  # newer SAM tooling may infer Image from ImageUri; not confirmed, so stay silent
            else:
                missing = [name for name in self.ZIP_REQUIRES if not function.has(name)]
                if missing:
                    ctx.report(package_type if not package_type.is_default else function, "zip_missing", value=kind, missing=" and ".join(missing))
                for path in image_properties:
                    if function.has(*path):
                        ctx.report(function.get(*path), "zip_with_image", property=".".join(path), value=kind)


class LambdaInlineCode(Rule):
    """
    ## What it does
    For a function whose code is written in the template (SAM `InlineCode`, CloudFormation
    `Code.ZipFile`), checks that the runtime is Node.js or Python (error), that the `Handler`
    names the `index` module CloudFormation writes the code to (warning), and that the code
    is at most 4,096 characters (warning).
    ## Why is this bad?
    CloudFormation writes inline code to a file named `index` and accepts it only for Node.js
    and Python runtimes: other runtimes fail the deployment. A handler in another module
    deploys but every invocation fails to import it (an error in deployment when the
    function backs a custom resource). The archived CloudFormation reference limits inline
    code to 4,096 characters; newer pages may allow more (unconfirmed), hence a warning.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Lambda::Function
      Properties:
        Runtime: java21
        Handler: app.handler
        Code:
          ZipFile: |
            ...
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Lambda::Function
      Properties:
        Runtime: python3.13
        Handler: index.handler
        Code:
          ZipFile: |
            def handler(event, context): ...
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-code.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
    """

    id = "SL108"
    name = "lambda-inline-code"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-code.html"
    INLINE_RUNTIME_PREFIXES = ("nodejs", "python")
    INLINE_MODULE = "index"
    MAX_CHARACTERS = 4_096
    messages = {
        "unsupported_runtime": "{property} works only with Node.js and Python runtimes; Runtime is {runtime}",
        "handler_not_index": "Handler {handler} must name the {module} module: inline code is written to a file named {module} (for example {module}.handler)",
        "too_long": "{property} is {length:,} characters; CloudFormation documents at most {limit:,} characters of inline code",
    }

    def check_resource(self, function, ctx):
        property_name = "InlineCode" if function.is_sam else "Code.ZipFile"
        code = function.get("InlineCode") if function.is_sam else function.get("Code", "ZipFile")
        if code is None or code.is_default:
            return
        for runtime in function.each("Runtime"):
            if runtime.text and not runtime.text.startswith(self.INLINE_RUNTIME_PREFIXES):
                ctx.report(runtime, "unsupported_runtime", property=property_name, runtime=runtime.text)
        for handler in function.each("Handler"):
            if handler.text and handler.text.split(".", 1)[0] != self.INLINE_MODULE:
                ctx.report(handler, "handler_not_index", severity=Severity.WARNING, handler=handler.text, module=self.INLINE_MODULE)
        if code.text is not None and len(code.text) > self.MAX_CHARACTERS:
            ctx.report(code, "too_long", severity=Severity.WARNING, property=property_name, length=len(code.text), limit=self.MAX_CHARACTERS)


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
    default_enabled = False  # hygiene that fires on most templates: opt in with extend_select
    name = "lambda-explicit-sizing"
    severity = Severity.INFO
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
        "long_sync_timeout": "Timeout {value} s on a function called only synchronously ({callers}); the caller stops waiting long before, while a stuck invocation runs on and holds concurrency",
    }

    def check_resource(self, function, ctx):
        unset = [(name, value) for name in ("Timeout", "MemorySize") if (value := function.get(name)) is not None and value.is_default]
        if unset:
            defaults = ", ".join(f"{name} {value.describe()}{' s' if name == 'Timeout' else ' MB'}" for name, value in unset)
            ctx.report(function, "implicit", missing=" and ".join(name for name, _ in unset) + (" are" if len(unset) > 1 else " is"), plural="s" if len(unset) > 1 else "", defaults=defaults)
        triggers = ctx.graph.triggers(function)
        if not triggers or not all(trigger.is_sync for trigger in triggers):
            return
        callers = ", ".join(sorted({trigger.kind for trigger in triggers}))
        for timeout in function.each("Timeout"):
            if timeout.number is not None and not timeout.is_default and timeout.number >= ctx.options["long_timeout_seconds"]:
                ctx.report(timeout, "long_sync_timeout", value=timeout.describe(), callers=callers)


class LambdaSnapStartCompat(Rule):
    """
    ## What it does
    For a function with `SnapStart.ApplyOn: PublishedVersions` (in the function or SAM
    `Globals`), checks that its runtime supports SnapStart (Java 11+, Python 3.12+, .NET 8+)
    and that it uses none of what SnapStart excludes: a container image, EFS
    (`FileSystemConfigs`), `EphemeralStorage` above 512 MB, provisioned concurrency (SAM
    `ProvisionedConcurrencyConfig`, or a CloudFormation alias or version of the function that
    sets it). Notes (info) a function that publishes no version in the template (no SAM
    `AutoPublishAlias`, no `AWS::Lambda::Version`): SnapStart applies only to published
    versions, which may also be published outside the template. SnapStart is not offered
    in every region; that is not checked.
    ## Why is this bad?
    Lambda rejects these combinations and the deployment fails; without a published version
    SnapStart does nothing.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Runtime: nodejs22.x
        SnapStart:
          ApplyOn: PublishedVersions
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Runtime: python3.13
        AutoPublishAlias: live
        SnapStart:
          ApplyOn: PublishedVersions
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html
    """

    id = "SL110"
    name = "lambda-snapstart-compat"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html"
    MIN_VERSIONS = {"java": (11,), "python": (3, 12), "dotnet": (8,)}
    MAX_EPHEMERAL_MB = 512
    VERSION_TYPES = ("AWS::Lambda::Version", "AWS::Lambda::Alias")
    messages = {
        "runtime": "SnapStart does not support Runtime {runtime}; it needs Java 11+, Python 3.12+ or .NET 8+",
        "image": "SnapStart does not support container images (PackageType Image)",
        "efs": "SnapStart does not support Amazon EFS (FileSystemConfigs)",
        "ephemeral": "SnapStart does not support EphemeralStorage.Size {value} MB; at most {limit} MB",
        "provisioned": "SnapStart cannot be combined with provisioned concurrency ({where})",
        "no_version": "SnapStart applies only to published versions, and this template publishes none for the function ({hint})",
    }

    def check_resource(self, function, ctx):
        if not any(apply_on.text == "PublishedVersions" for apply_on in function.each("SnapStart", "ApplyOn")):
            return
        for runtime in function.each("Runtime"):
            if runtime.text and not self._supports(runtime.text):
                ctx.report(runtime, "runtime", runtime=runtime.text)
        for package_type in function.each("PackageType"):
            if package_type.text == "Image":
                ctx.report(package_type, "image")
        file_systems = function.items("FileSystemConfigs")
        if file_systems:
            ctx.report(function.get("FileSystemConfigs"), "efs")
        for size in function.each("EphemeralStorage", "Size"):
            if size.number is not None and size.number > self.MAX_EPHEMERAL_MB:
                ctx.report(size, "ephemeral", value=size.describe(), limit=self.MAX_EPHEMERAL_MB)
        if function.has("ProvisionedConcurrencyConfig"):
            ctx.report(function.get("ProvisionedConcurrencyConfig"), "provisioned", where="ProvisionedConcurrencyConfig")
        versions = [r for r in ctx.template.resources_of(*self.VERSION_TYPES) if ctx.graph.function_of(r.get("FunctionName")) is function]
        for version in versions:
            if version.has("ProvisionedConcurrencyConfig"):
                ctx.report(version.get("ProvisionedConcurrencyConfig"), "provisioned", where=f"{version.type} {version.logical_id}")
        if function.is_sam:
            if not function.has("AutoPublishAlias"):
                ctx.report(function.get("SnapStart"), "no_version", severity=Severity.INFO, hint="set AutoPublishAlias")
        elif not any(v.type == "AWS::Lambda::Version" for v in versions):
            ctx.report(function.get("SnapStart"), "no_version", severity=Severity.INFO, hint="add an AWS::Lambda::Version")

    def _supports(self, runtime: str) -> bool:
        parsed = runtime_version(runtime)
        if parsed is None:
            return False
        family, version = parsed
        minimum = self.MIN_VERSIONS.get(family)
        return minimum is not None and version >= minimum
