from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import QUOTAS


class TemplateResourceCount(Rule):
    """
    ## What it does
    Counts the resources a stack will hold: the template's own, plus (for SAM templates) the
    ones SAM is known to generate (execution roles, versions, aliases, implicit APIs), and
    flags more than 500. SAM generates more than slint models (permissions, stages,
    deployments), so the count is a lower bound.
    ## Why is this bad?
    CloudFormation rejects a template that declares more than 500 resources ("Number of
    resources … is greater than maximum allowed"); for SAM templates the limit applies after
    the transform.
    ## Example
    A SAM template with 260 functions and no `Role`: 520 resources once SAM adds a role each.
    ## Use instead
    Split the application into nested stacks or several stacks.
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
    """

    id = "SL010"
    name = "template-too-many-resources"
    aliases = ("template-resource-count",)
    severity = Severity.ERROR
    source_url = QUOTAS
    MAX_RESOURCES = 500
    messages = {
        "too_many": "The template declares {count} resources; CloudFormation allows {limit}",
        "too_many_generated": (
            "The template declares {declared} resources and SAM adds at least {generated} more ({count} in all); "
            "CloudFormation allows {limit}"
        ),
    }

    def check_template(self, template, ctx):
        declared = len(template.resources)
        if declared > self.MAX_RESOURCES:
            written = list(template.root.get("Resources") or ())
            if len(written) > self.MAX_RESOURCES:
                ctx.report_at(
                    ("Resources", written[self.MAX_RESOURCES]),
                    "too_many",
                    key=True,
                    count=declared,
                    limit=self.MAX_RESOURCES,
                )
            else:  # Fn::ForEach made most of them: the 501st generated one
                extra = list(template.resources.values())[self.MAX_RESOURCES]
                ctx.report(extra, "too_many", count=declared, limit=self.MAX_RESOURCES)
            return
        generated = {id(r) for r in ctx.graph.implicit.values() if r.logical_id not in template.resources}
        if declared + len(generated) > self.MAX_RESOURCES:
            ctx.report_at(
                ("Resources",),
                "too_many_generated",
                key=True,
                declared=declared,
                generated=len(generated),
                count=declared + len(generated),
                limit=self.MAX_RESOURCES,
            )
