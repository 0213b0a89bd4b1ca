from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import TRIGGERS, USER_POOL

COGNITO_PRINCIPAL = "cognito-idp.amazonaws.com"


def _may_allow_cognito(function, pool, ctx) -> bool:
    """True when a Lambda permission in the template may let this pool invoke ``function``."""
    permissions = ctx.graph.invoke_permissions(function)
    if permissions is None:
        return True  # a permission for a function slint cannot identify may be this one
    for permission in permissions:
        if permission.allows(COGNITO_PRINCIPAL) and permission.grants("lambda:InvokeFunction"):
            named = ctx.graph.target(permission.source) if permission.source is not None else None
            if named is None or named is pool:
                return True
    return False


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
    PreSignUp:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
    Pool:
      Type: AWS::Cognito::UserPool
      Properties:
        LambdaConfig:
          PreSignUp: !GetAtt PreSignUp.Arn
    ```
    ## Use instead
    ```yaml
    PreSignUp:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
    Pool:
      Type: AWS::Cognito::UserPool
      Properties:
        LambdaConfig:
          PreSignUp: !GetAtt PreSignUp.Arn
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
    name = "cognito-trigger-permission-missing"
    aliases = ("cognito-trigger-permission",)
    severity = Severity.WARNING
    resource_types = (USER_POOL,)
    source_url = TRIGGERS
    messages = {
        "missing_permission": (
            "No AWS::Lambda::Permission lets {principal} invoke {function} ({trigger}); Cognito fails the request with "
            "AccessDeniedException"
        ),
    }

    def check_resource(self, pool, ctx):
        graph = ctx.graph
        reported = set()
        for trigger in graph.triggers_from(pool, kind="Cognito"):
            function = trigger.function
            if trigger.declared_by is not pool or function.logical_id in reported:
                continue
            reported.add(function.logical_id)
            sam_event = any(
                t.declared_by is function and t.source is pool for t in graph.triggers(function, kind="Cognito")
            )
            if sam_event or _may_allow_cognito(function, pool, ctx):
                continue
            names = [
                t.name
                for t in graph.triggers_from(pool, kind="Cognito")
                if t.function is function and t.declared_by is pool
            ]
            ctx.report(
                trigger.properties or pool,
                "missing_permission",
                principal=COGNITO_PRINCIPAL,
                function=function.logical_id,
                trigger=", ".join(names),
            )
