from __future__ import annotations

from slint.rule import Rule, Severity, checks


class HttpApiUnsupported(Rule):
    """
    ## What it does
    Flags REST-only features configured on an HTTP API: a SAM `AWS::Serverless::HttpApi` custom
    domain whose `Domain.EndpointConfiguration` (also from `Globals.HttpApi`) is not REGIONAL, and
    `ApiKeyRequired: true` on an `AWS::ApiGatewayV2::Route` of an API whose `ProtocolType` is HTTP
    (API keys exist only for WebSocket and REST APIs). Caching and AWS WAF have no HTTP API
    properties to set, so they cannot be written by mistake.
    ## Why is this bad?
    HTTP APIs support only regional endpoints and no API keys or usage plans; the deployment
    fails.
    ## Example
    ```yaml
    HttpApi:
      Type: AWS::Serverless::HttpApi
      Properties:
        Domain:
          DomainName: api.example.com
          CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
          EndpointConfiguration: EDGE
    ```
    ## Use instead
    ```yaml
    Domain:
      DomainName: api.example.com
      CertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
      EndpointConfiguration: REGIONAL
    ```
    Use a REST API when you need edge-optimized or private endpoints, API keys or caching.
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-httpapi-httpapidomainconfiguration.html
    """

    id = "SL611"
    name = "apigw-http-api-unsupported"
    severity = Severity.ERROR
    include_implicit = True  # SAM's ServerlessRestApi/ServerlessHttpApi carry Globals too
    source_url = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html"
    messages = {
        "endpoint": (
            "Domain.EndpointConfiguration {value} is not available for HTTP APIs, which support only REGIONAL endpoints"
        ),
        "api_key": (
            "ApiKeyRequired is true on a route of HTTP API {api}; HTTP APIs do not support API keys or usage plans"
        ),
    }

    @checks("AWS::Serverless::HttpApi")
    def check_sam_http_api(self, resource, ctx):
        for endpoint in resource.each("Domain", "EndpointConfiguration"):
            if isinstance(endpoint.value, str) and endpoint.value.upper() != "REGIONAL":
                ctx.report(endpoint, "endpoint", value=endpoint.value)

    @checks("AWS::ApiGatewayV2::Route")
    def check_route(self, resource, ctx):
        api_value = resource.get("ApiId")
        api = ctx.graph.target(api_value) if api_value is not None else None
        protocol = api.get("ProtocolType") if api is not None and api.type == "AWS::ApiGatewayV2::Api" else None
        if protocol is None or protocol.value != "HTTP":
            return
        for required in resource.each("ApiKeyRequired"):
            if required.boolean:
                ctx.report(required, "api_key", api=api.logical_id)
