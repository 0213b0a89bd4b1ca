"""Cognito user pools and their Lambda triggers."""
