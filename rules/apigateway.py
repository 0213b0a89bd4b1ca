"""API Gateway: REST (v1) and HTTP/WebSocket (v2) APIs, SAM and CloudFormation."""

from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

from ._apis import endpoint_types
from ._certificates import check_certificate_region

_EDGE_REASON = "an edge-optimized custom domain uses a certificate in us-east-1"
_REGIONAL_REASON = "a regional custom domain uses a certificate in the API's own region"


class ApiDomainCertificateRegion(Rule):
    """
    ## What it does
    Checks the region of the ACM certificate of an API custom domain: an edge-optimized domain
    needs a certificate in us-east-1; a regional domain (and every HTTP API domain) needs one
    in the stack's region. Covers `AWS::ApiGateway::DomainName` (whose endpoint defaults to
    EDGE), SAM `Api`'s `Domain` (whose `EndpointConfiguration` defaults to REGIONAL), SAM
    `HttpApi`'s `Domain` and `AWS::ApiGatewayV2::DomainName`. It also flags the certificate
    property that does not match the endpoint type (`CertificateArn` for EDGE,
    `RegionalCertificateArn` for REGIONAL). A certificate created in the same stack lives in
    the stack's region; when that region is unknown (no `--region`, samconfig or `AWS_REGION`)
    the finding is only informational.
    ## Why is this bad?
    API Gateway rejects the domain name and the deployment fails.
    ## Example
    ```yaml
    Domain:
      Type: AWS::ApiGateway::DomainName
      Properties:
        DomainName: api.example.com
        CertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
    ```
    ## Use instead
    ```yaml
    Domain:
      Type: AWS::ApiGateway::DomainName
      Properties:
        DomainName: api.example.com
        CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
    ```
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains-prerequisites.html
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-edge-optimized-custom-domain-name.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-domainconfiguration.html
    """

    id = "SL601"
    name = "apigw-domain-cert-region"
    severity = Severity.ERROR
    resource_types = ("AWS::ApiGateway::DomainName", "AWS::Serverless::Api", "AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::DomainName")
    source_url = "https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains-prerequisites.html"
    messages = {
        "wrong_region": "{property} is a certificate in {cert_region}, not {required}: {reason}",
        "stack_region": "{property} refers to certificate {cert}, created by this stack in {region}, not {required}: {reason}",
        "stack_region_unknown": "{property} refers to certificate {cert}, created by this stack: {reason}, so the stack must deploy to {required} (region unknown; pass --region to check)",
        "wrong_property": "{present} is set but the endpoint type is {endpoint}; {endpoint} custom domains take {expected}",
    }

    def check_resource(self, resource, ctx):
        if resource.type == "AWS::ApiGateway::DomainName":
            self._rest_domain(resource, ctx)
        elif resource.type == "AWS::Serverless::Api":
            self._sam_domain(resource, ctx)
        elif resource.type == "AWS::Serverless::HttpApi":
            cert = resource.get("Domain", "CertificateArn")
            if cert is not None:
                check_certificate_region(ctx, cert, required=None, reason=_REGIONAL_REASON, prop="Domain.CertificateArn")
        else:
            for config in resource.items("DomainNameConfigurations") or []:
                if isinstance(config.value, dict) and "CertificateArn" in config.value:
                    cert = resource.template.resolver.located(config.value, "CertificateArn", resource)
                    check_certificate_region(ctx, cert, required=None, reason=_REGIONAL_REASON, prop="CertificateArn")

    def _rest_domain(self, domain, ctx):
        for types in domain.each("EndpointConfiguration", "Types"):
            if not isinstance(types.value, list) or len(types.value) != 1:
                continue
            endpoint = str(domain.template.resolver.value(types.value[0])).upper()
            edge_cert, regional_cert = domain.get("CertificateArn"), domain.get("RegionalCertificateArn")
            if endpoint == "EDGE":
                if edge_cert is not None:
                    check_certificate_region(ctx, edge_cert, required="us-east-1", reason=_EDGE_REASON, prop="CertificateArn")
                elif regional_cert is not None:
                    ctx.report(regional_cert, "wrong_property", present="RegionalCertificateArn", endpoint="EDGE", expected="CertificateArn")
            elif endpoint == "REGIONAL":
                if regional_cert is not None:
                    check_certificate_region(ctx, regional_cert, required=None, reason=_REGIONAL_REASON, prop="RegionalCertificateArn")
                elif edge_cert is not None:
                    ctx.report(edge_cert, "wrong_property", present="CertificateArn", endpoint="REGIONAL", expected="RegionalCertificateArn")

    def _sam_domain(self, api, ctx):
        cert = api.get("Domain", "CertificateArn")
        if cert is None:
            return
        for endpoint in api.each("Domain", "EndpointConfiguration"):
            if not isinstance(endpoint.value, str):
                continue
            if endpoint.value.upper() == "EDGE":
                check_certificate_region(ctx, cert, required="us-east-1", reason=_EDGE_REASON, prop="Domain.CertificateArn")
            elif endpoint.value.upper() == "REGIONAL":
                check_certificate_region(ctx, cert, required=None, reason=_REGIONAL_REASON, prop="Domain.CertificateArn")


_QUOTAS_URL = "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html"
_API_TRIGGERS = {"Api": "REST API", "HttpApi": "HTTP API", "WebSocket": "WebSocket API"}


class ApiLambdaTimeout(Rule):
    """
    ## What it does
    Compares the `Timeout` of each function behind an API with the API's integration timeout:
    29 seconds for a REST API (or the integration's `TimeoutInMillis`), 30 seconds for an HTTP
    API (or its `TimeoutInMillis`), 29 seconds for a WebSocket API. The function's triggers come
    from SAM `Api`/`HttpApi` events (explicit or implicit API) and from CloudFormation
    `AWS::ApiGateway::Method` (`AWS`/`AWS_PROXY` integrations) and
    `AWS::ApiGatewayV2::Integration` resources; `Timeout` is read after the Globals merge, from
    parameter defaults and from both branches of an `Fn::If`.
    ## Why is this bad?
    API Gateway stops waiting at the integration timeout and answers 504 while the function
    keeps running: the client sees an error, and the invocation still costs duration and holds
    concurrency.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 60
        Events:
          Get:
            Type: Api
            Properties: {Path: /, Method: get}
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 29
    ```
    For longer work, answer at once and continue asynchronously (SQS, Step Functions).
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
    - https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/
    """

    id = "SL602"
    name = "apigw-lambda-timeout"
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = _QUOTAS_URL
    DEFAULT_LIMIT_MS = {"Api": 29_000, "HttpApi": 30_000, "WebSocket": 29_000}
    messages = {
        "exceeds": "Timeout {value} s exceeds the {api} integration timeout of {limit} s ({event}); API Gateway answers 504 while the function keeps running",
    }

    def check_resource(self, function, ctx):
        limits = []  # (limit in ms, trigger)
        for trigger in ctx.graph.triggers(function):
            if trigger.kind not in self.DEFAULT_LIMIT_MS:
                continue
            configured = trigger.get("TimeoutInMillis")
            limit = configured.number if configured is not None and configured.number else self.DEFAULT_LIMIT_MS[trigger.kind]
            limits.append((limit, trigger))
        if not limits:
            return
        limit, trigger = min(limits, key=lambda pair: pair[0])
        for timeout in function.each("Timeout"):
            if timeout.number is not None and timeout.number * 1000 > limit:
                event = f"event {trigger.name}" if trigger.declared_by is function else trigger.name
                ctx.report(timeout, "exceeds", value=timeout.describe(), api=_API_TRIGGERS[trigger.kind], limit=_seconds(limit), event=event)


def _seconds(milliseconds) -> str:
    seconds = milliseconds / 1000
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"


class ApiIntegrationTimeoutRange(Rule):
    """
    ## What it does
    Checks integration `TimeoutInMillis`: REST (`AWS::ApiGateway::Method`
    `Integration.TimeoutInMillis`, SAM `Api` event `TimeoutInMillis`) must be 50–29,000 ms; above
    29,000 ms is an error for edge-optimized APIs and a warning for regional and private ones
    (allowed only after a Service Quotas increase). HTTP APIs (`AWS::ApiGatewayV2::Integration`,
    SAM `HttpApi` event `TimeoutInMillis`) accept 50–30,000 ms, WebSocket APIs 50–29,000 ms.
    ## Why is this bad?
    API Gateway rejects an out-of-range timeout and the deployment fails; a raised REST timeout
    without the quota increase fails the same way, and the increase may lower the account's
    throttle quota.
    ## Example
    ```yaml
    Integration:
      Type: AWS_PROXY
      TimeoutInMillis: 60000
    ```
    ## Use instead
    ```yaml
    Integration:
      Type: AWS_PROXY
      TimeoutInMillis: 29000
    ```
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
    - https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/
    """

    id = "SL603"
    name = "apigw-integration-timeout-range"
    severity = Severity.ERROR
    resource_types = ("AWS::ApiGateway::Method", "AWS::ApiGatewayV2::Integration", "AWS::Serverless::Function")
    source_url = _QUOTAS_URL
    MIN_MS = 50
    REST_MAX_MS = 29_000
    HTTP_MAX_MS = 30_000
    WEBSOCKET_MAX_MS = 29_000
    messages = {
        "too_short": "TimeoutInMillis {value} is below API Gateway's minimum of {limit} ms",
        "too_long": "TimeoutInMillis {value} exceeds the {api} maximum of {limit} ms",
        "needs_quota": "TimeoutInMillis {value} exceeds the REST API default of {limit} ms; a {endpoint} API needs an approved Service Quotas increase (which may lower the account throttle quota)",
    }

    def check_resource(self, resource, ctx):
        if resource.type == "AWS::ApiGateway::Method":
            api_value = resource.get("RestApiId")
            api = ctx.graph.target(api_value) if api_value is not None else None
            for timeout in resource.each("Integration", "TimeoutInMillis"):
                self._check_rest(timeout, api, ctx)
        elif resource.type == "AWS::ApiGatewayV2::Integration":
            api_value = resource.get("ApiId")
            api = ctx.graph.target(api_value) if api_value is not None else None
            protocol = api.get("ProtocolType") if api is not None and api.type == "AWS::ApiGatewayV2::Api" else None
            websocket = protocol is not None and protocol.value == "WEBSOCKET"
            maximum = self.WEBSOCKET_MAX_MS if websocket else self.HTTP_MAX_MS
            for timeout in resource.each("TimeoutInMillis"):
                self._check_range(timeout, maximum, "WebSocket API" if websocket else "HTTP API", ctx)
        else:
            for trigger in ctx.graph.triggers(resource):
                timeout = trigger.get("TimeoutInMillis") if trigger.declared_by is resource else None
                if timeout is None:
                    continue
                for option in timeout.possibilities():
                    if trigger.kind == "Api":
                        self._check_rest(option, trigger.source, ctx)
                    elif trigger.kind == "HttpApi":
                        self._check_range(option, self.HTTP_MAX_MS, "HTTP API", ctx)

    def _check_range(self, timeout, maximum, api, ctx) -> bool:
        """Report a timeout below the minimum or above ``maximum``; True when it is in range."""
        if timeout.number is None:
            return False
        if timeout.number < self.MIN_MS:
            ctx.report(timeout, "too_short", value=timeout.describe(), limit=self.MIN_MS)
        elif timeout.number > maximum:
            ctx.report(timeout, "too_long", value=timeout.describe(), api=api, limit=maximum)
        else:
            return True
        return False

    def _check_rest(self, timeout, api, ctx):
        if timeout.number is None or timeout.number <= self.REST_MAX_MS:
            self._check_range(timeout, self.REST_MAX_MS, "REST API", ctx)
            return
        endpoints = {kind for kind, _value in endpoint_types(api)} if api is not None else set()
        if "EDGE" in endpoints:
            ctx.report(timeout, "too_long", value=timeout.describe(), api="edge-optimized REST API", limit=self.REST_MAX_MS)
        else:
            endpoint = "/".join(sorted(endpoints)).lower() or "regional or private"
            ctx.report(timeout, "needs_quota", severity=Severity.WARNING, value=timeout.describe(), limit=self.REST_MAX_MS, endpoint=endpoint)
