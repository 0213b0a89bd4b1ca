"""What the schema-layer rules share: one validation of each resource (slint.rule's
schema_violations), each rule reporting the violations of its own kind."""

from __future__ import annotations

from slint.rule import SCHEMA_DOCS, schema_violations

__all__ = ["SCHEMA_DOCS", "SchemaRule"]


class SchemaRule:
    """Mixin of the schema-layer rules: report the violations of one kind. The engine drops such
    a finding when a hand-written rule reports the same resource and property path."""

    kind = ""
    resource_types = ("*",)
    defers_to_specific_rules = True

    def check_resource(self, resource, ctx):
        for violation in schema_violations(resource, ctx.template):
            if violation.kind == self.kind:
                ctx.report(
                    violation.target, violation.message_id, resource=resource, type=resource.type, **violation.params
                )
