from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import CF_FUNCTION_TYPE, CF_QUOTAS


class CloudFrontFunctionCode(Rule):
    """
    ## What it does
    Checks an `AWS::CloudFront::Function`: `FunctionCode` at most 10 KB, `FunctionConfig.Runtime`
    one of `cloudfront-js-1.0` and `cloudfront-js-2.0`, and `KeyValueStoreAssociations` only
    with `cloudfront-js-2.0`.
    ## Why is this bad?
    CloudFront rejects a function over the size quota or on an unknown runtime, and key value
    stores are available only to the 2.0 runtime; the stack fails to create the function.
    ## Example
    ```yaml
    Rewrite:
      Type: AWS::CloudFront::Function
      Properties:
        FunctionConfig:
          Runtime: cloudfront-js-1.0
          KeyValueStoreAssociations: [{KeyValueStoreARN: !GetAtt Store.Arn}]
    ```
    ## Use instead
    ```yaml
        FunctionConfig:
          Runtime: cloudfront-js-2.0
    ```
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudfront-function.html
    """

    id = "SL709"
    name = "cf-function-code-invalid"
    aliases = ("cf-function-code",)
    severity = Severity.ERROR
    resource_types = (CF_FUNCTION_TYPE,)
    source_url = CF_QUOTAS
    MAX_CODE_BYTES = 10_240
    RUNTIMES = ("cloudfront-js-1.0", "cloudfront-js-2.0")
    KVS_RUNTIME = "cloudfront-js-2.0"
    messages = {
        "code_size": "FunctionCode is {size:,} bytes; CloudFront Functions allow {limit:,} bytes (10 KB)",
        "runtime": "FunctionConfig.Runtime {value} is not a CloudFront Functions runtime ({allowed})",
        "kvs_runtime": "KeyValueStoreAssociations need Runtime {required}; this function uses {value}",
    }

    def check_resource(self, function, ctx):
        for code in function.each("FunctionCode"):
            if isinstance(code.value, str):
                size = len(code.value.encode("utf-8"))
                if size > self.MAX_CODE_BYTES:
                    ctx.report(code, "code_size", size=size, limit=self.MAX_CODE_BYTES)
        has_stores = bool(function.items("FunctionConfig", "KeyValueStoreAssociations"))
        for runtime in function.each("FunctionConfig", "Runtime"):
            if not isinstance(runtime.value, str):
                continue
            if runtime.value not in self.RUNTIMES:
                ctx.report(runtime, "runtime", value=runtime.value, allowed=", ".join(self.RUNTIMES))
            elif has_stores and runtime.value != self.KVS_RUNTIME:
                ctx.report(runtime, "kvs_runtime", value=runtime.value, required=self.KVS_RUNTIME)
