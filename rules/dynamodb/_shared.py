"""Helpers shared by the dynamodb rules."""

from __future__ import annotations

GLOBAL_TABLE_DOCS = (
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-globaltable.html"
)
TABLE_TYPES = ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")
