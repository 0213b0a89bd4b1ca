"""API Gateway: REST (v1) and HTTP/WebSocket (v2) APIs, SAM and CloudFormation."""

from __future__ import annotations

from dataclasses import dataclass

from slint.aws import FUNCTION_TYPES
from slint.graph import SAM_EVENT_OWNER_TYPES
from slint.model import Resource
from slint.rule import Rule, Severity
from slint.values import Value, contains_unknown

from ._apis import REST_API_TYPES, endpoint_types, implicit_api, method_settings, route_settings, setting, stage_path, stage_settings
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


class ApiPrivatePolicy(Rule):
    """
    ## What it does
    Flags a private REST API without a resource policy: SAM `AWS::Serverless::Api` whose
    `EndpointConfiguration` (a string or `{Type: …}`, also from `Globals.Api` and on SAM's implicit
    API) is PRIVATE without `Policy`, `Auth.ResourcePolicy` or an `x-amazon-apigateway-policy` in
    `DefinitionBody`; `AWS::ApiGateway::RestApi` with `EndpointConfiguration.Types: [PRIVATE]`
    without `Policy` (or one in `Body`). An API defined in an external file (`DefinitionUri`,
    `BodyS3Location`) is skipped. A policy that never names `aws:SourceVpce`/`aws:SourceVpc` (nor
    SAM's VPC allow-lists) is reported for information.
    ## Why is this bad?
    API Gateway refuses to deploy a private API without a resource policy ("Private REST API
    doesn't have a resource policy attached to it"), so the stack fails; a policy that does not
    restrict the VPC endpoint lets any VPC endpoint in any account reach the API.
    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        EndpointConfiguration: PRIVATE
    ```
    ## Use instead
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        EndpointConfiguration:
          Type: PRIVATE
          VPCEndpointIds: [!Ref ApiEndpoint]
        Auth:
          ResourcePolicy:
            IntrinsicVpceWhitelist: [!Ref ApiEndpoint]
    ```
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-create.html
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
    """

    include_implicit = True  # SAM's ServerlessRestApi/ServerlessHttpApi carry Globals too
    id = "SL604"
    name = "apigw-private-policy"
    severity = Severity.ERROR
    resource_types = REST_API_TYPES
    source_url = "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-create.html"
    OPENAPI_POLICY = "x-amazon-apigateway-policy"
    SAM_VPC_KEYS = ("SourceVpcWhitelist", "IntrinsicVpcWhitelist", "IntrinsicVpceWhitelist")
    messages = {
        "no_policy": "EndpointConfiguration is PRIVATE but the API has no resource policy ({where}); API Gateway refuses to deploy a private API without one",
        "no_vpc_condition": "The private API's resource policy never names aws:SourceVpce or aws:SourceVpc, so it does not restrict which VPC endpoints can call it",
    }

    def check_resource(self, api, ctx):
        private = next((value for kind, value in endpoint_types(api) if kind == "PRIVATE"), None)
        if private is None:
            return
        sam = api.type == "AWS::Serverless::Api"
        if api.has("DefinitionUri" if sam else "BodyS3Location"):
            return
        policies = [api.get("Policy"), api.get("Auth", "ResourcePolicy") if sam else None]
        body = api.get("DefinitionBody" if sam else "Body")
        if body is not None:
            resolved = body.resolved()
            if not isinstance(resolved, dict):
                return
            if self.OPENAPI_POLICY in resolved:
                policies.append(Value(None, resolved[self.OPENAPI_POLICY], body.span, body.path, api))
        present = [policy for policy in policies if policy is not None]
        if not present:
            where = "Policy, Auth.ResourcePolicy or x-amazon-apigateway-policy" if sam else "Policy"
            ctx.report(private, "no_policy", where=where)
            return
        resolved = [_plain(policy) for policy in present]
        if contains_unknown(resolved):
            return  # a part we cannot read may name the VPC
        text = " ".join(str(policy) for policy in resolved)
        if "aws:SourceVpc" not in text and not any(key in text for key in self.SAM_VPC_KEYS):
            ctx.report(present[0], "no_vpc_condition", severity=Severity.INFO)


def _plain(value):
    return value.resolved() if value.raw is not None else value.value


class ApiLoggingAccountRole(Rule):
    """
    ## What it does
    Finds API Gateway execution logging (`MethodSettings[].LoggingLevel` INFO or ERROR, or
    `DataTraceEnabled: true`, on SAM `Api` (Globals and implicit API included),
    `AWS::ApiGateway::Stage` or `AWS::ApiGateway::Deployment` `StageDescription`; WebSocket
    `AWS::ApiGatewayV2::Stage` `DefaultRouteSettings`/`RouteSettings`) in a template without an
    `AWS::ApiGateway::Account` that sets `CloudWatchRoleArn`. It also flags more than one
    `AWS::ApiGateway::Account` (the setting is one per account and Region).
    ## Why is this bad?
    Execution logging needs a CloudWatch Logs role in the API Gateway account settings of the
    Region. Where it was never set, the stage fails to deploy: "CloudWatch Logs role ARN must be
    set in account settings to enable logging". Whether it is set depends on the account, so this
    is a warning. Two Account resources overwrite each other.
    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        MethodSettings:
          - {ResourcePath: "/*", HttpMethod: "*", LoggingLevel: INFO}
    ```
    ## Use instead
    ```yaml
    ApiGatewayAccount:
      Type: AWS::ApiGateway::Account
      Properties:
        CloudWatchRoleArn: !GetAtt ApiGatewayLogsRole.Arn
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-account.html
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
    """

    id = "SL605"
    name = "apigw-logging-account-role"
    severity = Severity.WARNING
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-account.html"
    LOGGING_LEVELS = ("INFO", "ERROR")
    messages = {
        "no_account_role": "{setting} enables execution logging but this template sets no AWS::ApiGateway::Account CloudWatchRoleArn; deployment fails unless the account's API Gateway settings in this Region already have a CloudWatch Logs role",
        "several_accounts": "AWS::ApiGateway::Account {name} is one of {count} in this template; the setting is one per account and Region, so they overwrite each other",
    }

    def check_template(self, template, ctx):
        accounts = template.resources_of("AWS::ApiGateway::Account")
        if len(accounts) > 1:
            for account in accounts[1:]:
                ctx.report(account, "several_accounts", name=account.logical_id, count=len(accounts))
        if any(account.has("CloudWatchRoleArn") for account in accounts):
            return
        apis = template.resources_of("AWS::Serverless::Api", "AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment")
        implicit = implicit_api(ctx, "AWS::Serverless::Api")
        for resource in apis + ([implicit] if implicit is not None else []):
            for item in method_settings(resource):
                self._check_settings(resource, item, ctx)
        for stage in template.resources_of("AWS::ApiGatewayV2::Stage"):
            for entry in route_settings(stage):
                self._check_settings(stage, entry, ctx)

    def _check_settings(self, resource, item, ctx):
        level = setting(resource, item, "LoggingLevel")
        for option in level.possibilities() if level is not None else ():
            if isinstance(option.value, str) and option.value.upper() in self.LOGGING_LEVELS:
                ctx.report(option, "no_account_role", setting=f"LoggingLevel {option.value}")
                return
        trace = setting(resource, item, "DataTraceEnabled")
        for option in trace.possibilities() if trace is not None else ():
            if option.boolean:
                ctx.report(option, "no_account_role", setting="DataTraceEnabled true")
                return


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

    include_implicit = True  # SAM's ServerlessRestApi/ServerlessHttpApi carry Globals too
    id = "SL611"
    name = "apigw-http-api-unsupported"
    severity = Severity.ERROR
    resource_types = ("AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Route")
    source_url = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html"
    messages = {
        "endpoint": "Domain.EndpointConfiguration {value} is not available for HTTP APIs, which support only REGIONAL endpoints",
        "api_key": "ApiKeyRequired is true on a route of HTTP API {api}; HTTP APIs do not support API keys or usage plans",
    }

    def check_resource(self, resource, ctx):
        if resource.type == "AWS::Serverless::HttpApi":
            for endpoint in resource.each("Domain", "EndpointConfiguration"):
                if isinstance(endpoint.value, str) and endpoint.value.upper() != "REGIONAL":
                    ctx.report(endpoint, "endpoint", value=endpoint.value)
            return
        api_value = resource.get("ApiId")
        api = ctx.graph.target(api_value) if api_value is not None else None
        protocol = api.get("ProtocolType") if api is not None and api.type == "AWS::ApiGatewayV2::Api" else None
        if protocol is None or protocol.value != "HTTP":
            return
        for required in resource.each("ApiKeyRequired"):
            if required.boolean:
                ctx.report(required, "api_key", api=api.logical_id)


_CACHE_URL = "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html"
STAGE_TYPES = ("AWS::Serverless::Api", "AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment")


class ApiCacheConfig(Rule):
    """
    ## What it does
    Checks REST API stage caching: `CacheClusterSize` must be one of the sizes API Gateway
    offers (0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118 or 237 GB); `CacheTtlInSeconds` must be
    0–3,600; `CachingEnabled: true` in `MethodSettings` needs `CacheClusterEnabled: true` on the
    stage; cached data should be encrypted (`CacheDataEncrypted: true`). It reads SAM
    `AWS::Serverless::Api` (`CacheClusterEnabled`, `CacheClusterSize`, `MethodSettings`, also from
    `Globals.Api` and on SAM's implicit API), `AWS::ApiGateway::Stage` and the `StageDescription`
    of an `AWS::ApiGateway::Deployment`, with parameter defaults and both branches of an `Fn::If`.
    The list of sizes comes from the API Gateway API reference (`CacheClusterSize` enumeration);
    the TTL range from the caching guide.
    ## Why is this bad?
    API Gateway rejects an unknown cache size or an out-of-range TTL and the deployment fails. A
    method that enables caching on a stage without a cache cluster caches nothing, and an
    unencrypted cache stores responses (which may hold personal data) in clear.
    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        CacheClusterSize: "2"
        MethodSettings:
          - {ResourcePath: "/*", HttpMethod: "*", CachingEnabled: true, CacheTtlInSeconds: 7200}
    ```
    ## Use instead
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        CacheClusterEnabled: true
        CacheClusterSize: "1.6"
        MethodSettings:
          - {ResourcePath: "/*", HttpMethod: "*", CachingEnabled: true, CacheTtlInSeconds: 3600, CacheDataEncrypted: true}
    ```
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html
    - https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html
    """

    include_implicit = True  # SAM's ServerlessRestApi takes Globals.Api cache settings
    id = "SL606"
    name = "apigw-cache-config"
    severity = Severity.ERROR
    resource_types = STAGE_TYPES
    source_url = _CACHE_URL
    CACHE_SIZES_GB = ("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")
    MAX_TTL_SECONDS = 3_600
    messages = {
        "bad_size": "{property} {value} is not a cache size API Gateway offers ({allowed} GB)",
        "ttl_range": "CacheTtlInSeconds {value} is outside API Gateway's range of 0 to {limit} seconds",
        "no_cluster": "CachingEnabled is true but {cluster} is not true, so the stage has no cache cluster and nothing is cached",
        "not_encrypted": "Caching is enabled without CacheDataEncrypted: true; cached responses are stored unencrypted",
    }

    def check_resource(self, stage, ctx):
        size_path = stage_path(stage, "CacheClusterSize")
        for size in stage.each(*size_path):
            text = size.text if size.text is not None else size.describe()
            if text not in self.CACHE_SIZES_GB:
                ctx.report(size, "bad_size", property=".".join(size_path), value=size.describe(), allowed=", ".join(self.CACHE_SIZES_GB))
        cluster_path = stage_path(stage, "CacheClusterEnabled")
        cluster = stage.get(*cluster_path)
        cluster_options = [option.boolean for option in cluster.possibilities()] if cluster is not None else [False]
        for entry in stage_settings(stage):
            for ttl in _options(setting(stage, entry, "CacheTtlInSeconds")):
                if ttl.number is not None and not 0 <= ttl.number <= self.MAX_TTL_SECONDS:
                    ctx.report(ttl, "ttl_range", value=ttl.describe(), limit=self.MAX_TTL_SECONDS)
            caching = next((option for option in _options(setting(stage, entry, "CachingEnabled")) if option.boolean), None)
            if caching is None:
                continue
            if cluster_options and not any(cluster_options):
                ctx.report(caching, "no_cluster", severity=Severity.WARNING, cluster=".".join(cluster_path))
            encrypted = setting(stage, entry, "CacheDataEncrypted")
            if encrypted is None:
                ctx.report(caching, "not_encrypted", severity=Severity.INFO)
            for option in _options(encrypted):
                if option.boolean is False:
                    ctx.report(option, "not_encrypted", severity=Severity.INFO)


def _options(value: Value | None):
    """Each concrete value of an optional setting (both branches of an undecided If)."""
    return value.possibilities() if value is not None else ()


HTTP_STAGE_TYPES = ("AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Stage")
_THROTTLE_KEYS = {"ThrottlingRateLimit": "rate", "ThrottlingBurstLimit": "burst"}
_PLAN_KEYS = {"RateLimit": "ThrottlingRateLimit", "BurstLimit": "ThrottlingBurstLimit"}
_QUOTA_UNITS = {"rate": "requests per second", "burst": "requests (burst)"}


class ApiThrottleLimits(Rule):
    """
    ## What it does
    Compares stage and method throttling with API Gateway's account-level throttle quota:
    `ThrottlingRateLimit` above 10,000 requests per second or `ThrottlingBurstLimit` above 5,000
    (2,500 and 1,250 in the Regions the quotas page lists, such as af-south-1 and eu-south-1) is
    a warning. It reads REST `MethodSettings` (SAM `Api` with `Globals.Api` and SAM's implicit
    API, `AWS::ApiGateway::Stage`, `AWS::ApiGateway::Deployment` `StageDescription`) and HTTP and
    WebSocket `DefaultRouteSettings`/`RouteSettings` (SAM `HttpApi`, `AWS::ApiGatewayV2::Stage`).
    A stage without any throttling, and a usage plan (`AWS::ApiGateway::UsagePlan`, SAM
    `Auth.UsagePlan`) whose `Throttle` is above the stage's default throttle, are reported for
    information. The account quota can be raised, so when yours was, set the options
    `rate_quota`/`burst_quota`; when the region is unknown the default quotas are assumed.
    ## Why is this bad?
    API Gateway applies the account quota before any stage limit, so a stage limit above it never
    takes effect and the API is throttled earlier than its settings say. Without stage throttling
    one API (or one client) can use the whole account quota of the Region, shared by every API in
    it. A usage plan's limit above the stage's is never reached.
    ## Example
    ```yaml
    MethodSettings:
      - {ResourcePath: "/*", HttpMethod: "*", ThrottlingRateLimit: 20000, ThrottlingBurstLimit: 8000}
    ```
    ## Use instead
    ```yaml
    MethodSettings:
      - {ResourcePath: "/*", HttpMethod: "*", ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 500}
    ```
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
    """

    include_implicit = True  # SAM's ServerlessRestApi/ServerlessHttpApi take Globals throttling
    id = "SL607"
    name = "apigw-throttle-limits"
    severity = Severity.WARNING
    resource_types = STAGE_TYPES + HTTP_STAGE_TYPES + ("AWS::ApiGateway::UsagePlan",)
    source_url = _QUOTAS_URL
    DEFAULT_QUOTAS = {"rate": 10_000, "burst": 5_000}
    LOW_QUOTAS = {"rate": 2_500, "burst": 1_250}
    # Regions whose default quotas are 2,500 RPS / 1,250 burst (quotas page, 2026).
    LOW_QUOTA_REGIONS = (
        "af-south-1", "eu-south-1", "ap-southeast-3", "me-central-1", "ap-south-2", "ap-southeast-4", "eu-south-2",
        "eu-central-2", "il-central-1", "ca-west-1", "ap-southeast-5", "ap-southeast-7", "mx-central-1",
    )  # fmt: skip
    default_options = {"rate_quota": None, "burst_quota": None}
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "rate_quota": {"type": ["integer", "null"], "minimum": 1, "description": "your account's throttle quota (RPS) in the Region, when raised"},
            "burst_quota": {"type": ["integer", "null"], "minimum": 1, "description": "your account's burst quota in the Region"},
        },
    }
    messages = {
        "above_quota": "{property} {value} exceeds the account-level quota of {limit} {unit} {where}; API Gateway applies that quota first, so this limit never takes effect",
        "no_throttling": "{api} sets no stage throttling ({where}); one client can use the whole account-level quota shared by every API in the account and Region",
        "plan_above_stage": "Usage plan {property} {value} exceeds the {stage_property} {stage_value} of stage {stage}; clients are throttled at the stage's limit first",
    }

    def check_resource(self, resource, ctx):
        if resource.type == "AWS::ApiGateway::UsagePlan":
            self._check_usage_plan(resource, ctx)
            return
        entries = route_settings(resource) if resource.type in HTTP_STAGE_TYPES else stage_settings(resource)
        throttled = False
        for entry in entries:
            for key, kind in _THROTTLE_KEYS.items():
                limit = setting(resource, entry, key)
                throttled = throttled or limit is not None
                for option in _options(limit):
                    self._check_quota(option, key, kind, ctx)
        if not throttled and (resource.type != "AWS::ApiGateway::Deployment" or resource.has("StageName")):
            self._report_unthrottled(resource, ctx)
        if resource.type == "AWS::Serverless::Api" and resource.has("Auth", "UsagePlan", "Throttle"):
            self._check_plan_throttle(resource, ("Auth", "UsagePlan", "Throttle"), resource, ctx)

    def _quota(self, kind, ctx) -> tuple[int, str]:
        """The account quota assumed for ``kind`` and the words saying where it applies."""
        configured = ctx.options[f"{kind}_quota"]
        if configured:
            return configured, "(configured)"
        if ctx.region in self.LOW_QUOTA_REGIONS:
            return self.LOW_QUOTAS[kind], f"in {ctx.region}"
        if ctx.region:
            return self.DEFAULT_QUOTAS[kind], f"in {ctx.region} unless the account's quota was raised"
        return self.DEFAULT_QUOTAS[kind], "by default (region unknown; some Regions default to 2,500/1,250, and the quota depends on the account)"

    def _check_quota(self, value, key, kind, ctx):
        quota, where = self._quota(kind, ctx)
        if value.number is not None and value.number > quota:
            ctx.report(value, "above_quota", property=key, value=value.describe(), limit=f"{quota:,}", unit=_QUOTA_UNITS[kind], where=where)

    def _report_unthrottled(self, resource, ctx):
        where = "DefaultRouteSettings or RouteSettings" if resource.type in HTTP_STAGE_TYPES else "MethodSettings"
        if resource.type == "AWS::ApiGateway::Deployment":
            where = "StageDescription or its MethodSettings"
        if not resource.implicit:
            ctx.report(resource, "no_throttling", severity=Severity.INFO, api=resource.logical_id, where=where)
            return
        events = [trigger for trigger in ctx.graph.triggers_from(resource) if trigger.properties is not None]
        if events:  # SAM's implicit API has no place in the template: report at the first event using it
            ctx.report(events[0].properties, "no_throttling", resource=resource, severity=Severity.INFO, api=f"SAM's implicit {resource.logical_id}", where=where)

    def _check_usage_plan(self, plan, ctx):
        for item in plan.items("ApiStages") or []:
            if not isinstance(item.value, dict) or "ApiId" not in item.value:
                continue
            api = ctx.graph.target(setting(plan, item, "ApiId"))
            stage = self._stage_of(api, setting(plan, item, "Stage"), ctx) if api is not None else None
            if stage is not None:
                self._check_plan_throttle(plan, ("Throttle",), stage, ctx)

    def _stage_of(self, api, stage_value, ctx):
        """The in-template stage a usage plan names: a SAM Api is its own (single) stage; a REST
        API's stage is a referenced Stage, or the Stage/Deployment of that API with that name."""
        if api.type == "AWS::Serverless::Api":
            return api
        if stage_value is None:
            return None
        referenced = ctx.graph.target(stage_value)
        if referenced is not None:
            return referenced if referenced.type in STAGE_TYPES else None
        for candidate in ctx.template.resources_of("AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment"):
            name, api_value = candidate.get("StageName"), candidate.get("RestApiId")
            if name is not None and name.value == stage_value.value and api_value is not None and ctx.graph.target(api_value) is api:
                return candidate
        return None

    def _check_plan_throttle(self, owner, path, stage, ctx):
        stage_limits = _stage_default_throttle(stage)
        for plan_key, stage_key in _PLAN_KEYS.items():
            stage_limit = stage_limits.get(stage_key)
            if stage_limit is None or stage_limit.number is None:
                continue
            for option in owner.each(*path, plan_key):
                if option.number is not None and option.number > stage_limit.number:
                    ctx.report(option, "plan_above_stage", severity=Severity.INFO, property=f"{'.'.join(path)}.{plan_key}", value=option.describe(), stage_property=stage_key, stage_value=stage_limit.describe(), stage=stage.logical_id)


def _stage_default_throttle(stage) -> dict[str, Value]:
    """The stage-wide throttle settings: a Deployment's StageDescription, or the MethodSettings
    entry for every method (ResourcePath "/*", HttpMethod "*")."""
    found = {}
    for entry in stage_settings(stage):
        path, method = entry.value.get("ResourcePath"), entry.value.get("HttpMethod")
        if entry.path[-1] == "StageDescription" or (path == "/*" and method == "*"):
            for key in _THROTTLE_KEYS:
                value = setting(stage, entry, key)
                if value is not None and key not in found:
                    found[key] = value
    return found


_USAGE_PLANS_URL = "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html"
API_KEY_TYPES = ("AWS::ApiGateway::Method", *SAM_EVENT_OWNER_TYPES, "AWS::Serverless::Api")  # SAM functions and state machines declare Api events


@dataclass(frozen=True)
class _ApiKeySite:
    """One place that requires an API key: the ``ApiKeyRequired: true`` as written, the in-template
    API it applies to (None when unknown) and why no authorizer applies (None when one does or
    when the template cannot tell)."""

    required: Value
    api: Resource | None
    unauthorized: str | None


def _api_key_sites(resource, ctx) -> list[_ApiKeySite]:
    """Where ``resource`` requires API keys: a Method's ``ApiKeyRequired``, the
    ``Auth.ApiKeyRequired`` of a SAM function's or state machine's Api event, or a SAM Api's
    ``Auth.ApiKeyRequired`` (all methods)."""
    if resource.type == "AWS::ApiGateway::Method":
        api_value = resource.get("RestApiId")
        api = ctx.graph.target(api_value) if api_value is not None else None
        types = [option.text.upper() for option in resource.each("AuthorizationType") if option.text]
        open_ = "NONE" in types or not resource.has("AuthorizationType")
        reason = "AuthorizationType is NONE" if open_ else None
        return [_ApiKeySite(required, api, reason) for required in resource.each("ApiKeyRequired") if required.boolean]
    if resource.type in SAM_EVENT_OWNER_TYPES:
        sites = []
        for trigger in ctx.graph.triggers(resource, kind="Api"):
            required = [option for option in _options(trigger.get("Auth", "ApiKeyRequired")) if option.boolean]
            if trigger.declared_by is not resource or not required:
                continue
            authorizer = trigger.get("Auth", "Authorizer")
            if authorizer is not None:
                names = [option.text.upper() for option in authorizer.possibilities() if option.text]
                reason = "the event's Auth.Authorizer is NONE" if "NONE" in names else None
            else:
                reason = _default_authorizer_missing(trigger.source)
            sites.extend(_ApiKeySite(option, trigger.source, reason) for option in required)
        return sites
    sites = []
    for required in resource.each("Auth", "ApiKeyRequired"):
        if not required.boolean:
            continue
        reason = _default_authorizer_missing(resource)
        events = [t for t in ctx.graph.triggers_from(resource, kind="Api") if t.declared_by is t.function]
        if not any(t.get("Auth", "Authorizer") is None and t.get("Auth", "ApiKeyRequired") is None for t in events):
            reason = None  # every event names its own authorizer or its own key requirement
        sites.append(_ApiKeySite(required, resource, reason))
    return sites


def _default_authorizer_missing(api) -> str | None:
    """Why a SAM Api's methods have no authorizer by default, or None."""
    if api is None or api.type != "AWS::Serverless::Api":
        return None
    if not api.has("Auth", "DefaultAuthorizer"):
        return f"API {api.logical_id} has no Auth.DefaultAuthorizer and no event Auth.Authorizer replaces it"
    names = [option.text.upper() for option in api.each("Auth", "DefaultAuthorizer") if option.text]
    return f"API {api.logical_id}'s Auth.DefaultAuthorizer is NONE" if "NONE" in names else None


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
    ```
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
    """

    include_implicit = True  # Globals.Api.Auth applies to SAM's ServerlessRestApi
    id = "SL608"
    name = "apigw-api-key-not-auth"
    severity = Severity.WARNING
    resource_types = API_KEY_TYPES
    source_url = _USAGE_PLANS_URL
    messages = {
        "no_authorizer": "ApiKeyRequired is true but {reason}; API keys identify usage-plan clients, they do not authenticate or authorize callers",
    }

    def check_resource(self, resource, ctx):
        for site in _api_key_sites(resource, ctx):
            if site.unauthorized is not None:
                ctx.report(site.required, "no_authorizer", reason=site.unauthorized)


class ApiKeyUsagePlan(Rule):
    """
    ## What it does
    Flags API keys required on an API that no usage plan in the template covers:
    `ApiKeyRequired: true` on an `AWS::ApiGateway::Method`, in the `Auth` of a SAM function's or
    state machine's `Api` event, or in a SAM `AWS::Serverless::Api` `Auth` (also `Globals.Api`
    and SAM's implicit API) while no `AWS::ApiGateway::UsagePlan` lists that API in `ApiStages`
    and, for SAM, `Auth.UsagePlan` is absent or `CreateUsagePlan: NONE`. An API the template does not define is skipped, and so is a
    template whose usage plans cannot be read.
    ## Why is this bad?
    API Gateway accepts a key only through a usage plan that includes the API stage; until a plan
    (created here or elsewhere) covers the stage, callers get 403 Forbidden. The 403 behaviour is
    not quoted on the AWS page, which documents that keys are metered through usage plans, so this
    is a warning.
    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        Auth:
          ApiKeyRequired: true
          DefaultAuthorizer: AWS_IAM
    ```
    ## Use instead
    ```yaml
    Auth:
      ApiKeyRequired: true
      DefaultAuthorizer: AWS_IAM
      UsagePlan:
        CreateUsagePlan: PER_API
    ```
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-apiusageplan.html
    """

    include_implicit = True  # Globals.Api.Auth applies to SAM's ServerlessRestApi
    id = "SL609"
    name = "apigw-api-key-usage-plan"
    severity = Severity.WARNING
    resource_types = API_KEY_TYPES
    source_url = _USAGE_PLANS_URL
    messages = {
        "no_usage_plan": "ApiKeyRequired is true but no usage plan covers API {api} ({expected}); requests are refused (403) until a usage plan with a key includes the API stage",
    }

    def check_resource(self, resource, ctx):
        reported = set()
        for site in _api_key_sites(resource, ctx):
            if site.api is None or site.api.logical_id in reported or self._covered(site.api, ctx):
                continue
            reported.add(site.api.logical_id)
            expected = "Auth.UsagePlan or an AWS::ApiGateway::UsagePlan ApiStages entry" if site.api.type == "AWS::Serverless::Api" else "an AWS::ApiGateway::UsagePlan ApiStages entry"
            ctx.report(site.required, "no_usage_plan", api=site.api.logical_id, expected=expected)

    def _covered(self, api, ctx) -> bool:
        """True when a usage plan includes ``api``, or when the template cannot tell."""
        if api.type == "AWS::Serverless::Api" and api.has("Auth", "UsagePlan"):
            plan = api.get("Auth", "UsagePlan", "CreateUsagePlan")
            if plan is None or any(option.text != "NONE" for option in plan.possibilities()) or not plan.known and not plan.alternatives:
                return True
        for usage_plan in ctx.template.resources_of("AWS::ApiGateway::UsagePlan"):
            stages = usage_plan.items("ApiStages")
            if stages is None:
                return True
            for stage in stages:
                if not isinstance(stage.value, dict):
                    return True
                api_value = setting(usage_plan, stage, "ApiId")
                if api_value is not None and ctx.graph.target(api_value) is api:
                    return True
        return False


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
    server error) to every request. This requirement was not re-verified against the AWS
    documentation in this pass (it is the standard Lambda integration setup), so this is a
    warning.
    ## Example
    ```yaml
    Method:
      Type: AWS::ApiGateway::Method
      Properties:
        Integration:
          Type: AWS_PROXY
          IntegrationHttpMethod: POST
          Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
    ```
    ## Use instead
    ```yaml
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
    name = "apigw-lambda-permission"
    severity = Severity.WARNING
    URIS = {
        "AWS::ApiGateway::Method": ("Integration", "Uri"),
        "AWS::ApiGatewayV2::Integration": ("IntegrationUri",),
        "AWS::ApiGateway::Authorizer": ("AuthorizerUri",),
        "AWS::ApiGatewayV2::Authorizer": ("AuthorizerUri",),
    }
    CREDENTIALS = {
        "AWS::ApiGateway::Method": ("Integration", "Credentials"),
        "AWS::ApiGatewayV2::Integration": ("CredentialsArn",),
        "AWS::ApiGateway::Authorizer": ("AuthorizerCredentials",),
        "AWS::ApiGatewayV2::Authorizer": ("AuthorizerCredentialsArn",),
    }
    PRINCIPAL = "apigateway.amazonaws.com"
    INVOKE_ACTIONS = ("lambda:InvokeFunction", "lambda:*", "*")
    resource_types = tuple(URIS)
    source_url = "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html"
    messages = {
        "no_permission": "{property} invokes function {function} but no AWS::Lambda::Permission lets {principal} invoke it; API Gateway answers 500 (Internal server error)",
    }

    def check_resource(self, resource, ctx):
        if resource.has(*self.CREDENTIALS[resource.type]):
            return
        if resource.type == "AWS::ApiGateway::Method":
            kind = resource.get("Integration", "Type")
            if kind is None or kind.value not in ("AWS", "AWS_PROXY"):
                return
        uri = resource.get(*self.URIS[resource.type])
        function = ctx.graph.function_in_uri(uri)
        if function is None:
            return
        permitted = self._permitted(ctx)
        if permitted is not None and function.logical_id not in permitted:
            ctx.report(uri, "no_permission", property=".".join(self.URIS[resource.type]), function=function.logical_id, principal=self.PRINCIPAL)

    def _permitted(self, ctx) -> set[str] | None:
        """The functions API Gateway may invoke; None when a permission names a function this
        template cannot resolve (it might be any of them)."""
        key = (self.id, "permitted")
        if key not in ctx.template.cache:
            ctx.template.cache[key] = self._find_permitted(ctx)
        return ctx.template.cache[key]

    def _find_permitted(self, ctx) -> set[str] | None:
        permitted = set()
        for permission in ctx.template.resources_of("AWS::Lambda::Permission"):
            principal, action = permission.get("Principal"), permission.get("Action")
            if principal is not None and principal.known and principal.value != self.PRINCIPAL:
                continue
            if action is not None and action.known and action.value not in self.INVOKE_ACTIONS:
                continue
            function = ctx.graph.function_of(permission.get("FunctionName"))
            if function is None:
                return None
            permitted.add(function.logical_id)
        return permitted


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
    credential in the URL leaks where a header would not. This is a best practice: no AWS page
    stating it was found (the catalog marks it unverified), so findings are informational.
    ## Example
    ```yaml
    Authorizers:
      LambdaAuth:
        FunctionArn: !GetAtt AuthFn.Arn
        FunctionPayloadType: REQUEST
        Identity:
          QueryStrings: [token]
    ```
    ## Use instead
    ```yaml
    Authorizers:
      LambdaAuth:
        FunctionArn: !GetAtt AuthFn.Arn
        FunctionPayloadType: REQUEST
        Identity:
          Headers: [Authorization]
    ```
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
    """

    include_implicit = True  # Globals.Api/HttpApi authorizers apply to SAM's implicit APIs
    id = "SL610"
    name = "apigw-credentials-in-query"
    severity = Severity.INFO
    resource_types = (
        "AWS::ApiGateway::Authorizer", "AWS::ApiGatewayV2::Authorizer", "AWS::ApiGateway::Method",
        "AWS::Serverless::Api", "AWS::Serverless::HttpApi", "AWS::Serverless::Function",
    )  # fmt: skip
    source_url = "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html"
    QUERY_PREFIXES = ("method.request.querystring.", "$request.querystring.", "route.request.querystring.")
    CREDENTIAL_MARKERS = ("token", "apikey", "password", "secret", "signature")
    AUTH_NAMES = ("auth", "authorization")
    messages = {
        "query_credential": "{property} takes '{name}' from the query string; URLs end up in access logs, browser history and proxies, so send credentials in a header",
    }

    def check_resource(self, resource, ctx):
        if resource.type == "AWS::ApiGateway::Authorizer":
            for source in resource.each("IdentitySource"):
                for part in (source.text or "").split(","):
                    self._check_parameter(source, part.strip(), "IdentitySource", ctx)
        elif resource.type == "AWS::ApiGatewayV2::Authorizer":
            for source in resource.items("IdentitySource") or []:
                self._check_parameter(source, source.text or "", "IdentitySource", ctx)
        elif resource.type == "AWS::ApiGateway::Method":
            parameters = resource.get("RequestParameters")
            for key in parameters.value if parameters is not None and isinstance(parameters.value, dict) else ():
                self._check_parameter(setting(resource, parameters, key), key, "RequestParameters", ctx)
        elif resource.type == "AWS::Serverless::Function":
            for trigger in ctx.graph.triggers(resource, kind="Api"):
                parameters = resource.items("Events", trigger.name, "Properties", "RequestParameters") if trigger.declared_by is resource else None
                for item in parameters or []:
                    names = [item.value] if isinstance(item.value, str) else list(item.value) if isinstance(item.value, dict) else []
                    for name in names:
                        self._check_parameter(item, name, "RequestParameters", ctx)
        else:
            authorizers = resource.get("Auth", "Authorizers")
            for name in authorizers.value if authorizers is not None and isinstance(authorizers.value, dict) else ():
                for query in resource.items("Auth", "Authorizers", name, "Identity", "QueryStrings") or []:
                    if query.text and self._is_credential(query.text):
                        ctx.report(query, "query_credential", property=f"Authorizer {name} Identity.QueryStrings", name=query.text)

    def _check_parameter(self, value, parameter, prop, ctx):
        prefix = next((p for p in self.QUERY_PREFIXES if parameter.startswith(p)), None)
        if value is not None and prefix is not None and self._is_credential(parameter[len(prefix):]):
            ctx.report(value, "query_credential", property=prop, name=parameter[len(prefix):])

    def _is_credential(self, name: str) -> bool:
        normalized = name.lower().replace("-", "").replace("_", "")
        return normalized in self.AUTH_NAMES or any(marker in normalized for marker in self.CREDENTIAL_MARKERS)
