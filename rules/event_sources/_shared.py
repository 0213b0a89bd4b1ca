"""Helpers shared by the event sources rules."""

from __future__ import annotations

SQS_CONFIGURE = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html"

TABLE_TYPES = ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")
WINDOW = "MaximumBatchingWindowInSeconds"


def _origin(value) -> str:
    """Where a compared value came from, for messages that name two values."""
    if value.is_default:
        return " (default)"
    if value.from_globals:
        return " (from Globals)"
    return f" (from {value.via})" if value.via else ""
