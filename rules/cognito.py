"""Cognito user pools and their Lambda triggers."""

from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

USER_POOL = "AWS::Cognito::UserPool"
COGNITO_PRINCIPAL = "cognito-idp.amazonaws.com"

_TRIGGERS = "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html"
# Custom sender triggers run asynchronously, outside Cognito's synchronous 5-second wait.
CUSTOM_SENDERS = ("CustomEmailSender", "CustomSMSSender")


class CognitoTriggerTimeout(Rule):
    """
    ## What it does
    Flags a function used as a Cognito user pool trigger (SAM `Cognito` event, or
    `LambdaConfig` of an `AWS::Cognito::UserPool` in this template; custom sender triggers
    excepted) whose `Timeout`, after SAM merges `Globals`, is above 5 seconds.
    ## Why is this bad?
    Cognito waits 5 seconds for a trigger and retries up to three times; the wait cannot be
    changed, so a longer timeout only lets the function keep running after Cognito has failed
    the request.
    ## Example
    ```yaml
    PreSignUp:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 30
        Events:
          Pool: {Type: Cognito, Properties: {UserPool: !Ref Pool, Trigger: PreSignUp}}
    ```
    ## Use instead
    ```yaml
        Timeout: 5
    ```
    ## References
    - https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
    """

    id = "SL870"
    name = "cognito-trigger-timeout"
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = _TRIGGERS
    MAX_SECONDS = 5
    messages = {"too_long": "Timeout {value} is longer than the {limit} seconds Cognito waits for a trigger ({trigger})"}

    def check_resource(self, function, ctx):
        names = []
        for trigger in ctx.graph.triggers(function, kind="Cognito"):
            pool = f" of {trigger.source.logical_id}" if trigger.source is not None else ""
            names.extend(f"{name}{pool}" for name in _trigger_names(trigger) if name not in CUSTOM_SENDERS)
        if not names:
            return
        names = ", ".join(dict.fromkeys(names))
        for timeout in function.each("Timeout"):
            if timeout.number is not None and timeout.number > self.MAX_SECONDS:
                ctx.report(timeout, "too_long", value=timeout.describe(), limit=self.MAX_SECONDS, trigger=names)


def _trigger_names(trigger) -> list[str]:
    """The Cognito trigger names: SAM's `Trigger` (one or a list), else the LambdaConfig key."""
    if trigger.declared_by is not trigger.function:
        return [trigger.name]
    value = trigger.get("Trigger")
    names = value.value if value is not None else None
    names = [names] if isinstance(names, str) else names
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else [trigger.name]


class CognitoTriggerPermission(Rule):
    """
    ## What it does
    For each function named in the `LambdaConfig` of an `AWS::Cognito::UserPool` (custom sender
    triggers included), looks for an `AWS::Lambda::Permission` on that function with principal
    `cognito-idp.amazonaws.com` whose `SourceArn`, when set, is this user pool. A SAM `Cognito`
    event on the function for the same pool needs none: SAM adds the permission. A permission
    whose function or principal slint cannot resolve counts as a match.
    ## Why is this bad?
    Cognito invokes a trigger with its own service principal. Without a resource-based
    permission the deployment succeeds, but every sign-up, sign-in or message that runs the
    trigger fails with "… invocation failed due to error AccessDeniedException".
    ## Example
    ```yaml
    Pool:
      Type: AWS::Cognito::UserPool
      Properties:
        LambdaConfig:
          PreSignUp: !GetAtt PreSignUp.Arn
    ```
    ## Use instead
    ```yaml
    PreSignUpPermission:
      Type: AWS::Lambda::Permission
      Properties:
        Action: lambda:InvokeFunction
        FunctionName: !GetAtt PreSignUp.Arn
        Principal: cognito-idp.amazonaws.com
        SourceArn: !GetAtt Pool.Arn
    ```
    ## References
    - https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html
    - https://repost.aws/knowledge-center/cognito-lambda-trigger-errors
    """

    id = "SL871"
    name = "cognito-trigger-permission"
    severity = Severity.WARNING
    resource_types = (USER_POOL,)
    source_url = _TRIGGERS
    messages = {
        "missing_permission": "No AWS::Lambda::Permission lets {principal} invoke {function} ({trigger}); Cognito fails the request with AccessDeniedException",
    }

    def check_resource(self, pool, ctx):
        graph = ctx.graph
        reported = set()
        for trigger in graph.triggers_from(pool, kind="Cognito"):
            function = trigger.function
            if trigger.declared_by is not pool or function.logical_id in reported:
                continue
            reported.add(function.logical_id)
            sam_event = any(t.declared_by is function and t.source is pool for t in graph.triggers(function, kind="Cognito"))
            if sam_event or _may_allow_cognito(function, pool, ctx):
                continue
            names = [t.name for t in graph.triggers_from(pool, kind="Cognito") if t.function is function and t.declared_by is pool]
            ctx.report(trigger.properties or pool, "missing_permission", principal=COGNITO_PRINCIPAL, function=function.logical_id, trigger=", ".join(names))


def _may_allow_cognito(function, pool, ctx) -> bool:
    """True when a Lambda permission in the template may let this pool invoke ``function``: one
    naming the function (directly or through a version/alias), or one slint cannot place."""
    graph = ctx.graph
    for permission in ctx.template.resources_of("AWS::Lambda::Permission"):
        name = permission.get("FunctionName")
        if name is None:
            continue
        target = graph.function_of(name)
        if target is not function and (target is not None or name.known and not _names_function(name.text, function)):
            continue
        principal = permission.get("Principal")
        if principal is not None and principal.known and principal.value not in (COGNITO_PRINCIPAL, "*"):
            continue
        source = permission.get("SourceArn")
        named = graph.target(source) if source is not None else None
        if named is None or named is pool:
            return True
    return False


def _names_function(text: str | None, function) -> bool:
    """True when a literal function name or ARN is ``function``'s known ``FunctionName``."""
    own = function.get("FunctionName")
    if text is None or own is None or own.text is None:
        return False
    return text == own.text or text.endswith(f":function:{own.text}")


class CognitoPasswordPolicy(Rule):
    """
    ## What it does
    Checks `Policies.PasswordPolicy` of an `AWS::Cognito::UserPool`: `MinimumLength` outside
    6–99 is an error; a `MinimumLength` below 8, or any of `RequireLowercase`,
    `RequireNumbers`, `RequireSymbols` and `RequireUppercase` set to false, is a warning (one
    finding naming every relaxed requirement). Values from parameter defaults and both branches
    of an `Fn::If` are checked; a requirement left out is not judged.
    ## Why is this bad?
    Cognito rejects a minimum length outside 6–99 and the stack fails. Cognito's own default
    policy asks for 8 characters with all four character classes; a weaker policy makes
    guessed and reused passwords easier to use against the pool.
    ## Example
    ```yaml
    Pool:
      Type: AWS::Cognito::UserPool
      Properties:
        Policies:
          PasswordPolicy: {MinimumLength: 4, RequireSymbols: false}
    ```
    ## Use instead
    ```yaml
          PasswordPolicy: {MinimumLength: 12, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, RequireUppercase: true}
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-passwordpolicy.html
    """

    id = "SL872"
    name = "cognito-password-policy"
    severity = Severity.ERROR
    resource_types = (USER_POOL,)
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-passwordpolicy.html"
    MIN_LENGTH = 6
    MAX_LENGTH = 99
    RECOMMENDED_LENGTH = 8  # Cognito's default policy
    REQUIREMENTS = ("RequireLowercase", "RequireNumbers", "RequireSymbols", "RequireUppercase")
    messages = {
        "length_out_of_range": "PasswordPolicy.MinimumLength {value} is outside the {minimum}-{maximum} Cognito accepts",
        "short_length": "PasswordPolicy.MinimumLength {value} is below {recommended}, the length of Cognito's default policy",
        "relaxed": "PasswordPolicy sets {requirements} to false; Cognito's default policy requires all four character classes",
    }

    def check_resource(self, pool, ctx):
        policy = ("Policies", "PasswordPolicy")
        for length in pool.each(*policy, "MinimumLength"):
            number = length.number
            if number is None:
                continue
            if not self.MIN_LENGTH <= number <= self.MAX_LENGTH:
                ctx.report(length, "length_out_of_range", value=length.describe(), minimum=self.MIN_LENGTH, maximum=self.MAX_LENGTH)
            elif number < self.RECOMMENDED_LENGTH:
                ctx.report(length, "short_length", severity=Severity.WARNING, value=length.describe(), recommended=self.RECOMMENDED_LENGTH)
        relaxed = [(name, value) for name in self.REQUIREMENTS for value in pool.each(*policy, name) if value.boolean is False]
        if relaxed:
            names = ", ".join(dict.fromkeys(name for name, _ in relaxed))
            ctx.report(relaxed[0][1], "relaxed", severity=Severity.WARNING, requirements=names)


class CognitoMfa(Rule):
    """
    ## What it does
    Notes an `AWS::Cognito::UserPool` whose `MfaConfiguration` is `OFF` (written, or left out,
    which slint reads as `OFF`; that default was not re-verified), and a pool with MFA `ON` or `OPTIONAL` whose `EnabledMfas` lists
    `SMS_MFA` without an `SmsConfiguration`. Both are hygiene notes (info): the MFA
    recommendation comes from study notes, and the SMS requirement was not re-verified against
    the current documentation, so slint does not claim the deployment fails.
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
        "sms_without_config": "MfaConfiguration {value} enables SMS_MFA but the pool has no SmsConfiguration to send the codes with",
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
