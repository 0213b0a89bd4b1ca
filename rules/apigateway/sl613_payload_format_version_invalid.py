from __future__ import annotations

from slint.rule import Rule, Severity

INTEGRATION = "AWS::ApiGatewayV2::Integration"
HTTP_API = "AWS::ApiGatewayV2::Api"
LAMBDA_PROXY = "AWS_PROXY"
LAMBDA_PROXY_VERSIONS = ("1.0", "2.0")
OTHER_VERSIONS = ("1.0",)
_SOURCE = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apigatewayv2-apigatewaymanagedoverrides-integrationoverrides.html"


def _version_text(value) -> str | None:
    """The version as CloudFormation passes it: YAML reads an unquoted 2.0 as a number."""
    if isinstance(value.value, str):
        return value.value
    if isinstance(value.value, float):
        return repr(value.value)
    return None  # an integer (2) is not a documented spelling; left alone


class PayloadFormatVersionInvalid(Rule):
    """
    ## What it does
    Checks `PayloadFormatVersion` of each `AWS::ApiGatewayV2::Integration` of an HTTP API in
    this template (`ProtocolType: HTTP`): a Lambda proxy integration (`IntegrationType:
    AWS_PROXY`) takes `1.0` or `2.0`, every other integration only `1.0`. WebSocket APIs and APIs
    outside the template are skipped.
    ## Why is this bad?
    API Gateway supports no other payload format for the integration, and the deployment fails.
    ## Example
    ```yaml
    HttpApi:
      Type: AWS::ApiGatewayV2::Api
      Properties:
        Name: shop
        ProtocolType: HTTP
    Proxy:
      Type: AWS::ApiGatewayV2::Integration
      Properties:
        ApiId: !Ref HttpApi
        IntegrationType: HTTP_PROXY
        IntegrationMethod: GET
        IntegrationUri: https://example.com
        PayloadFormatVersion: "2.0"
    ```
    ## Use instead
    ```yaml
    HttpApi:
      Type: AWS::ApiGatewayV2::Api
      Properties:
        Name: shop
        ProtocolType: HTTP
    Proxy:
      Type: AWS::ApiGatewayV2::Integration
      Properties:
        ApiId: !Ref HttpApi
        IntegrationType: HTTP_PROXY
        IntegrationMethod: GET
        IntegrationUri: https://example.com
        PayloadFormatVersion: "1.0"
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apigatewayv2-apigatewaymanagedoverrides-integrationoverrides.html
    """

    id = "SL613"
    name = "apigw-payload-format-version-invalid"
    severity = Severity.ERROR
    resource_types = (INTEGRATION,)
    source_url = _SOURCE
    messages = {
        "lambda_proxy": "PayloadFormatVersion {version} is not supported for a Lambda proxy integration of an HTTP API; use 1.0 or 2.0",
        "other": "PayloadFormatVersion {version} is not supported for an {kind} integration of an HTTP API; only 1.0 is",
    }

    def check_resource(self, integration, ctx):
        api_value = integration.get("ApiId")
        api = ctx.graph.target(api_value) if api_value is not None else None
        if api is None or api.type != HTTP_API:
            return
        protocol = api.get("ProtocolType")
        if protocol is None or protocol.value != "HTTP":
            return
        kind = integration.get("IntegrationType")
        if kind is None or kind.text is None:
            return
        for version in integration.each("PayloadFormatVersion"):
            text = _version_text(version)
            if text is None:
                continue
            if kind.text == LAMBDA_PROXY and text not in LAMBDA_PROXY_VERSIONS:
                ctx.report(version, "lambda_proxy", version=text)
            elif kind.text != LAMBDA_PROXY and text not in OTHER_VERSIONS:
                ctx.report(version, "other", version=text, kind=kind.text)
