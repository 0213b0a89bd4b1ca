"""Shared helpers for the event source rules: one view over SAM poller events and CFN mappings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from slint.rule import Resource, Value

ESM_TYPE = "AWS::Lambda::EventSourceMapping"
MAPPING_OWNER_TYPES = ("AWS::Serverless::Function", ESM_TYPE)
STREAM_KINDS = ("Kinesis", "DynamoDB")
QUEUE_TYPE = "AWS::SQS::Queue"
TOPIC_TYPE = "AWS::SNS::Topic"


@dataclass
class Mapping:
    """An event source mapping as written: a SAM SQS/Kinesis/DynamoDB event or an ESM resource."""

    kind: str  # "SQS", "Kinesis", "DynamoDB", …
    name: str  # SAM event name or the mapping's logical id
    declared_by: Resource
    anchor: Any  # where a finding about a missing property goes
    function: Resource | None
    source: Resource | None
    source_value: Value | None
    get: Callable[..., Value | None]

    def values(self, *path: str) -> list[Value]:
        """Every concrete value of a property (both branches of an undecided If); [] when absent."""
        value = self.get(*path)
        return list(value.possibilities()) if value is not None else []

    def numbers(self, *path: str) -> list[tuple[Value, float]]:
        return [(v, v.number) for v in self.values(*path) if v.number is not None]


def mappings_of(resource: Resource, ctx, kinds: tuple[str, ...]) -> Iterator[Mapping]:
    """The mappings ``resource`` declares (its SAM events, or itself when it is an ESM) of ``kinds``."""
    graph = ctx.graph
    if resource.type == ESM_TYPE:
        kind = graph.mapping_kind(resource)
        if kind not in kinds:
            return
        source_value = resource.get("EventSourceArn")
        function_value = resource.get("FunctionName")
        yield Mapping(
            kind, resource.logical_id, resource, resource,
            graph.function_of(function_value) if function_value is not None else None,
            graph.target(source_value) if source_value is not None else None,
            source_value, resource.get,
        )  # fmt: skip
        return
    for trigger in graph.triggers(resource):
        if trigger.declared_by is resource and trigger.kind in kinds:
            anchor = trigger.properties if trigger.properties is not None else resource
            yield Mapping(
                trigger.kind,
                trigger.name,
                resource,
                anchor,
                resource,
                trigger.source,
                trigger.source_value,
                trigger.get,
            )


def queue_is_fifo(queue: Resource | None, arn: Value | None) -> bool | None:
    """True/False when the template tells whether a queue is FIFO, None when it cannot."""
    return _is_fifo(queue, arn, QUEUE_TYPE, "FifoQueue")


def topic_is_fifo(topic: Resource | None, arn: Value | None) -> bool | None:
    return _is_fifo(topic, arn, TOPIC_TYPE, "FifoTopic")


def _is_fifo(resource: Resource | None, arn: Value | None, type_: str, flag: str) -> bool | None:
    if resource is not None and resource.type == type_:
        if not resource.has(flag):
            return False  # FIFO only when the flag says so
        fifo = resource.get(flag)
        return fifo.boolean if fifo is not None else None
    if arn is not None and isinstance(arn.value, str):
        return arn.value.endswith(".fifo")
    return None


def has_response_type(mapping: Mapping, response_type: str = "ReportBatchItemFailures") -> bool | None:
    """Whether FunctionResponseTypes lists ``response_type``; None when the list is unknown."""
    value = mapping.get("FunctionResponseTypes")
    if value is None:
        return False
    if not isinstance(value.value, list):
        return None
    resolved = value.resolved()
    return response_type in resolved if isinstance(resolved, list) else None
