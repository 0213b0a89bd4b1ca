"""The resource provider schemas cfn-lint ships, checked against a resource's properties after
SAM Globals are merged: what the schema-layer rules (SL020-SL025) report."""

from .validate import SCHEMA_DOCS, Violation, violations

__all__ = ["SCHEMA_DOCS", "Violation", "violations"]
