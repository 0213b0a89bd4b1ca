from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Message, Rule, Severity


class LambdaInlineCode(Rule):
    """
    ## What it does
    For a function whose code is written in the template (SAM `InlineCode`, CloudFormation
    `Code.ZipFile`), checks that the runtime is Node.js or Python (error), that the `Handler`
    names the `index` module CloudFormation writes the code to (warning). It does not limit
    the code's length: the old 4,096-character limit on `Code.ZipFile` is gone (CloudFormation
    now documents a 4 MB limit on the zip it builds, beyond the 1 MB template body SL014
    checks); message id `too_long` is retired and not reused.
    ## Why is this bad?
    CloudFormation writes inline code to a file named `index` and accepts it only for Node.js
    and Python runtimes: other runtimes fail the deployment. A handler in another module
    deploys but every invocation fails to import it (an error in deployment when the
    function backs a custom resource).
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
    name = "lambda-inline-code-invalid"
    aliases = ("lambda-inline-code",)
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-code.html"
    INLINE_RUNTIME_PREFIXES = ("nodejs", "python")
    INLINE_MODULE = "index"
    messages = {
        "unsupported_runtime": "{property} works only with Node.js and Python runtimes; Runtime is {runtime}",
        "handler_not_index": Message(
            "Handler {handler} must name the {module} module: inline code is written to a file named {module} (for "
            "example {module}.handler)",
            Severity.WARNING,
        ),
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
                ctx.report(handler, "handler_not_index", handler=handler.text, module=self.INLINE_MODULE)
