"""Helpers shared by the template rules."""

from __future__ import annotations

from slint.rule import Rule

QUOTAS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html"


def section_entry(template, section: str, index: int) -> tuple:
    """The path of the ``index``-th key of a top-level section (for "the 201st parameter")."""
    return (section, list(template.root[section])[index])


class SectionCount(Rule):
    """Shared check: a top-level section with more entries than CloudFormation accepts."""

    section = ""
    limit = 0

    def check_template(self, template, ctx):
        node = template.root.get(self.section)
        if isinstance(node, dict) and len(node) > self.limit:
            ctx.report_at(
                section_entry(template, self.section, self.limit),
                "too_many",
                key=True,
                count=len(node),
                section=self.section,
                limit=self.limit,
            )
