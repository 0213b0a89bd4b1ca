"""S3 triggers and recursive loops: notifications, their permissions, and functions that feed themselves."""

from __future__ import annotations

from fnmatch import fnmatchcase

from slint.aws import FUNCTION_TYPES
from slint.nodes import intrinsic_name
from slint.rule import Rule, Severity

BUCKET = "AWS::S3::Bucket"
_LOOPS = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html"
_CONFIGURATIONS = ("LambdaConfigurations", "QueueConfigurations", "TopicConfigurations")


def _writes(grant, templates: frozenset[str], actions: tuple[str, ...]) -> bool:
    """Whether a grant allows one of ``actions`` (IAM wildcards in the grant honoured)."""
    if grant.kind == "template":
        return grant.name in templates
    if grant.kind == "connector":
        return "Write" in grant.actions
    return any(fnmatchcase(action.lower(), pattern.lower()) for pattern in grant.actions for action in actions)


def _as_list(resolved) -> list:
    return resolved if isinstance(resolved, list) else [resolved]


def _filter_rules(filter_value) -> dict[str, str] | None:
    """{"prefix": …, "suffix": …} from an S3 ``Filter``; {} when absent, None when unknown."""
    if filter_value is None:
        return {}
    rules = filter_value.get("S3Key", {}).get("Rules", []) if isinstance(filter_value, dict) else None
    if not isinstance(rules, list):
        return None
    out = {}
    for rule in rules:
        if not isinstance(rule, dict) or not isinstance(rule.get("Name"), str) or not isinstance(rule.get("Value"), str):
            return None
        out[rule["Name"].lower()] = rule["Value"]
    return out


def _events_of(trigger) -> list[str] | None:
    """The S3 event types of a trigger (SAM ``Events`` or CFN ``Event``); None when unknown."""
    value = trigger.get("Events") if trigger.declared_by is trigger.function else trigger.get("Event")
    if value is None:
        return None
    events = _as_list(value.resolved())
    return events if all(isinstance(e, str) for e in events) else None


class S3RecursiveWrite(Rule):
    """
    ## What it does
    Flags a function triggered by object creation in an S3 bucket of the template (SAM `S3` event,
    or the bucket's `NotificationConfiguration.LambdaConfigurations`) with no prefix or suffix
    filter, when the function may also write to that bucket: a SAM policy template
    `S3CrudPolicy`/`S3WritePolicy`/`S3FullAccessPolicy` on the bucket, an IAM statement allowing
    `s3:PutObject` on it (in `Policies`, the execution role or a policy attached to it), or a SAM
    connector with `Write` to it. With a filter the rule stays silent: the template does not say
    where the function writes.
    ## Why is this bad?
    Each object the function writes triggers it again: a recursive loop that runs up costs.
    Lambda stops S3 loops only after about 16 recursive invocations.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Policies: [{S3CrudPolicy: {BucketName: !Ref Images}}]
        Events:
          Upload: {Type: S3, Properties: {Bucket: !Ref Images, Events: "s3:ObjectCreated:*"}}
    ```
    ## Use instead
    Write to a second bucket, or filter the trigger to the prefix of incoming objects:
    ```yaml
          Upload:
            Type: S3
            Properties:
              Bucket: !Ref Images
              Events: "s3:ObjectCreated:*"
              Filter: {S3Key: {Rules: [{Name: prefix, Value: incoming/}]}}
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html
    - https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html
    """

    id = "SL420"
    name = "s3-recursive-write"
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html"
    WRITE_TEMPLATES = frozenset({"S3CrudPolicy", "S3WritePolicy", "S3FullAccessPolicy"})
    WRITE_ACTIONS = ("s3:PutObject",)
    messages = {
        "loop": "Function {function} runs on object creation in bucket {bucket} without a prefix or suffix filter, and may write to it ({grant}); each object it writes invokes it again",
    }

    def check_resource(self, function, ctx):
        grants = ctx.graph.grants(function)
        for trigger in ctx.graph.triggers(function, kind="S3"):
            bucket = trigger.source
            if bucket is None or bucket.type != BUCKET:
                continue
            events = _events_of(trigger)
            if events is not None and not any(fnmatchcase("s3:ObjectCreated:Put", e) or e.startswith("s3:ObjectCreated") for e in events):
                continue
            filter_value = trigger.get("Filter")
            if _filter_rules(filter_value.resolved() if filter_value is not None else None) != {}:
                continue
            grant = next((g for g in grants if g.target is bucket and _writes(g, self.WRITE_TEMPLATES, self.WRITE_ACTIONS)), None)
            if grant is not None:
                where = trigger.source_value or trigger.get("Function") or trigger.properties
                ctx.report(where, "loop", function=function.logical_id, bucket=bucket.logical_id, grant=_describe(grant))


def _describe(grant) -> str:
    if grant.kind == "template":
        return grant.name
    if grant.kind == "connector":
        return f"connector {grant.name}"
    return "statement allowing " + ", ".join(grant.actions)


class LambdaRecursiveLoop(Rule):
    """
    ## What it does
    Flags a function that consumes an SQS queue or an SNS topic of the template and may also send
    to that same queue or publish to that same topic: SAM policy templates
    (`SQSSendMessagePolicy`, `SNSPublishMessagePolicy`, `SNSCrudPolicy`), IAM statements allowing
    `sqs:SendMessage`/`sns:Publish` on it, or SAM connectors with `Write` to it. Notes (info) a
    function whose `RecursiveLoop` is `Allow`, which turns loop detection off.
    ## Why is this bad?
    A message the function sends back to its own source invokes it again. Lambda detects such
    loops and stops them after about 16 invocations, unless `RecursiveLoop: Allow`.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Policies: [{SQSSendMessagePolicy: {QueueName: !GetAtt Jobs.QueueName}}]
        Events:
          Jobs: {Type: SQS, Properties: {Queue: !GetAtt Jobs.Arn}}
    ```
    ## Use instead
    Send follow-up work to another queue, or keep `RecursiveLoop: Terminate` (the default) when
    the loop is intended and bounded.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html
    """

    id = "SL421"
    name = "lambda-recursive-loop"
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = _LOOPS
    SENDS = {
        "SQS": (frozenset({"SQSSendMessagePolicy"}), ("sqs:SendMessage",)),
        "SNS": (frozenset({"SNSPublishMessagePolicy", "SNSCrudPolicy"}), ("sns:Publish",)),
    }
    messages = {
        "loop": "Function {function} consumes {source} and may also send to it ({grant}); each message it sends invokes it again",
        "detection_off": "RecursiveLoop Allow turns off Lambda's recursive loop detection for this function",
    }

    def check_resource(self, function, ctx):
        grants = ctx.graph.grants(function)
        for trigger in ctx.graph.triggers(function):
            if trigger.kind not in self.SENDS or trigger.source is None:
                continue
            templates, actions = self.SENDS[trigger.kind]
            grant = next((g for g in grants if g.target is trigger.source and _writes(g, templates, actions)), None)
            if grant is not None:
                ctx.report(trigger.source_value or trigger.properties or function, "loop", function=function.logical_id, source=trigger.source.logical_id, grant=_describe(grant))
        for value in function.each("RecursiveLoop"):
            if value.text == "Allow":
                ctx.report(value, "detection_off", severity=Severity.INFO)


class S3NotificationPermission(Rule):
    """
    ## What it does
    For each `AWS::S3::Bucket` `NotificationConfiguration.LambdaConfigurations` entry whose function
    is in the template, looks for an `AWS::Lambda::Permission` for that function with an S3
    principal, and checks that the bucket `DependsOn` it. (SAM `S3` events create both for you.)
    ## Why is this bad?
    CloudFormation checks that the bucket may invoke the function when it writes the notification
    configuration; without the permission, or when the permission is created after the bucket,
    the stack fails with "Unable to validate the following destination configurations". A
    permission whose `SourceArn` refers to the bucket (`!Ref`/`!GetAtt`) is always created after
    it; build the ARN from the bucket name with `!Sub` and add `DependsOn` instead.
    ## Example
    ```yaml
    Bucket:
      Type: AWS::S3::Bucket
      Properties:
        NotificationConfiguration:
          LambdaConfigurations: [{Event: "s3:ObjectCreated:*", Function: !GetAtt Fn.Arn}]
    ```
    ## Use instead
    ```yaml
    Bucket:
      Type: AWS::S3::Bucket
      DependsOn: BucketInvoke
      Properties:
        BucketName: !Sub "uploads-${AWS::AccountId}"
        NotificationConfiguration:
          LambdaConfigurations: [{Event: "s3:ObjectCreated:*", Function: !GetAtt Fn.Arn}]
    BucketInvoke:
      Type: AWS::Lambda::Permission
      Properties:
        Action: lambda:InvokeFunction
        FunctionName: !Ref Fn
        Principal: s3.amazonaws.com
        SourceAccount: !Ref AWS::AccountId
        SourceArn: !Sub "arn:${AWS::Partition}:s3:::uploads-${AWS::AccountId}"
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-notificationconfiguration.html
    - https://repost.aws/knowledge-center/unable-validate-circular-dependency-cloudformation
    """

    id = "SL422"
    name = "s3-notification-permission"
    severity = Severity.ERROR
    resource_types = (BUCKET,)
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-notificationconfiguration.html"
    messages = {
        "missing_permission": "No AWS::Lambda::Permission lets S3 invoke {function}; CloudFormation cannot validate this notification",
        "created_after": "Permission {permission} refers to this bucket, so it is created after the bucket and the notification cannot be validated; build its SourceArn with !Sub from the bucket name and add DependsOn: {permission}",
        "no_depends_on": "The bucket does not DependsOn permission {permission}; if the bucket is created first, the notification cannot be validated",
    }

    def check_resource(self, bucket, ctx):
        graph = ctx.graph
        created_before = _dependencies(bucket, graph)
        sam_events = {t.function.logical_id for t in graph.triggers_from(bucket, kind="S3") if t.declared_by is t.function}
        checked = set(sam_events)  # SAM adds the permission (and the DependsOn) for its S3 events
        for trigger in graph.triggers_from(bucket, kind="S3"):
            if trigger.declared_by is not bucket or trigger.function.logical_id in checked:
                continue
            checked.add(trigger.function.logical_id)
            where = trigger.get("Function") or trigger.properties
            permissions = [
                p for p in ctx.template.resources_of("AWS::Lambda::Permission")
                if graph.function_of(p.get("FunctionName")) is trigger.function and _s3_principal(p) and _may_name(p, bucket)
            ]  # fmt: skip
            if not permissions:
                ctx.report(where, "missing_permission", function=trigger.function.logical_id)
            elif not created_before.intersection(p.logical_id for p in permissions):
                permission = permissions[0]
                if any(e.target is bucket for e in graph.references(permission)):
                    ctx.report(where, "created_after", permission=permission.logical_id)
                else:
                    ctx.report(where, "no_depends_on", severity=Severity.WARNING, permission=permission.logical_id)


def _dependencies(resource, graph) -> set[str]:
    """Logical ids CloudFormation creates before ``resource``: what it refers to or DependsOn, transitively."""
    seen: set[str] = set()
    stack = [resource]
    while stack:
        for edge in graph.references(stack.pop()):
            if edge.kind in ("ref", "getatt", "sub", "depends_on") and edge.target.logical_id not in seen:
                seen.add(edge.target.logical_id)
                stack.append(edge.target)
    return seen


def _may_name(permission, bucket) -> bool:
    """False only when both the permission's SourceArn and the bucket's name are known and differ."""
    source, name = permission.get("SourceArn"), bucket.get("BucketName")
    if source is None or name is None or name.text is None:
        return True
    text = source.text
    if text is None and intrinsic_name(source.raw) == "Fn::Sub" and isinstance(source.raw["Fn::Sub"], str):
        text = source.raw["Fn::Sub"]  # the name part is literal even when ${AWS::Partition} is unknown
    return text is None or text.endswith(f":::{name.text}")


def _s3_principal(permission) -> bool:
    principal = permission.get("Principal")
    return principal is not None and (not principal.known or isinstance(principal.value, str) and ("s3" in principal.value or principal.value == "*"))


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
    Events:
      Images: {Type: S3, Properties: {Bucket: !Ref B, Events: "s3:ObjectCreated:*"}}
      Thumbnails: {Type: S3, Properties: {Bucket: !Ref B, Events: "s3:ObjectCreated:Put"}}
    ```
    ## Use instead
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
    messages = {"overlap": "Notification for {event} overlaps {other} (same event type, overlapping prefix and suffix filters); S3 rejects ambiguous configurations"}

    def check_resource(self, bucket, ctx):
        seen: list[tuple[str, dict, str, object]] = []
        for anchor, events, rules, label, destination in self._notifications(bucket, ctx):
            for event in events:
                other = next((name for e, r, name, d in seen if d != destination and _events_overlap(e, event) and _filters_overlap(r, rules)), None)
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
            destination_key = {"LambdaConfigurations": "Function", "QueueConfigurations": "Queue", "TopicConfigurations": "Topic"}[kind]
            for index, item in enumerate(bucket.items("NotificationConfiguration", kind) or []):
                config = item.resolved()
                rules = _filter_rules(config.get("Filter")) if isinstance(config, dict) else None
                if rules is not None and isinstance(config.get("Event"), str):
                    raw = item.raw.get(destination_key) if isinstance(item.raw, dict) else None
                    destination = graph.function_of(raw) or graph.target(raw) or repr(config.get(destination_key))
                    yield item, [config["Event"]], rules, f"{kind}[{index}]", destination
        resolver = ctx.template.resolver
        for trigger in graph.triggers_from(bucket, kind="S3"):
            condition = trigger.function.condition
            if trigger.declared_by is not trigger.function or condition and resolver.condition(condition) is not True:
                continue
            filter_value = trigger.get("Filter")
            rules = _filter_rules(filter_value.resolved() if filter_value is not None else None)
            events = _events_of(trigger)
            if rules is not None and events is not None:
                yield trigger.get("Events"), events, rules, f"{trigger.function.logical_id} event {trigger.name}", trigger.function


def _events_overlap(left: str, right: str) -> bool:
    return fnmatchcase(left, right) or fnmatchcase(right, left)


def _filters_overlap(left: dict, right: dict) -> bool:
    """Some key matches both filters: the prefixes nest and the suffixes nest."""
    lp, rp = left.get("prefix", ""), right.get("prefix", "")
    ls, rs = left.get("suffix", ""), right.get("suffix", "")
    return (lp.startswith(rp) or rp.startswith(lp)) and (ls.endswith(rs) or rs.endswith(ls))


class SamEventSourceSameTemplate(Rule):
    """
    ## What it does
    Checks that a SAM `S3` event's `Bucket` is a `!Ref` to an `AWS::S3::Bucket` of the same
    template, and that a SAM `Cognito` event's `UserPool` is a `!Ref` to an
    `AWS::Cognito::UserPool` of the same template (not a name, an ARN, a parameter or an import).
    ## Why is this bad?
    SAM adds the notification (or the trigger) to the bucket or user pool resource itself, so it
    must be in the template; otherwise the transform fails.
    ## Example
    ```yaml
    Events:
      Upload: {Type: S3, Properties: {Bucket: my-existing-bucket, Events: "s3:ObjectCreated:*"}}
    ```
    ## Use instead
    Declare the bucket in the template and write `Bucket: !Ref Uploads`, or configure the
    notification where the bucket is defined (with an `AWS::Lambda::Permission`).
    ## References
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-s3.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-cognito.html
    """

    id = "SL424"
    name = "sam-event-source-same-template"
    severity = Severity.ERROR
    resource_types = ("AWS::Serverless::Function",)
    source_url = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-s3.html"
    SOURCES = {"S3": ("Bucket", BUCKET), "Cognito": ("UserPool", "AWS::Cognito::UserPool")}
    messages = {"not_in_template": "{event} event {property} {value} must be a !Ref to an {type} in this template"}

    def check_resource(self, function, ctx):
        for trigger in ctx.graph.triggers(function):
            if trigger.declared_by is not function or trigger.kind not in self.SOURCES:
                continue
            prop, type_ = self.SOURCES[trigger.kind]
            value = trigger.source_value
            if value is None or intrinsic_name(value.raw) == "Fn::If":
                continue  # a missing property is the SAM schema's business; If branches are not followed
            if intrinsic_name(value.raw) != "Ref" or trigger.source is None or trigger.source.type != type_:
                shown = value.describe() if value.known else _written(value.raw)
                ctx.report(value, "not_in_template", event=trigger.kind, property=prop, value=shown, type=type_)


def _written(raw) -> str:
    name = intrinsic_name(raw)
    return f"{name} {raw[name]}" if name else str(raw)
