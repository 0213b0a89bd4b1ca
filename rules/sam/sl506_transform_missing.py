from __future__ import annotations

from slint.rule import Rule, Severity

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
_ANATOMY_URL = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy.html"


class SamTransformMissing(Rule):
    """
    ## What it does
    Flags a template that uses SAM (an `AWS::Serverless::*` resource type, or a `Globals`
    section) without declaring `Transform: AWS::Serverless-2016-10-31`, alone or in a list of
    transforms. It reports the first SAM resource's `Type` and the `Globals` key. Without the
    transform slint does not merge `Globals` into any resource either, as nothing would.
    ## Why is this bad?
    Only the SAM transform turns SAM types and `Globals` into CloudFormation; without it
    CloudFormation rejects the template (unrecognised resource types, unknown section).
    ## Example
    ```yaml
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: src/}
    ```
    ## Use instead
    ```yaml
    Transform: AWS::Serverless-2016-10-31
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: src/}
    ```
    ## Fix safety
    Safe: the fix adds `Transform: AWS::Serverless-2016-10-31` before the template's first
    section, which is what the template was written for; nothing else changes.
    ## References
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-serverless.html
    """

    id = "SL506"
    name = "sam-transform-missing"
    severity = Severity.ERROR
    source_url = _ANATOMY_URL
    fix_safety = "safe"
    messages = {
        "sam_type": "{type} is a SAM resource type, but the template does not declare Transform: AWS::Serverless-2016-10-31; CloudFormation rejects it",
        "globals": "Globals is a SAM section, but the template does not declare Transform: AWS::Serverless-2016-10-31; CloudFormation rejects it and slint does not apply it",
    }

    def check_template(self, template, ctx):
        if template.has_sam_transform:
            return
        root = template.root
        if "Globals" in root:
            ctx.report_at(("Globals",), "globals", key=True, fix=ctx.add_template_key("Transform", SAM_TRANSFORM))
        for resource in template.resources.values():
            if resource.is_sam:  # the first one says it; the rest add nothing
                ctx.report_at(
                    (*resource.path, "Type"), "sam_type", resource=resource, type=resource.type,
                    fix=ctx.add_template_key("Transform", SAM_TRANSFORM),
                )  # fmt: skip
                return
