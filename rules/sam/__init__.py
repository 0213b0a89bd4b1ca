"""SAM-specific checks: Globals, AutoPublishAlias and gradual deployments (DeploymentPreference)."""
