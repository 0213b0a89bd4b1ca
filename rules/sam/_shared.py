"""Helpers shared by the sam rules."""

from __future__ import annotations

from slint.rule import Value

DEPLOY_URL = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deploymentpreference.html"


def deployment_preference(function) -> Value | None:
    """The function's DeploymentPreference (Globals merged) when it is enabled, else None."""
    preference = function.get("DeploymentPreference")
    if preference is None or not isinstance(preference.value, dict):
        return None
    enabled = function.get("DeploymentPreference", "Enabled")
    if enabled is not None and enabled.boolean is False:
        return None
    return preference
