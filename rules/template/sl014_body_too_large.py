from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import QUOTAS


class TemplateBodySize(Rule):
    """
    ## What it does
    Flags a template file larger than 1 MB (1,048,576 bytes), the largest template body
    CloudFormation reads from S3 (SAM and `aws cloudformation deploy` upload it there).
    AWS writes the quota as "1 MB"; cfn-lint counts it as 1,000,000 bytes, so the limit is
    an option (`max_bytes`) for teams that want the stricter reading.
    ## Why is this bad?
    CloudFormation rejects a larger template body and the deployment fails.
    ## Example
    A template with thousands of inline state machine definitions or policies.
    ## Use instead
    Move definitions to files (`DefinitionUri`, `CodeUri`), or split into nested stacks.
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
    """

    id = "SL014"
    name = "template-body-too-large"
    aliases = ("template-body-size",)
    severity = Severity.ERROR
    source_url = QUOTAS
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"max_bytes": {"type": "integer", "minimum": 1}},
    }
    default_options = {"max_bytes": 1_048_576}
    messages = {
        "too_large": "The template is {size:,} bytes; CloudFormation accepts a template body of at most {limit:,} bytes"
    }

    def check_template(self, template, ctx):
        size = len(template.text.encode("utf-8"))
        limit = ctx.options["max_bytes"]
        if size > limit:
            ctx.report_at((), "too_large", size=size, limit=limit)
