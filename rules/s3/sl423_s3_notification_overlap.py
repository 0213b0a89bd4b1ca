from __future__ import annotations

from fnmatch import fnmatchcase

from slint.rule import Rule, Severity, entry

from ._shared import BUCKET, events_of, filter_rules

_CONFIGURATIONS = ("LambdaConfigurations", "QueueConfigurations", "TopicConfigurations")


def _events_overlap(left: str, right: str) -> bool:
    return fnmatchcase(left, right) or fnmatchcase(right, left)


def _filters_overlap(left: dict, right: dict) -> bool:
    """Some key matches both filters: the prefixes nest and the suffixes nest."""
    lp, rp = left.get("prefix", ""), right.get("prefix", "")
    ls, rs = left.get("suffix", ""), right.get("suffix", "")
    return (lp.startswith(rp) or rp.startswith(lp)) and (ls.endswith(rs) or rs.endswith(ls))


class S3NotificationOverlap(Rule):
    """
    ## What it does
    Compares every notification of one bucket (SAM `S3` events on it and its own
    `Lambda`/`Queue`/`TopicConfigurations`) and flags two that share an event type (wildcards
    included, such as `s3:ObjectCreated:*` and `s3:ObjectCreated:Put`) with overlapping prefix and
    suffix filters.
    ## Why is this bad?
    S3 rejects the configuration ("Configuration is ambiguously defined. Cannot have overlapping
    suffixes in two rules if the prefixes are overlapping for the same event type.") and the
    deployment fails.
    ## Example
    ```yaml
    Globals:
      Function:
        Runtime: python3.13
        Handler: app.handler
    Resources:
      Uploads:
        Type: AWS::S3::Bucket
      Resize:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: resize/
          Events:
            Images: {Type: S3, Properties: {Bucket: !Ref Uploads, Events: "s3:ObjectCreated:*"}}
      Catalog:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: catalog/
          Events:
            Thumbnails: {Type: S3, Properties: {Bucket: !Ref Uploads, Events: "s3:ObjectCreated:Put"}}
    ```
    ## Use instead
    ```yaml
    Globals:
      Function:
        Runtime: python3.13
        Handler: app.handler
    Resources:
      Uploads:
        Type: AWS::S3::Bucket
      Resize:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: resize/
          Events:
            Images:
              Type: S3
              Properties:
                Bucket: !Ref Uploads
                Events: "s3:ObjectCreated:*"
                Filter: {S3Key: {Rules: [{Name: prefix, Value: images/}]}}
      Catalog:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: catalog/
          Events:
            Thumbnails:
              Type: S3
              Properties:
                Bucket: !Ref Uploads
                Events: "s3:ObjectCreated:Put"
                Filter: {S3Key: {Rules: [{Name: prefix, Value: thumbnails/}]}}
    ```
    Give the notifications disjoint prefixes or suffixes, or merge them into one.
    ## References
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
    - https://repost.aws/knowledge-center/lambda-s3-event-configuration-error
    """

    id = "SL423"
    name = "s3-notification-overlap"
    severity = Severity.ERROR
    resource_types = (BUCKET,)
    source_url = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html"
    messages = {
        "overlap": (
            "Notification for {event} overlaps {other} (same event type, overlapping prefix and suffix filters); S3 "
            "rejects ambiguous configurations"
        )
    }

    def check_resource(self, bucket, ctx):
        seen: list[tuple[str, dict, str, object]] = []
        for anchor, events, rules, label, destination in self._notifications(bucket, ctx):
            for event in events:
                other = next(
                    (
                        name
                        for e, r, name, d in seen
                        if d != destination and _events_overlap(e, event) and _filters_overlap(r, rules)
                    ),
                    None,
                )
                if other is not None:
                    ctx.report(anchor, "overlap", event=event, other=other)
                    break
            seen.extend((event, rules, label, destination) for event in events)

    @staticmethod
    def _notifications(bucket, ctx):
        """(where, event types, filter rules, label, destination) for each known notification of the
        bucket. The same destination twice is left alone: SAM merges its events with the bucket's own."""
        graph = ctx.graph
        for kind in _CONFIGURATIONS:
            destination_key = {
                "LambdaConfigurations": "Function",
                "QueueConfigurations": "Queue",
                "TopicConfigurations": "Topic",
            }[kind]
            for index, item in enumerate(bucket.items("NotificationConfiguration", kind) or []):
                config = item.resolved()
                rules = filter_rules(config.get("Filter")) if isinstance(config, dict) else None
                if rules is not None and isinstance(config.get("Event"), str):
                    named = entry(item, destination_key)
                    destination = graph.function_of(named) or graph.target(named) or repr(config.get(destination_key))
                    yield item, [config["Event"]], rules, f"{kind}[{index}]", destination
        for trigger in graph.triggers_from(bucket, kind="S3"):
            condition = trigger.function.condition
            if trigger.declared_by is not trigger.function or condition and ctx.condition(condition) is not True:
                continue
            filter_value = trigger.get("Filter")
            rules = filter_rules(filter_value.resolved() if filter_value is not None else None)
            events = events_of(trigger)
            if rules is not None and events is not None:
                yield (
                    trigger.get("Events"),
                    events,
                    rules,
                    f"{trigger.function.logical_id} event {trigger.name}",
                    trigger.function,
                )
