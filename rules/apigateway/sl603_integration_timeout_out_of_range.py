from __future__ import annotations

from slint.rule import Message, Rule, Severity, checks

from .._apis import endpoint_types
from ._shared import QUOTAS_URL


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
    ## Fix safety
    Unsafe: the fix sets `TimeoutInMillis` to the API's minimum or maximum where the value is written (the resource, `Globals` or a
    parameter's `Default`); requests that took longer now time out. A REST API
    timeout that needs a quota increase has no fix (the increase may be the answer).

    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
    - https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/
    """

    id = "SL603"
    name = "apigw-integration-timeout-out-of-range"
    aliases = ("apigw-integration-timeout-range",)
    severity = Severity.ERROR
    resource_types = ("AWS::ApiGateway::Method", "AWS::ApiGatewayV2::Integration", "AWS::Serverless::Function")
    source_url = QUOTAS_URL
    fix_safety = "unsafe"
    MIN_MS = 50
    REST_MAX_MS = 29_000
    HTTP_MAX_MS = 30_000
    WEBSOCKET_MAX_MS = 29_000
    messages = {
        "too_short": "TimeoutInMillis {value} is below API Gateway's minimum of {limit} ms",
        "too_long": "TimeoutInMillis {value} exceeds the {api} maximum of {limit} ms",
        "needs_quota": Message(
            "TimeoutInMillis {value} exceeds the REST API default of {limit} ms; a {endpoint} API needs an approved "
            "Service Quotas increase (which may lower the account throttle quota)",
            Severity.WARNING,
        ),
    }

    @checks("AWS::ApiGateway::Method")
    def check_rest_method(self, resource, ctx):
        api_value = resource.get("RestApiId")
        api = ctx.graph.target(api_value) if api_value is not None else None
        for timeout in resource.each("Integration", "TimeoutInMillis"):
            self._check_rest(timeout, api, ctx)

    @checks("AWS::ApiGatewayV2::Integration")
    def check_http_integration(self, resource, ctx):
        api_value = resource.get("ApiId")
        api = ctx.graph.target(api_value) if api_value is not None else None
        protocol = api.get("ProtocolType") if api is not None and api.type == "AWS::ApiGatewayV2::Api" else None
        websocket = protocol is not None and protocol.value == "WEBSOCKET"
        maximum = self.WEBSOCKET_MAX_MS if websocket else self.HTTP_MAX_MS
        for timeout in resource.each("TimeoutInMillis"):
            self._check_range(timeout, maximum, "WebSocket API" if websocket else "HTTP API", ctx)

    @checks("AWS::Serverless::Function")
    def check_sam_function(self, resource, ctx):
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
            ctx.report(
                timeout, "too_short", value=timeout.describe(), limit=self.MIN_MS, fix=ctx.replace(timeout, self.MIN_MS)
            )
        elif timeout.number > maximum:
            ctx.report(
                timeout, "too_long", value=timeout.describe(), api=api, limit=maximum, fix=ctx.replace(timeout, maximum)
            )
        else:
            return True
        return False

    def _check_rest(self, timeout, api, ctx):
        if timeout.number is None or timeout.number <= self.REST_MAX_MS:
            self._check_range(timeout, self.REST_MAX_MS, "REST API", ctx)
            return
        endpoints = {kind for kind, _value in endpoint_types(api)} if api is not None else set()
        if "EDGE" in endpoints:
            ctx.report(
                timeout,
                "too_long",
                value=timeout.describe(),
                api="edge-optimized REST API",
                limit=self.REST_MAX_MS,
                fix=ctx.replace(timeout, self.REST_MAX_MS),
            )
        else:
            endpoint = "/".join(sorted(endpoints)).lower() or "regional or private"
            ctx.report(timeout, "needs_quota", value=timeout.describe(), limit=self.REST_MAX_MS, endpoint=endpoint)
