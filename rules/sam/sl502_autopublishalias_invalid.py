from __future__ import annotations

import re

from slint.rule import Rule, Severity

from ._shared import DEPLOY_URL, deployment_preference


class SamAutoPublishAlias(Rule):
    """
    ## What it does
    Checks `AutoPublishAlias` on SAM functions (Globals merged): an enabled `DeploymentPreference`
    or a `ProvisionedConcurrencyConfig` requires it, and its name must contain only letters,
    digits, `-` and `_` and must not be all digits (so not `$LATEST` nor `1`).
    ## Why is this bad?
    The SAM transform rejects the function ("'DeploymentPreference' requires AutoPublishAlias
    property to be specified", "To set ProvisionedConcurrencyConfig AutoPublishAlias must be
    defined") or the alias name, and nothing is deployed.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        DeploymentPreference:
          Type: Canary10Percent5Minutes
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        AutoPublishAlias: live
        DeploymentPreference:
          Type: Canary10Percent5Minutes
    ```
    ## References
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-deploymentpreference.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
    """

    id = "SL502"
    name = "sam-autopublishalias-invalid"
    aliases = ("sam-autopublishalias",)
    severity = Severity.ERROR
    resource_types = ("AWS::Serverless::Function",)
    source_url = DEPLOY_URL
    ALIAS_NAME = re.compile(r"(?!^[0-9]+$)[a-zA-Z0-9_-]+$")
    messages = {
        "missing_for_deployment": (
            "DeploymentPreference requires AutoPublishAlias on the function; SAM rejects the template without it"
        ),
        "missing_for_provisioned": (
            "ProvisionedConcurrencyConfig requires AutoPublishAlias on the function; SAM rejects the template without "
            "it"
        ),
        "bad_name": "AutoPublishAlias '{value}' must contain only letters, digits, '-' or '_' and not be all digits",
    }

    def check_resource(self, function, ctx):
        alias = function.get("AutoPublishAlias")
        if alias is None or alias.value is None:
            preference = deployment_preference(function)
            if preference is not None:
                ctx.report(preference, "missing_for_deployment")
            provisioned = function.get("ProvisionedConcurrencyConfig")
            if provisioned is not None and provisioned.value is not None:
                ctx.report(provisioned, "missing_for_provisioned")
            return
        for name in function.each("AutoPublishAlias"):
            if isinstance(name.value, str) and not self.ALIAS_NAME.match(name.value):
                ctx.report(name, "bad_name", value=name.describe())
