"""Small facts about AWS identifiers that several rules share."""

from __future__ import annotations

FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")

# Region codes of every partition (aws, aws-cn, aws-us-gov, the isolated and sovereign ones), as
# listed at https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html and in
# the region data cfn-lint ships (tests/test_regions.py checks they agree). A region not here is
# taken for a typo: add new Regions as AWS opens them.
REGIONS = frozenset({
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
    "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
    "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "cn-north-1", "cn-northwest-1", "eu-central-1",
    "eu-central-2", "eu-isoe-west-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
    "eusc-de-east-1", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1",
    "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1",
    "us-isob-west-1", "us-isof-east-1", "us-isof-south-1", "us-west-1", "us-west-2",
})  # fmt: skip


def arn_parts(text: object) -> list[str] | None:
    """``arn:partition:service:region:account:resource`` split in six, or None when not an ARN."""
    if not isinstance(text, str) or not text.startswith("arn:"):
        return None
    parts = text.split(":", 5)
    return parts if len(parts) == 6 else None


def arn_region(text: object) -> str | None:
    parts = arn_parts(text)
    return parts[3] or None if parts else None


def arn_service(text: object) -> str | None:
    parts = arn_parts(text)
    return parts[2] if parts else None
