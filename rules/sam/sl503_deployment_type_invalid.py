from __future__ import annotations

import difflib

from slint.rule import Message, Rule, Severity

from ._shared import DEPLOY_URL, deployment_preference

# The traffic-shifting types SAM expands to CodeDeploy's predefined Lambda configurations.
PREDEFINED_DEPLOYMENT_TYPES = (
    "Canary10Percent5Minutes",
    "Canary10Percent10Minutes",
    "Canary10Percent15Minutes",
    "Canary10Percent30Minutes",
    "Linear10PercentEvery1Minute",
    "Linear10PercentEvery2Minutes",
    "Linear10PercentEvery3Minutes",
    "Linear10PercentEvery10Minutes",
    "AllAtOnce",
)
_CODEDEPLOY_DEFAULT_PREFIX = "CodeDeployDefault.Lambda"


def _is_default_config(text: str) -> bool:
    return (
        text.startswith(_CODEDEPLOY_DEFAULT_PREFIX)
        and text[len(_CODEDEPLOY_DEFAULT_PREFIX) :] in PREDEFINED_DEPLOYMENT_TYPES
    )


def _closest_type(text: str) -> str | None:
    lowered = {name.lower(): name for name in PREDEFINED_DEPLOYMENT_TYPES}
    if text.lower() in lowered:
        return lowered[text.lower()]
    matches = difflib.get_close_matches(text.lower(), list(lowered), n=1, cutoff=0.85)
    return lowered[matches[0]] if matches else None


class SamDeploymentPreferenceType(Rule):
    """
    ## What it does
    Checks `DeploymentPreference.Type` of SAM functions (Globals merged). SAM knows nine
    predefined types (`Canary10Percent5Minutes`, `Canary10Percent10Minutes`,
    `Canary10Percent15Minutes`, `Canary10Percent30Minutes`, `Linear10PercentEvery1Minute`,
    `Linear10PercentEvery2Minutes`, `Linear10PercentEvery3Minutes`,
    `Linear10PercentEvery10Minutes`, `AllAtOnce`); anything else is passed to CodeDeploy as the
    name of a custom deployment configuration. A value that differs from a predefined type only
    by case or a typo is an error; any other name is reported for information, since it may be a
    custom configuration that exists in the account. An enabled preference without `Type` is an
    error. References to an in-template `AWS::CodeDeploy::DeploymentConfig` are fine.
    ## Why is this bad?
    SAM rejects a preference without `Type`; CodeDeploy fails the deployment when the named
    configuration does not exist.
    ## Example
    ```yaml
    DeploymentPreference:
      Type: Canary10Percent5Minute
    ```
    ## Use instead
    ```yaml
    DeploymentPreference:
      Type: Canary10Percent5Minutes
    ```
    ## References
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deploymentpreference.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/automating-updates-to-serverless-apps.html
    """

    id = "SL503"
    name = "sam-deployment-type-invalid"
    aliases = ("sam-deploymentpreference-type",)
    severity = Severity.ERROR
    resource_types = ("AWS::Serverless::Function",)
    source_url = DEPLOY_URL
    messages = {
        "missing_type": "DeploymentPreference has no Type; SAM requires one of: {types}",
        "misspelled": "DeploymentPreference.Type '{value}' is not a predefined type; did you mean '{suggestion}'?",
        "custom": Message(
            "DeploymentPreference.Type '{value}' is not one of SAM's predefined types; it must name a CodeDeploy "
            "deployment configuration that exists in the account",
            Severity.INFO,
        ),
    }

    def check_resource(self, function, ctx):
        preference = deployment_preference(function)
        if preference is None:
            return
        if not function.has("DeploymentPreference", "Type"):
            ctx.report(preference, "missing_type", types=", ".join(PREDEFINED_DEPLOYMENT_TYPES))
            return
        for kind in function.each("DeploymentPreference", "Type"):
            text = kind.text
            if text is None or text in PREDEFINED_DEPLOYMENT_TYPES or _is_default_config(text):
                continue
            suggestion = _closest_type(text)
            if suggestion is not None:
                ctx.report(kind, "misspelled", value=text, suggestion=suggestion)
            else:
                ctx.report(kind, "custom", value=text)
