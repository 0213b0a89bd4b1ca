from __future__ import annotations

from slint.rule import Rule, Severity

_URL_AUTH = "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"


class LambdaUrlPublic(Rule):
    """
    ## What it does
    Flags function URLs with `AuthType: NONE` (SAM `FunctionUrlConfig`, also from `Globals`, and
    `AWS::Lambda::Url`): a public endpoint that anyone can call without signing. For a plain
    CloudFormation `AWS::Lambda::Url` with `AuthType: NONE` it also checks that the template grants
    the public access: an `AWS::Lambda::Permission` for the function with `Principal: "*"` and
    `Action: lambda:InvokeFunctionUrl` (with `FunctionUrlAuthType: NONE`), and, for URLs created
    since October 2025, one with `Action: lambda:InvokeFunction`. SAM adds these permissions itself.
    ## Why is this bad?
    A public URL exposes the function to the internet with no authentication; prefer `AWS_IAM`, or
    put API Gateway or CloudFront in front. Without the resource-based permissions, every request
    to the URL gets 403.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        FunctionUrlConfig:
          AuthType: NONE
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        FunctionUrlConfig:
          AuthType: AWS_IAM
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
    """

    id = "SL620"
    name = "lambda-url-public"
    severity = Severity.WARNING
    resource_types = ("AWS::Serverless::Function", "AWS::Lambda::Url")
    source_url = _URL_AUTH
    PUBLIC_ACTIONS = ("lambda:InvokeFunctionUrl", "lambda:InvokeFunction")
    messages = {
        "public": "AuthType NONE makes the function URL public: anyone can invoke it without authentication",
        "missing_permission": (
            "AuthType NONE needs an AWS::Lambda::Permission with Principal '*' and Action {action} for function "
            "{function}; without it the URL answers 403"
        ),
    }

    def check_resource(self, resource, ctx):
        path = ("FunctionUrlConfig", "AuthType") if resource.type == "AWS::Serverless::Function" else ("AuthType",)
        public = [
            value for value in resource.each(*path) if isinstance(value.value, str) and value.value.upper() == "NONE"
        ]
        for value in public:
            ctx.report(value, "public")
        if not public or resource.type != "AWS::Lambda::Url":
            return
        function = ctx.graph.function_of(resource.get("TargetFunctionArn"))
        if function is None:
            return
        granted = self._public_actions(function, ctx)
        if granted is None:
            return
        for action in self.PUBLIC_ACTIONS:
            if action not in granted:
                ctx.report(public[0], "missing_permission", action=action, function=function.logical_id)

    def _public_actions(self, function, ctx) -> set[str] | None:
        """Of PUBLIC_ACTIONS, those granted to everyone on ``function``; None when a permission
        may be for it but names a function slint cannot identify."""
        permissions = ctx.graph.invoke_permissions(function)
        if permissions is None:
            return None
        return {
            action for action in self.PUBLIC_ACTIONS if any(p.allows("*") and p.grants(action) for p in permissions)
        }
