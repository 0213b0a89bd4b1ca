"""Helpers shared by the cloudfront rules."""

from __future__ import annotations

EDGE_RESTRICTIONS = (
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html"
)
CF_QUOTAS = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html"

VIEWER_EVENTS = ("viewer-request", "viewer-response")


def _where(associations) -> str:
    """ "viewer-request association on Cdn" — names the event type(s) and the distribution(s)."""
    parts = []
    for association in associations:
        part = f"{association.event_type or 'an'} association on {association.distribution.logical_id}"
        if part not in parts:
            parts.append(part)
    return ", ".join(parts)


CF_FUNCTION_TYPE = "AWS::CloudFront::Function"


def behavior_paths(distribution) -> list[tuple]:
    """Property paths of the default cache behavior and of each listed cache behavior."""
    paths = []
    if distribution.has("DistributionConfig", "DefaultCacheBehavior"):
        paths.append(("DistributionConfig", "DefaultCacheBehavior"))
    behaviors = distribution.get("DistributionConfig", "CacheBehaviors")
    if behaviors is not None and isinstance(behaviors.value, list):
        paths.extend(("DistributionConfig", "CacheBehaviors", index) for index in range(len(behaviors.value)))
    return paths


def _associations(distribution, behavior: tuple, prop: str) -> list[tuple[tuple, str | None]]:
    """(path, event type) of each item of a behavior's association list; the type None when unknown."""
    items = distribution.get(*behavior, prop)
    if items is None or not isinstance(items.value, list):
        return []
    out = []
    for index in range(len(items.value)):
        event = distribution.get(*behavior, prop, index, "EventType")
        out.append(
            ((*behavior, prop, index), event.value if event is not None and isinstance(event.value, str) else None)
        )
    return out
