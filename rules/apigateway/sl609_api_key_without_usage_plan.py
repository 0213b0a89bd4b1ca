from __future__ import annotations

from slint.rule import Rule, Severity

from .._apis import setting
from ._shared import API_KEY_TYPES, USAGE_PLANS_URL, api_key_sites


class ApiKeyUsagePlan(Rule):
    """
    ## What it does
    Flags API keys required on an API that no usage plan in the template covers:
    `ApiKeyRequired: true` on an `AWS::ApiGateway::Method`, in the `Auth` of a SAM function's or
    state machine's `Api` event, or in a SAM `AWS::Serverless::Api` `Auth` (also `Globals.Api`
    and SAM's implicit API) while no `AWS::ApiGateway::UsagePlan` lists that API in `ApiStages`
    and, for SAM, `Auth.UsagePlan` is absent or `CreateUsagePlan: NONE`. An API the template
    does not define is skipped, and so is a template whose usage plans cannot be read.
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

    id = "SL609"
    name = "apigw-api-key-without-usage-plan"
    aliases = ("apigw-api-key-usage-plan",)
    severity = Severity.WARNING
    resource_types = API_KEY_TYPES
    include_implicit = True  # Globals.Api.Auth applies to SAM's ServerlessRestApi
    source_url = USAGE_PLANS_URL
    messages = {
        "no_usage_plan": (
            "ApiKeyRequired is true but no usage plan covers API {api} ({expected}); requests are refused (403) until "
            "a usage plan with a key includes the API stage"
        ),
    }

    def check_resource(self, resource, ctx):
        reported = set()
        for site in api_key_sites(resource, ctx):
            if site.api is None or site.api.logical_id in reported or self._covered(site.api, ctx):
                continue
            reported.add(site.api.logical_id)
            expected = (
                "Auth.UsagePlan or an AWS::ApiGateway::UsagePlan ApiStages entry"
                if site.api.type == "AWS::Serverless::Api"
                else "an AWS::ApiGateway::UsagePlan ApiStages entry"
            )
            ctx.report(site.required, "no_usage_plan", api=site.api.logical_id, expected=expected)

    def _covered(self, api, ctx) -> bool:
        """True when a usage plan includes ``api``, or when the template cannot tell."""
        if api.type == "AWS::Serverless::Api" and api.has("Auth", "UsagePlan"):
            plan = api.get("Auth", "UsagePlan", "CreateUsagePlan")
            if (
                plan is None
                or any(option.text != "NONE" for option in plan.possibilities())
                or not plan.known
                and not plan.alternatives
            ):
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
