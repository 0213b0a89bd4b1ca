"""Small facts about AWS identifiers that several rules share."""

from __future__ import annotations

FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")


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
