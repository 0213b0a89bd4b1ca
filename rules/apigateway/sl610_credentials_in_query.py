from __future__ import annotations

from slint.rule import Rule, Severity, checks

from .._apis import setting


class ApiCredentialsInQuery(Rule):
    """
    ## What it does
    Flags API parameters that take a credential from the query string: a name containing
    `token`, `apikey`/`api_key`, `password`, `secret` or `signature`, or named `auth` or
    `authorization`, in a Lambda authorizer's identity source (`AWS::ApiGateway::Authorizer`
    `IdentitySource` `method.request.querystring.<name>`, `AWS::ApiGatewayV2::Authorizer`
    `$request.querystring.<name>`/`route.request.querystring.<name>`, SAM `Api`/`HttpApi`
    `Auth.Authorizers.<name>.Identity.QueryStrings`, also from Globals and on SAM's implicit APIs)
    or in method request parameters (`AWS::ApiGateway::Method` `RequestParameters`, SAM function
    `Api` event `RequestParameters`; a SAM state machine's `Api` event has no request parameters,
    and its authorizers are the API's, checked there).
    ## Why is this bad?
    Query strings are written to access logs, browser history, proxies and `Referer` headers, so a
    credential in the URL leaks where a header would not. A best practice, so findings are
    informational.
    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        Auth:
          DefaultAuthorizer: LambdaAuth
          Authorizers:
            LambdaAuth:
              FunctionArn: !GetAtt AuthFn.Arn
              FunctionPayloadType: REQUEST
              Identity:
                QueryStrings: [token]
    AuthFn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: auth/
        Handler: app.handler
        Runtime: python3.13
    ```
    ## Use instead
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        Auth:
          DefaultAuthorizer: LambdaAuth
          Authorizers:
            LambdaAuth:
              FunctionArn: !GetAtt AuthFn.Arn
              FunctionPayloadType: REQUEST
              Identity:
                Headers: [Authorization]
    AuthFn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: auth/
        Handler: app.handler
        Runtime: python3.13
    ```
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
    """

    id = "SL610"
    name = "apigw-credentials-in-query"
    severity = Severity.INFO
    resource_types = (
        "AWS::ApiGateway::Authorizer", "AWS::ApiGatewayV2::Authorizer", "AWS::ApiGateway::Method",
        "AWS::Serverless::Api", "AWS::Serverless::HttpApi", "AWS::Serverless::Function",
    )  # fmt: skip
    include_implicit = True  # Globals.Api/HttpApi authorizers apply to SAM's implicit APIs
    source_url = "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html"
    QUERY_PREFIXES = ("method.request.querystring.", "$request.querystring.", "route.request.querystring.")
    CREDENTIAL_MARKERS = ("token", "apikey", "password", "secret", "signature")
    AUTH_NAMES = ("auth", "authorization")
    messages = {
        "query_credential": (
            "{property} takes '{name}' from the query string; URLs end up in access logs, browser history and proxies, "
            "so send credentials in a header"
        ),
    }

    @checks("AWS::ApiGateway::Authorizer")
    def check_rest_authorizer(self, resource, ctx):
        for source in resource.each("IdentitySource"):
            for part in (source.text or "").split(","):
                self._check_parameter(source, part.strip(), "IdentitySource", ctx)

    @checks("AWS::ApiGatewayV2::Authorizer")
    def check_http_authorizer(self, resource, ctx):
        for source in resource.items("IdentitySource") or []:
            self._check_parameter(source, source.text or "", "IdentitySource", ctx)

    @checks("AWS::ApiGateway::Method")
    def check_rest_method(self, resource, ctx):
        parameters = resource.get("RequestParameters")
        for key in parameters.value if parameters is not None and isinstance(parameters.value, dict) else ():
            self._check_parameter(setting(resource, parameters, key), key, "RequestParameters", ctx)

    @checks("AWS::Serverless::Function")
    def check_sam_function(self, resource, ctx):
        for trigger in ctx.graph.triggers(resource, kind="Api"):
            parameters = (
                resource.items("Events", trigger.name, "Properties", "RequestParameters")
                if trigger.declared_by is resource
                else None
            )
            for item in parameters or []:
                names = (
                    [item.value]
                    if isinstance(item.value, str)
                    else list(item.value)
                    if isinstance(item.value, dict)
                    else []
                )
                for name in names:
                    self._check_parameter(item, name, "RequestParameters", ctx)

    @checks("AWS::Serverless::Api", "AWS::Serverless::HttpApi")
    def check_sam_api(self, resource, ctx):
        authorizers = resource.get("Auth", "Authorizers")
        for name in authorizers.value if authorizers is not None and isinstance(authorizers.value, dict) else ():
            for query in resource.items("Auth", "Authorizers", name, "Identity", "QueryStrings") or []:
                if query.text and self._is_credential(query.text):
                    ctx.report(
                        query, "query_credential", property=f"Authorizer {name} Identity.QueryStrings", name=query.text
                    )

    def _check_parameter(self, value, parameter, prop, ctx):
        prefix = next((p for p in self.QUERY_PREFIXES if parameter.startswith(p)), None)
        if value is not None and prefix is not None and self._is_credential(parameter[len(prefix) :]):
            ctx.report(value, "query_credential", property=prop, name=parameter[len(prefix) :])

    def _is_credential(self, name: str) -> bool:
        normalized = name.lower().replace("-", "").replace("_", "")
        return normalized in self.AUTH_NAMES or any(marker in normalized for marker in self.CREDENTIAL_MARKERS)
