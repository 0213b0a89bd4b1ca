from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import deployment_preference

_GRADUAL_URL = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/automating-updates-to-serverless-apps.html"


class SamDeploymentAlarms(Rule):
    """
    ## What it does
    Flags a gradual SAM `DeploymentPreference` (any `Type` other than `AllAtOnce`, Globals
    merged) without `Alarms`.
    ## Why is this bad?
    CodeDeploy rolls a canary or linear deployment back automatically only when one of the
    listed CloudWatch alarms fires (or a hook fails); without alarms a faulty version shifts to
    100 % of traffic unless someone stops it.
    ## Example
    ```yaml
    DeploymentPreference:
      Type: Canary10Percent5Minutes
    ```
    ## Use instead
    ```yaml
    DeploymentPreference:
      Type: Canary10Percent5Minutes
      Alarms:
        - !Ref ErrorsAlarm
    ```
    ## References
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deploymentpreference.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/automating-updates-to-serverless-apps.html
    """

    id = "SL505"
    name = "sam-deployment-alarms-missing"
    aliases = ("sam-deployment-alarms",)
    severity = Severity.INFO
    resource_types = ("AWS::Serverless::Function",)
    source_url = _GRADUAL_URL
    messages = {
        "no_alarms": (
            "DeploymentPreference.Type {value} shifts traffic gradually but lists no Alarms, so CodeDeploy cannot roll "
            "back automatically"
        )
    }

    def check_resource(self, function, ctx):
        if deployment_preference(function) is None or function.items("DeploymentPreference", "Alarms") != []:
            return  # alarms listed, or not knowable
        for kind in function.each("DeploymentPreference", "Type"):
            if kind.text is not None and kind.text != "AllAtOnce" and not kind.text.endswith(".LambdaAllAtOnce"):
                ctx.report(kind, "no_alarms", value=kind.text)
