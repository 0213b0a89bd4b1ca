from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import API_KEY_TYPES, USAGE_PLANS_URL, api_key_sites


class ApiKeyNotAuth(Rule):
    """
    ## What it does
    Flags methods that require an API key but have no authorizer: `AWS::ApiGateway::Method` with
    `ApiKeyRequired: true` and `AuthorizationType` NONE (or absent); SAM `Api` events of
    functions and state machines with `Auth.ApiKeyRequired: true` and neither an event
    `Auth.Authorizer` nor an API `Auth.DefaultAuthorizer` (or one of them NONE); SAM
    `AWS::Serverless::Api` (also `Globals.Api` and SAM's implicit API) with
    `Auth.ApiKeyRequired: true`, no `Auth.DefaultAuthorizer`, and an event that names no
    authorizer of its own.
    ## Why is this bad?
    API keys identify clients of usage plans; AWS advises not to use them for authentication or
    authorization. Keys travel in clear headers, are shared and long-lived, and anyone holding one
    can call the method.
    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        Auth:
          ApiKeyRequired: true
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Events:
          List: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /items, Method: get}}
    ```
    ## Use instead
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        Auth:
          ApiKeyRequired: true
          DefaultAuthorizer: AWS_IAM
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Events:
          List: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /items, Method: get}}
    ```
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
    """

    id = "SL608"
    name = "apigw-api-key-not-auth"
    severity = Severity.WARNING
    resource_types = API_KEY_TYPES
    include_implicit = True  # Globals.Api.Auth applies to SAM's ServerlessRestApi
    source_url = USAGE_PLANS_URL
    messages = {
        "no_authorizer": (
            "ApiKeyRequired is true but {reason}; API keys identify usage-plan clients, they do not authenticate or "
            "authorize callers"
        ),
    }

    def check_resource(self, resource, ctx):
        for site in api_key_sites(resource, ctx):
            if site.unauthorized is not None:
                ctx.report(site.required, "no_authorizer", reason=site.unauthorized)
