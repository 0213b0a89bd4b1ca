from __future__ import annotations

from slint.rule import Rule, Severity


class UnknownTag(Rule):
    """
    ## What it does
    Flags YAML tags that are not CloudFormation intrinsic functions (for example `!Reff`).
    ## Why is this bad?
    CloudFormation rejects a template with an unknown tag.
    ## Example
    ```yaml
    Role: !GetAttr FnRole.Arn
    ```
    ## Use instead
    ```yaml
    Role: !GetAtt FnRole.Arn
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
    """

    id = "SL004"
    name = "unknown-yaml-tag"
    severity = Severity.ERROR
    source_url = (
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html"
    )
    messages = {"unknown": "{detail}; CloudFormation knows only its intrinsic function tags (!Ref, !GetAtt, !Sub, …)"}

    def check_template(self, template, ctx):
        for diagnostic in template.diagnostics:
            if diagnostic.kind == "unknown-tag":
                ctx.report(diagnostic, "unknown", detail=diagnostic.message)
