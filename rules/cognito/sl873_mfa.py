from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import USER_POOL


class CognitoMfa(Rule):
    """
    ## What it does
    Notes an `AWS::Cognito::UserPool` whose `MfaConfiguration` is `OFF` (written, or left out,
    which slint reads as `OFF`), and a pool with MFA `ON` or `OPTIONAL` whose `EnabledMfas` lists
    `SMS_MFA` without an `SmsConfiguration`. Both are hygiene notes (info): slint does not claim
    the deployment fails.
    ## Why is this bad?
    Without a second factor a leaked or guessed password is enough to take over an account.
    SMS codes are sent through Amazon SNS with the role in `SmsConfiguration`; without one,
    Cognito has no way to send them.
    ## Example
    ```yaml
    Pool:
      Type: AWS::Cognito::UserPool
      Properties:
        MfaConfiguration: "OFF"
    ```
    ## Use instead
    ```yaml
        MfaConfiguration: OPTIONAL
        EnabledMfas: [SOFTWARE_TOKEN_MFA]
    ```
    ## References
    - https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpool.html
    """

    id = "SL873"
    name = "cognito-mfa"
    severity = Severity.INFO
    resource_types = (USER_POOL,)
    source_url = "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html"
    messages = {
        "mfa_off": "MfaConfiguration is OFF{default}; consider OPTIONAL or ON so users can add a second factor",
        "sms_without_config": (
            "MfaConfiguration {value} enables SMS_MFA but the pool has no SmsConfiguration to send the codes with"
        ),
    }

    def check_resource(self, pool, ctx):
        if not pool.has("MfaConfiguration"):
            ctx.report(pool, "mfa_off", default=" (the default)")
            return
        for mfa in pool.each("MfaConfiguration"):
            if mfa.text == "OFF":
                ctx.report(mfa, "mfa_off", default="")
            elif mfa.text in ("ON", "OPTIONAL") and not pool.has("SmsConfiguration"):
                sms = [item for item in pool.items("EnabledMfas") or [] if item.value == "SMS_MFA"]
                if sms:
                    ctx.report(sms[0], "sms_without_config", value=mfa.text)
