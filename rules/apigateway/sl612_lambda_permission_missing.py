from __future__ import annotations

from slint.rule import Rule, Severity

_URIS = {  # the property naming the invoked function, by integration type
    "AWS::ApiGateway::Method": ("Integration", "Uri"),
    "AWS::ApiGatewayV2::Integration": ("IntegrationUri",),
    "AWS::ApiGateway::Authorizer": ("AuthorizerUri",),
    "AWS::ApiGatewayV2::Authorizer": ("AuthorizerUri",),
}
_CREDENTIALS = {  # the role API Gateway assumes instead of a resource policy
    "AWS::ApiGateway::Method": ("Integration", "Credentials"),
    "AWS::ApiGatewayV2::Integration": ("CredentialsArn",),
    "AWS::ApiGateway::Authorizer": ("AuthorizerCredentials",),
    "AWS::ApiGatewayV2::Authorizer": ("AuthorizerCredentialsArn",),
}

_PRINCIPAL = "apigateway.amazonaws.com"
_INVOKE = "lambda:InvokeFunction"


class ApiLambdaPermission(Rule):
    """
    ## What it does
    Finds functions that CloudFormation API resources invoke without a resource-based permission:
    an `AWS::ApiGateway::Method` with an `AWS`/`AWS_PROXY` integration, an
    `AWS::ApiGatewayV2::Integration`, or an `AWS::ApiGateway::Authorizer` /
    `AWS::ApiGatewayV2::Authorizer` whose URI names a function of this template (SAM or plain
    Lambda), while no `AWS::Lambda::Permission` with principal `apigateway.amazonaws.com` names
    that function (directly, or through a version or alias). Integrations and authorizers with
    their own credentials (`Credentials`, `CredentialsArn`, `AuthorizerCredentials`,
    `AuthorizerCredentialsArn`) are skipped, and a permission whose function cannot be resolved
    silences the rule. SAM `Api`/`HttpApi` events and SAM authorizers are not checked: SAM adds
    their permissions.
    ## Why is this bad?
    Without the permission API Gateway cannot invoke the function and answers 500 (Internal
    server error) to every request. A warning: the permission may be granted outside the
    template.
    ## Example
    ```yaml
    Api:
      Type: AWS::ApiGateway::RestApi
      Properties: {Name: shop}
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
    Method:
      Type: AWS::ApiGateway::Method
      Properties:
        RestApiId: !Ref Api
        ResourceId: !GetAtt Api.RootResourceId
        HttpMethod: POST
        AuthorizationType: NONE
        Integration:
          Type: AWS_PROXY
          IntegrationHttpMethod: POST
          Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
    ```
    ## Use instead
    ```yaml
    Api:
      Type: AWS::ApiGateway::RestApi
      Properties: {Name: shop}
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
    Method:
      Type: AWS::ApiGateway::Method
      Properties:
        RestApiId: !Ref Api
        ResourceId: !GetAtt Api.RootResourceId
        HttpMethod: POST
        AuthorizationType: NONE
        Integration:
          Type: AWS_PROXY
          IntegrationHttpMethod: POST
          Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
    FnPermission:
      Type: AWS::Lambda::Permission
      Properties:
        Action: lambda:InvokeFunction
        FunctionName: !Ref Fn
        Principal: apigateway.amazonaws.com
        SourceArn: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*
    ```
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-permission.html
    """

    id = "SL612"
    name = "apigw-lambda-permission-missing"
    aliases = ("apigw-lambda-permission",)
    severity = Severity.WARNING
    resource_types = tuple(_URIS)
    source_url = "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html"
    messages = {
        "no_permission": (
            "{property} invokes function {function} but no AWS::Lambda::Permission lets {principal} invoke it; API "
            "Gateway answers 500 (Internal server error)"
        ),
    }

    def check_resource(self, resource, ctx):
        if resource.has(*_CREDENTIALS[resource.type]):
            return
        if resource.type == "AWS::ApiGateway::Method":
            kind = resource.get("Integration", "Type")
            if kind is None or kind.value not in ("AWS", "AWS_PROXY"):
                return
        uri = resource.get(*_URIS[resource.type])
        function = ctx.graph.function_in_uri(uri)
        if function is None:
            return
        permissions = ctx.graph.invoke_permissions(function)
        if permissions is not None and not any(p.allows(_PRINCIPAL) and p.grants(_INVOKE) for p in permissions):
            ctx.report(
                uri,
                "no_permission",
                property=".".join(_URIS[resource.type]),
                function=function.logical_id,
                principal=_PRINCIPAL,
            )
