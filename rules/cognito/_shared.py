"""Helpers shared by the cognito rules."""

from __future__ import annotations

USER_POOL = "AWS::Cognito::UserPool"

TRIGGERS = (
    "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html"
)
