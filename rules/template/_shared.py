"""Helpers shared by the template rules."""

from __future__ import annotations

from slint.nodes import key_span
from slint.rule import Rule


class Located:
    """A parser diagnostic as something the engine can place (span + path)."""

    __slots__ = ("span", "path")

    def __init__(self, span, path):
        self.span = span
        self.path = path


QUOTAS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html"


def section_entry(template, section: str, index: int) -> Located | None:
    """The ``index``-th key of a top-level section, located (for "the 201st parameter")."""
    node = template.root.get(section)
    if not isinstance(node, dict) or index >= len(node):
        return None
    name = list(node)[index]
    return Located(key_span(node, name), (section, name))


class SectionCount(Rule):
    """Shared check: a top-level section with more entries than CloudFormation accepts."""

    section = ""
    limit = 0

    def check_template(self, template, ctx):
        node = template.root.get(self.section)
        if isinstance(node, dict) and len(node) > self.limit:
            ctx.report(section_entry(template, self.section, self.limit), "too_many", count=len(node), section=self.section, limit=self.limit)
