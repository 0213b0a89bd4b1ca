from __future__ import annotations

from slint.rule import Message, Rule, Severity, Value, checks

from .._apis import route_settings, setting, stage_settings
from ._shared import QUOTAS_URL, STAGE_TYPES, _options

HTTP_STAGE_TYPES = ("AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Stage")
_THROTTLE_KEYS = {"ThrottlingRateLimit": "rate", "ThrottlingBurstLimit": "burst"}
_PLAN_KEYS = {"RateLimit": "ThrottlingRateLimit", "BurstLimit": "ThrottlingBurstLimit"}
_QUOTA_UNITS = {"rate": "requests per second", "burst": "requests (burst)"}


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


def _keys_throttled(stage, ctx) -> bool:
    """True when every method of the stage's REST API requires an API key and a usage plan
    with a Throttle covers that API: the plan then throttles each client (key)."""
    if stage.type == "AWS::Serverless::Api":
        api = stage
        default = stage.get("Auth", "ApiKeyRequired")
        events = ctx.graph.triggers_from(api, kind="Api")
        if not events:
            return False
        for event in events:
            own = event.get("Auth", "ApiKeyRequired")
            required = own if own is not None else default
            if required is None or required.boolean is not True:
                return False
        plan = stage.get("Auth", "UsagePlan", "CreateUsagePlan")
        if (
            stage.has("Auth", "UsagePlan", "Throttle")
            and plan is not None
            and isinstance(plan.value, str)
            and plan.value.upper() != "NONE"
        ):
            return True
    elif stage.type in STAGE_TYPES:
        api_value = stage.get("RestApiId")
        api = ctx.graph.target(api_value) if api_value is not None else None
        if api is None:
            return False
        methods = [
            m
            for m in ctx.template.resources_of("AWS::ApiGateway::Method")
            if m.get("RestApiId") is not None and ctx.graph.target(m.get("RestApiId")) is api
        ]
        if not methods or not all(
            all(v.boolean is True for v in m.each("ApiKeyRequired")) and m.has("ApiKeyRequired") for m in methods
        ):
            return False
    else:
        return False
    for plan in ctx.template.resources_of("AWS::ApiGateway::UsagePlan"):
        if not (plan.has("Throttle", "RateLimit") or plan.has("Throttle", "BurstLimit")):
            continue
        for item in plan.items("ApiStages") or []:
            if (
                isinstance(item.value, dict)
                and "ApiId" in item.value
                and ctx.graph.target(setting(plan, item, "ApiId")) is api
            ):
                return True
    return False


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
    information; a stage without throttling is not reported when every method of its API
    requires an API key and a usage plan with a `Throttle` covers the API, since that plan
    throttles each key. The account quota can be raised, so when yours was, set the options
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

    id = "SL607"
    name = "apigw-throttle-above-quota"
    aliases = ("apigw-throttle-limits",)
    severity = Severity.WARNING
    include_implicit = True  # SAM's ServerlessRestApi/ServerlessHttpApi take Globals throttling
    source_url = QUOTAS_URL
    DEFAULT_QUOTAS = {"rate": 10_000, "burst": 5_000}
    LOW_QUOTAS = {"rate": 2_500, "burst": 1_250}
    # Regions whose default quotas are 2,500 RPS / 1,250 burst (quotas page, 2026).
    LOW_QUOTA_REGIONS = (
        "af-south-1", "eu-south-1", "ap-southeast-3", "me-central-1", "ap-south-2", "ap-southeast-4", "eu-south-2",
        "eu-central-2", "il-central-1", "ca-west-1", "ap-southeast-5", "ap-southeast-7", "mx-central-1",
    )  # fmt: skip
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "rate_quota": {
                "type": ["integer", "null"],
                "minimum": 1,
                "description": "your account's throttle quota (RPS) in the Region, when raised",
            },
            "burst_quota": {
                "type": ["integer", "null"],
                "minimum": 1,
                "description": "your account's burst quota in the Region",
            },
        },
    }
    default_options = {"rate_quota": None, "burst_quota": None}
    messages = {
        "above_quota": (
            "{property} {value} exceeds the account-level quota of {limit} {unit} {where}; API Gateway applies that "
            "quota first, so this limit never takes effect"
        ),
        "no_throttling": Message(
            "{api} sets no stage throttling ({where}); one client can use the whole account-level quota shared by "
            "every API in the account and Region",
            Severity.INFO,
        ),
        "plan_above_stage": Message(
            "Usage plan {property} {value} exceeds the {stage_property} {stage_value} of stage {stage}; clients are "
            "throttled at the stage's limit first",
            Severity.INFO,
        ),
    }

    @checks(*STAGE_TYPES, *HTTP_STAGE_TYPES)
    def check_stage(self, resource, ctx):
        entries = route_settings(resource) if resource.type in HTTP_STAGE_TYPES else stage_settings(resource)
        throttled = False
        for entry in entries:
            for key, kind in _THROTTLE_KEYS.items():
                limit = setting(resource, entry, key)
                throttled = throttled or limit is not None
                for option in _options(limit):
                    self._check_quota(option, key, kind, ctx)
        if (
            not throttled
            and (resource.type != "AWS::ApiGateway::Deployment" or resource.has("StageName"))
            and not _keys_throttled(resource, ctx)
        ):
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
        return self.DEFAULT_QUOTAS[
            kind
        ], "by default (region unknown; some Regions default to 2,500/1,250, and the quota depends on the account)"

    def _check_quota(self, value, key, kind, ctx):
        quota, where = self._quota(kind, ctx)
        if value.number is not None and value.number > quota:
            ctx.report(
                value,
                "above_quota",
                property=key,
                value=value.describe(),
                limit=f"{quota:,}",
                unit=_QUOTA_UNITS[kind],
                where=where,
            )

    def _report_unthrottled(self, resource, ctx):
        where = "DefaultRouteSettings or RouteSettings" if resource.type in HTTP_STAGE_TYPES else "MethodSettings"
        if resource.type == "AWS::ApiGateway::Deployment":
            where = "StageDescription or its MethodSettings"
        if not resource.implicit:
            ctx.report(resource, "no_throttling", api=resource.logical_id, where=where)
            return
        events = [trigger for trigger in ctx.graph.triggers_from(resource) if trigger.properties is not None]
        if events:  # SAM's implicit API has no place in the template: report at the first event using it
            ctx.report(
                events[0].properties,
                "no_throttling",
                resource=resource,
                api=f"SAM's implicit {resource.logical_id}",
                where=where,
            )

    @checks("AWS::ApiGateway::UsagePlan")
    def check_usage_plan(self, plan, ctx):
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
            if (
                name is not None
                and name.value == stage_value.value
                and api_value is not None
                and ctx.graph.target(api_value) is api
            ):
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
                    ctx.report(
                        option,
                        "plan_above_stage",
                        property=f"{'.'.join(path)}.{plan_key}",
                        value=option.describe(),
                        stage_property=stage_key,
                        stage_value=stage_limit.describe(),
                        stage=stage.logical_id,
                    )
