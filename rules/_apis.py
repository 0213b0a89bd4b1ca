"""API Gateway facts several rules share: endpoint types, the APIs in a template (SAM's implicit
ones included), method settings and the functions an API invokes."""

from __future__ import annotations

from collections.abc import Iterator

from slint.rule import Value, entries, entry

REST_API_TYPES = ("AWS::Serverless::Api", "AWS::ApiGateway::RestApi")
IMPLICIT_APIS = {"AWS::Serverless::Api": "ServerlessRestApi", "AWS::Serverless::HttpApi": "ServerlessHttpApi"}


def implicit_api(ctx, type_: str):
    """SAM's implicit API of ``type_`` (created for events without an explicit API), or None.

    For template-level checks; rules that check each API set ``include_implicit = True`` and
    the engine hands them the implicit API (which carries Globals.Api / Globals.HttpApi)."""
    api = ctx.graph.resource(IMPLICIT_APIS.get(type_))
    return api if api is not None and api.implicit and api.type == type_ else None


def endpoint_types(api) -> Iterator[tuple[str, Value]]:
    """Each endpoint type a REST API may have, upper-cased, with the Value to report.

    SAM ``EndpointConfiguration`` is a string or ``{Type: …}`` (default EDGE); CloudFormation
    has ``EndpointConfiguration.Types`` (a one-item list, default EDGE)."""
    if api.type == "AWS::Serverless::Api":
        for config in api.each("EndpointConfiguration"):
            if isinstance(config.value, dict):
                for kind in api.each("EndpointConfiguration", "Type"):
                    if isinstance(kind.value, str):
                        yield kind.value.upper(), kind
            elif isinstance(config.value, str):
                yield config.value.upper(), config
        if not api.has("EndpointConfiguration"):
            default = api.get("EndpointConfiguration", "Type")
            if default is not None:
                yield str(default.value), default
        return
    for types in api.each("EndpointConfiguration", "Types"):
        for _, item in entries(types):
            if isinstance(item.value, str):
                yield item.value.upper(), types


def method_settings(resource) -> list[Value]:
    """The stage ``MethodSettings`` entries of a SAM Api, a Stage, or a Deployment's StageDescription."""
    if resource.type == "AWS::ApiGateway::Deployment":
        items = resource.items("StageDescription", "MethodSettings")
    else:
        items = resource.items("MethodSettings")
    return [item for item in items or [] if isinstance(item.value, dict)]


def stage_settings(resource) -> list[Value]:
    """``method_settings`` plus, for a Deployment, its ``StageDescription``, which takes the same
    cache and throttle keys for the whole stage."""
    entries = method_settings(resource)
    if resource.type == "AWS::ApiGateway::Deployment":
        description = resource.get("StageDescription")
        if description is not None and isinstance(description.value, dict):
            entries.insert(0, description)
    return entries


def stage_path(resource, *path: str) -> tuple:
    """Where a stage property lives: under ``StageDescription`` for a Deployment, at the top of a
    SAM Api or a Stage."""
    return ("StageDescription", *path) if resource.type == "AWS::ApiGateway::Deployment" else path


def route_settings(resource) -> list[Value]:
    """``DefaultRouteSettings`` then each ``RouteSettings`` entry of an HTTP/WebSocket stage
    (``AWS::ApiGatewayV2::Stage``, SAM ``HttpApi``)."""
    entries = []
    default = resource.get("DefaultRouteSettings")
    if default is not None and isinstance(default.value, dict):
        entries.append(default)
    routes = resource.get("RouteSettings")
    if routes is not None and isinstance(routes.value, dict):
        for route in routes.value:
            value = setting(resource, routes, route)
            if value is not None and isinstance(value.value, dict):
                entries.append(value)
    return entries


def setting(resource, item: Value, key: str) -> Value | None:
    """``item[key]`` for one MethodSettings entry (resolved, located), or None."""
    if not isinstance(item.value, dict) or key not in item.value:
        return None
    return entry(item, key)
