"""Helpers shared by the apigateway rules."""

from __future__ import annotations

from dataclasses import dataclass

from slint.rule import SAM_EVENT_OWNER_TYPES, Resource, Value, entry

QUOTAS_URL = "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html"

STAGE_TYPES = ("AWS::Serverless::Api", "AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment")


def _options(value: Value | None):
    """Each concrete value of an optional setting (both branches of an undecided If)."""
    return value.possibilities() if value is not None else ()


USAGE_PLANS_URL = "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html"
API_KEY_TYPES = (
    "AWS::ApiGateway::Method",
    *SAM_EVENT_OWNER_TYPES,
    "AWS::Serverless::Api",
)  # SAM functions and state machines declare Api events


@dataclass(frozen=True)
class ApiKeySite:
    """One place that requires an API key: the ``ApiKeyRequired: true`` as written, the in-template
    API it applies to (None when unknown) and why no authorizer applies (None when one does or
    when the template cannot tell)."""

    required: Value
    api: Resource | None
    unauthorized: str | None


def api_key_sites(resource, ctx) -> list[ApiKeySite]:
    """Where ``resource`` requires API keys: a Method's ``ApiKeyRequired``, the
    ``Auth.ApiKeyRequired`` of a SAM function's or state machine's Api event, or a SAM Api's
    ``Auth.ApiKeyRequired`` (all methods)."""
    if resource.type == "AWS::ApiGateway::Method":
        api_value = resource.get("RestApiId")
        api = ctx.graph.target(api_value) if api_value is not None else None
        types = [option.text.upper() for option in resource.each("AuthorizationType") if option.text]
        open_ = "NONE" in types or not resource.has("AuthorizationType")
        reason = "AuthorizationType is NONE" if open_ else None
        return [ApiKeySite(required, api, reason) for required in resource.each("ApiKeyRequired") if required.boolean]
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
                reason = default_authorizer_missing(trigger.source)
            sites.extend(ApiKeySite(option, trigger.source, reason) for option in required)
        return sites
    sites = []
    for required in resource.each("Auth", "ApiKeyRequired"):
        if not required.boolean:
            continue
        reason = default_authorizer_missing(resource)
        events = [t for t in ctx.graph.triggers_from(resource, kind="Api") if t.declared_by is t.function]
        if not any(t.get("Auth", "Authorizer") is None and t.get("Auth", "ApiKeyRequired") is None for t in events):
            reason = None  # every event names its own authorizer or its own key requirement
        sites.append(ApiKeySite(required, resource, reason))
    return sites


def default_authorizer_missing(api) -> str | None:
    """Why a SAM Api's methods have no authorizer by default, or None."""
    if api is None or api.type != "AWS::Serverless::Api":
        return None
    if not api.has("Auth", "DefaultAuthorizer"):
        return f"API {api.logical_id} has no Auth.DefaultAuthorizer and no event Auth.Authorizer replaces it"
    names = [option.text.upper() for option in api.each("Auth", "DefaultAuthorizer") if option.text]
    return f"API {api.logical_id}'s Auth.DefaultAuthorizer is NONE" if "NONE" in names else None


_INVOCATION_TYPE_PARAMETER = "integration.request.header.x-amz-invocation-type"


def rest_integration(trigger) -> dict:
    """What a REST API trigger's integration says about how API Gateway waits for the function:
    ``transfer_mode`` ("STREAM"/"BUFFERED"), ``invocation_type`` ("Event" for an asynchronous
    call) and ``timeout_ms``, each present only when written. Read from an
    ``AWS::ApiGateway::Method``'s ``Integration``, or for a SAM Api event from the
    ``x-amazon-apigateway-integration`` of its path and method in the API's ``DefinitionBody``."""
    if trigger.declared_by.type == "AWS::ApiGateway::Method":
        transfer = trigger.get("ResponseTransferMode")
        parameters = trigger.get("RequestParameters")
        integration = {
            "responseTransferMode": transfer.value if transfer is not None else None,
            "requestParameters": parameters.resolved() if parameters is not None else None,
        }
    else:
        integration = _openapi_integration(trigger)
    found = {}
    if isinstance(integration.get("responseTransferMode"), str):
        found["transfer_mode"] = integration["responseTransferMode"].upper()
    timeout = integration.get("timeoutInMillis")
    if isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and timeout > 0:
        found["timeout_ms"] = timeout
    parameters = integration.get("requestParameters")
    if isinstance(parameters, dict):
        for name, value in parameters.items():
            if isinstance(name, str) and name.lower() == _INVOCATION_TYPE_PARAMETER and isinstance(value, str):
                found["invocation_type"] = value.strip("'")  # a static value is written in single quotes
    return found


def _openapi_integration(trigger) -> dict:
    api = trigger.source
    path, method = trigger.get("Path"), trigger.get("Method")
    if (
        api is None
        or api.type != "AWS::Serverless::Api"
        or path is None
        or method is None
        or not (path.text and method.text)
    ):
        return {}
    verb = method.text.lower()
    found = api.get("DefinitionBody")
    # down to this route's integration only: resolving the whole body once per route costs a walk of every route
    for key in ("paths", path.text, "x-amazon-apigateway-any-method" if verb == "any" else verb):
        found = entry(found, key) if found is not None else None
    found = entry(found, "x-amazon-apigateway-integration") if found is not None else None
    integration = found.resolved() if found is not None else None
    return integration if isinstance(integration, dict) else {}
