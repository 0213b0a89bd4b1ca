"""The resource graph: references, SAM events, event source mappings and associations as edges.

Rules ask the graph ("event sources of this function", "functions that consume this queue",
"CloudFront associations of this function") instead of walking the template themselves.
Everything here is built once per template, in one pass over each resource.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Resource, Template
from ..nodes import MapNode, intrinsic_name, key_span, sub_template
from ..values import Value
from .permissions import InvokePermission, function_names, named_function, read_permissions

FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")
SAM_EVENT_OWNER_TYPES = ("AWS::Serverless::Function", "AWS::Serverless::StateMachine")  # resources with SAM ``Events``
_SUB_REF = re.compile(r"\$\{([A-Za-z0-9:_]+)(?:\.([A-Za-z0-9_.]+))?\}")

# How a trigger invokes its target.
POLLER_EVENTS = frozenset({"SQS", "Kinesis", "DynamoDB", "MSK", "MQ", "SelfManagedKafka", "DocumentDB"})
ASYNC_EVENTS = frozenset(
    {
        "S3",
        "SNS",
        "EventBridgeRule",
        "CloudWatchEvent",
        "Schedule",
        "ScheduleV2",
        "CloudWatchLogs",
        "IoTRule",
        "CodeCommit",
    }
)
SYNC_EVENTS = frozenset(
    {"Api", "HttpApi", "Cognito", "CloudFront", "FunctionUrl", "ALB", "AlexaSkill"}
)  # Alexa waits for the response

# SAM event type -> the property naming its source.
_SAM_EVENT_SOURCE = {
    "SQS": "Queue",
    "Kinesis": "Stream",
    "DynamoDB": "Stream",
    "MSK": "Stream",
    "DocumentDB": "Cluster",
    "MQ": "Broker",
    "S3": "Bucket",
    "SNS": "Topic",
    "Api": "RestApiId",
    "HttpApi": "ApiId",
    "Cognito": "UserPool",
    "EventBridgeRule": "EventBusName",
    "CloudWatchEvent": "EventBusName",
}


@dataclass
class Edge:
    source: Resource
    target: Resource
    kind: str  # "ref" | "getatt" | "sub" | "depends_on" | "event" | "layer" | "role" | "policy" | "association"
    value: Value | None = None  # where the reference is written
    attribute: str | None = None  # for GetAtt/Sub: the attribute named


@dataclass
class Trigger:
    """Something that invokes a function (or a SAM state machine): a SAM event, an event source
    mapping, a notification…

    ``function`` is the invoked resource: a Lambda function, or a SAM state machine for the events
    it declares itself (Schedule, ScheduleV2, CloudWatchEvent, EventBridgeRule, Api). Per-resource
    queries only return a state machine's triggers when asked about that state machine."""

    function: Resource
    kind: str  # SAM event type vocabulary: "SQS", "S3", "Api", "Schedule", "CloudFront", …
    name: str  # SAM event name, or the logical id of the resource that declares it
    declared_by: Resource  # the function or state machine (SAM event), or the ESM/bucket/rule/… resource
    properties: Value | None  # the event's Properties, or the declaring resource's properties
    source: Resource | None = None  # the in-template queue/bucket/topic/api/table, when known
    source_value: Value | None = None  # where the source is named

    @property
    def is_poller(self) -> bool:
        return self.kind in POLLER_EVENTS

    @property
    def is_async(self) -> bool:
        return self.kind in ASYNC_EVENTS

    @property
    def is_sync(self) -> bool:
        return self.kind in SYNC_EVENTS

    def get(self, *path: Any) -> Value | None:
        """A property of the event/mapping (resolved), or None."""
        if self.properties is None or not isinstance(self.properties.value, dict):
            return None
        container: Any = self.properties.value
        resolver = self.function.template.resolver
        value = None
        for key in path:
            if not isinstance(container, dict) or intrinsic_name(container) or key not in container:
                return None
            value = resolver.located(container, key, self.declared_by)
            container = value.value
        return value


@dataclass
class Grant:
    """A permission a function's role holds: a SAM policy template, an IAM statement, a SAM connector."""

    function: Resource
    kind: str  # "template" | "statement" | "connector"
    name: str  # the policy template (S3CrudPolicy, …), "Statement", or the connector's name
    actions: tuple[str, ...]  # a statement's actions, a connector's Permissions (Read/Write); () for templates
    target: Resource | None  # the in-template resource it names (bucket, queue, topic, …), when known
    value: Value  # where it is written: the template argument, the statement's Resource entry, the Destination
    action: Value | None = None  # a statement's Action as written (for rules that report on the actions)


@dataclass
class EdgeAssociation:
    """A CloudFront distribution cache behavior that runs a Lambda@Edge function."""

    distribution: Resource
    function: Resource | None
    event_type: str | None
    arn: Value  # LambdaFunctionARN as written
    version: Resource | None = None  # the version/alias resource referenced, when in-template


@dataclass
class Artifact:
    """A local file or directory that a resource packages (CodeUri, ContentUri, DefinitionUri…)."""

    resource: Resource
    property: str
    value: Value  # the path as written

    @property
    def path(self) -> str | None:
        return self.value.value if isinstance(self.value.value, str) else None


@dataclass
class Graph:
    template: Template
    edges_out: dict[str, list[Edge]] = field(default_factory=dict)
    edges_in: dict[str, list[Edge]] = field(default_factory=dict)
    implicit: dict[str, Resource] = field(default_factory=dict)
    _triggers: list[Trigger] = field(default_factory=list)
    _associations: list[EdgeAssociation] = field(default_factory=list)

    def __init__(self, template: Template):
        self.template = template
        self.edges_out = {}
        self.edges_in = {}
        self.implicit = {}
        self._triggers = []
        self._associations = []
        self._indexes: dict[tuple[str, str], tuple[int, dict[int, list]]] = {}
        self._permissions: tuple[dict[str, list[InvokePermission]], bool] | None = None
        self._function_names: dict[str, Resource] | None = None
        self._build()

    # -- queries ------------------------------------------------------------------------------

    def resource(self, logical_id: Any) -> Resource | None:
        if not isinstance(logical_id, str):
            return None
        return self.template.resources.get(logical_id) or self.implicit.get(logical_id)

    def references(self, resource: Resource, kind: str | None = None) -> list[Edge]:
        edges = self.edges_out.get(resource.logical_id, [])
        return [e for e in edges if e.kind == kind] if kind else list(edges)

    def referrers(self, resource: Resource, kind: str | None = None) -> list[Edge]:
        edges = self.edges_in.get(resource.logical_id, [])
        return [e for e in edges if e.kind == kind] if kind else list(edges)

    def triggers(self, function: Resource | None = None, kind: str | None = None) -> list[Trigger]:
        """Triggers of one function or SAM state machine (or of all), optionally of one kind."""
        found = self._triggers if function is None else self._index("_triggers", "function").get(id(function), ())
        return [t for t in found if kind is None or t.kind == kind]

    def triggers_from(self, source: Resource, kind: str | None = None) -> list[Trigger]:
        """Triggers whose source is ``source`` (the functions consuming a queue, a bucket's …)."""
        return [t for t in self._index("_triggers", "source").get(id(source), ()) if kind is None or t.kind == kind]

    def consumers(self, source: Resource) -> list[Resource]:
        seen: dict[str, Resource] = {}
        for trigger in self.triggers_from(source):
            seen.setdefault(trigger.function.logical_id, trigger.function)
        return list(seen.values())

    def edge_associations(
        self, function: Resource | None = None, *, distribution: Resource | None = None
    ) -> list[EdgeAssociation]:
        """Lambda@Edge associations: every one, those running ``function``, those of ``distribution``
        (or both), each served from an index."""
        if distribution is not None:
            found = self._index("_associations", "distribution").get(id(distribution), ())
            return [a for a in found if function is None or a.function is function]
        if function is None:
            return list(self._associations)
        return list(self._index("_associations", "function").get(id(function), ()))

    def _index(self, items: str, attribute: str) -> dict[int, list]:
        """``self.<items>`` grouped by the identity of each item's ``attribute``, so per-resource
        queries stay linear; rebuilt when the list has grown since (builders append to it)."""
        listed = getattr(self, items)
        key = (items, attribute)
        cached = self._indexes.get(key)
        if cached is None or cached[0] != len(listed):
            groups: dict[int, list] = {}
            for item in listed:
                owner = getattr(item, attribute)
                if owner is not None:
                    groups.setdefault(id(owner), []).append(item)
            cached = self._indexes[key] = (len(listed), groups)
        return cached[1]

    def functions(self) -> list[Resource]:
        return self.template.resources_of(*FUNCTION_TYPES)

    def attached(self, function: Resource, *types: str) -> list[Resource]:
        """Resources of ``types`` (versions, aliases, EventInvokeConfig …) whose ``FunctionName``
        names ``function``: by reference, through versions and aliases, or by literal name."""
        candidates = self.template.resources_of(*types)
        if not candidates:  # the common case, and no need for the functions' names
            return []
        names = self._names_of_functions()
        return [
            resource
            for resource in candidates
            if (name := resource.get("FunctionName")) is not None and named_function(self, name, names) is function
        ]

    def _names_of_functions(self) -> dict[str, Resource]:
        if self._function_names is None:
            self._function_names = function_names(self)
        return self._function_names

    def unidentified_functions(self, *types: str) -> bool:
        """Whether a resource of ``types`` names a function slint cannot identify (it may be any)."""
        return any(
            (name := resource.get("FunctionName")) is not None and not name.known and self.function_of(name) is None
            for resource in self.template.resources_of(*types)
        )

    def created_before(self, resource: Resource) -> set[str]:
        """Logical ids CloudFormation creates before ``resource``: what it refers to (Ref, GetAtt,
        Sub) or DependsOn, transitively."""
        seen: set[str] = set()
        stack = [resource]
        while stack:
            for edge in self.references(stack.pop()):
                if edge.kind in ("ref", "getatt", "sub", "depends_on") and edge.target.logical_id not in seen:
                    seen.add(edge.target.logical_id)
                    stack.append(edge.target)
        return seen

    def invoke_permissions(self, function: Resource) -> list[InvokePermission] | None:
        """The ``AWS::Lambda::Permission`` resources for ``function`` (named by reference,
        through a version or alias, or by its literal ``FunctionName``); None when one names a
        function slint cannot identify, which may be this one."""
        if self._permissions is None:
            self._permissions = read_permissions(self)
        by_function, unidentified = self._permissions
        return None if unidentified else by_function.get(function.logical_id, [])

    def target(self, node: Any) -> Resource | None:
        """The in-template resource a node refers to (Ref, GetAtt, or a Sub naming one resource)."""
        if isinstance(node, Value):
            node = node.raw
        name = intrinsic_name(node)
        if name == "Ref":
            return self.resource(node["Ref"])
        if name == "Fn::GetAtt":
            args = node["Fn::GetAtt"]
            if isinstance(args, list) and args:
                return self.resource(args[0])
            if isinstance(args, str):
                return self.resource(args.split(".")[0])
        if name == "Fn::Sub":
            text = sub_template(node)
            if text:
                targets = {m.group(1) for m in _SUB_REF.finditer(text) if self.resource(m.group(1))}
                if len(targets) == 1:
                    return self.resource(targets.pop())
        if name == "Fn::If":
            return None
        return None

    def function_of(self, node: Any) -> Resource | None:
        """The function behind a reference: the function itself, or one of its versions/aliases."""
        if isinstance(node, Value):
            node = node.raw
        if intrinsic_name(node) == "Ref" and isinstance(node["Ref"], str) and "." in node["Ref"]:
            base = self.resource(node["Ref"].split(".")[0])  # SAM's MyFunction.Version / .Alias
            return base if base is not None and base.type in FUNCTION_TYPES else None
        target = self.target(node)
        for _ in range(3):  # version -> alias -> function
            if target is None:
                return None
            if target.type in FUNCTION_TYPES:
                return target
            if target.implicit and target.origin is not None:
                target = target.origin
                continue
            if target.type in (
                "AWS::Lambda::Version",
                "AWS::Lambda::Alias",
                "AWS::Lambda::Url",
                "AWS::Lambda::EventInvokeConfig",
            ):
                target = self.target(target.properties.get("FunctionName"))
                continue
            return None
        return None

    def function_in_uri(self, uri: Value | None) -> Resource | None:
        """The function an API Gateway integration or authorizer URI invokes (a reference, or one
        named inside a Sub), or None."""
        return _function_in_uri(self, uri) if uri is not None else None

    def layers(self, function: Resource) -> list[tuple[Value, Resource | None]]:
        """Each layer of a function (Globals first) and the in-template layer resource, if any."""
        out = []
        for item in function.items("Layers") or []:
            layer = self.target(item.raw)
            out.append((item, layer if layer is not None and "LayerVersion" in layer.type else None))
        return out

    def grants(self, function: Resource) -> list[Grant]:
        """What a function's role may do, as written in the template: SAM policy templates and
        statements in ``Policies``, statements of an in-template execution role and of the IAM
        policies attached to it, and SAM connectors (resources and embedded) from the function."""
        out: list[Grant] = []
        for item in function.items("Policies") or []:
            if not isinstance(item.value, dict):
                continue  # a managed policy name or ARN
            if "Statement" in item.value:
                out.extend(self._statement_grants(function, item))
                continue
            for name in item.value:  # {S3CrudPolicy: {BucketName: !Ref Bucket}}
                arguments = _value_of(function, item.value, name)
                names = (
                    [_value_of(function, arguments.value, key) for key in arguments.value]
                    if isinstance(arguments.value, dict)
                    else []
                )
                for argument in names or [arguments]:
                    out.append(Grant(function, "template", name, (), self._named_resource(argument.raw), argument))
        role = self.target(function.get("Role")) if function.has("Role") else None
        if role is not None and role.type == "AWS::IAM::Role":
            for policy in role.items("Policies") or []:
                if isinstance(policy.value, dict) and "PolicyDocument" in policy.value:
                    out.extend(self._statement_grants(function, _value_of(role, policy.value, "PolicyDocument")))
            attached = {
                e.source.logical_id: e.source
                for e in self.referrers(role)
                if e.source.type in _ATTACHED_POLICY_TYPES and e.value is not None and "Roles" in e.value.path
            }
            for policy in attached.values():
                out.extend(self._statement_grants(function, policy.get("PolicyDocument")))
        for connector in self.template.resources_of("AWS::Serverless::Connector"):
            source = connector.get("Source", "Id")
            if source is not None and source.value == function.logical_id:
                out.extend(
                    self._connector_grants(function, connector.logical_id, lambda *path, c=connector: c.get(*path))
                )
        embedded = function.get("Connectors")
        if embedded is not None and isinstance(embedded.value, dict):
            for name in embedded.value:
                out.extend(
                    self._connector_grants(
                        function, name, lambda *path, n=name: function.get("Connectors", n, "Properties", *path)
                    )
                )
        return out

    def _statement_grants(self, function: Resource, document: Value | None) -> Iterator[Grant]:
        if document is None or not isinstance(document.value, dict) or "Statement" not in document.value:
            return
        owner = document.resource
        for statement in _entries(owner, _value_of(owner, document.value, "Statement")):
            if not isinstance(statement.value, dict) or statement.value.get("Effect") != "Allow":
                continue
            actions = _value_of(owner, statement.value, "Action")
            action_list = actions.resolved() if actions is not None else []
            action_names = tuple(
                a for a in (action_list if isinstance(action_list, list) else [action_list]) if isinstance(a, str)
            )
            targets = _value_of(owner, statement.value, "Resource")
            if targets is None:
                continue
            for entry in _entries(owner, targets):
                yield Grant(
                    function, "statement", "Statement", action_names, self._named_resource(entry.raw), entry, actions
                )

    def _connector_grants(self, function: Resource, name: str, get) -> Iterator[Grant]:
        permissions = get("Permissions")
        resolved = permissions.resolved() if permissions is not None else []
        actions = tuple(p for p in resolved if isinstance(p, str)) if isinstance(resolved, list) else ()
        destination = get("Destination")
        if destination is None:
            return
        count = len(destination.value) if isinstance(destination.value, list) else 0
        for value in [get("Destination", i) for i in range(count)] if count else [destination]:
            if value is None or not isinstance(value.value, dict):
                continue
            target = (
                self.resource(value.value.get("Id"))
                if "Id" in value.value
                else self._named_resource(value.value.get("Arn"))
            )
            yield Grant(function, "connector", name, actions, target, value)

    def _named_resource(self, node: Any) -> Resource | None:
        """The one in-template resource a policy argument or ARN names (also inside a Join)."""
        target = self.target(node)
        if target is None and intrinsic_name(node) == "Fn::Join":
            args = node["Fn::Join"]
            parts = args[1] if isinstance(args, list) and len(args) == 2 and isinstance(args[1], list) else []
            named = {r.logical_id: r for r in (self.target(part) for part in parts) if r is not None}
            target = next(iter(named.values())) if len(named) == 1 else None
        return target

    def mapping_kind(self, mapping: Resource) -> str:
        """The source kind of an ``AWS::Lambda::EventSourceMapping`` ("SQS", "Kinesis", …, "Unknown"),
        also when its function is outside the template (so that it has no Trigger)."""
        source_value = mapping.get("EventSourceArn")
        return _esm_kind(self.target(source_value) if source_value is not None else None, source_value)

    def artifacts(self, resource: Resource, *, build_inputs: bool = False) -> list[Artifact]:
        """Local paths a resource packages: strings in CodeUri/ContentUri/DefinitionUri/Code/…
        (one per branch of an undecided ``Fn::If``).

        ``build_inputs`` adds what ``sam build`` reads from the resource's Metadata (an image
        function's ``DockerContext``), as property ``Metadata.DockerContext``."""
        out = []
        for prop in _ARTIFACT_PROPERTIES.get(resource.type, ()):
            value = resource.get(prop)
            for option in value.possibilities() if value is not None else ():  # each branch of an undecided If
                if isinstance(option.value, str) and not option.value.startswith(("s3://", "http://", "https://")):
                    out.append(Artifact(resource, prop, option))
        if build_inputs and resource.type in FUNCTION_TYPES and "DockerContext" in resource.metadata:
            value = self.template.resolver.located(resource.metadata, "DockerContext", resource)
            if isinstance(value.value, str):
                out.append(Artifact(resource, "Metadata.DockerContext", value))
        return out

    # -- construction ---------------------------------------------------------------------------

    def _build(self) -> None:
        template = self.template
        self._add_implicit_resources()
        for resource in list(template.resources.values()):
            self._scan_references(resource)
        for resource in template.resources.values():
            builder = _TRIGGER_BUILDERS.get(resource.type)
            if builder is not None:
                builder(self, resource)
        for function in self.functions():
            self._add_function_edges(function)

    def _add_function_edges(self, function: Resource) -> None:
        """Typed edges a reference scan cannot name: the execution role and each layer."""
        role = function.get("Role")
        target = self.target(role) if role is not None else self.implicit.get(f"{function.logical_id}Role")
        if target is not None:
            self._add_edge(function, target, "role", role)
        for item, layer in self.layers(function):
            if layer is not None:
                self._add_edge(function, layer, "layer", item)

    def _add_edge(
        self, source: Resource, target: Resource, kind: str, value: Value | None = None, attribute: str | None = None
    ) -> None:
        edge = Edge(source, target, kind, value, attribute)
        self.edges_out.setdefault(source.logical_id, []).append(edge)
        self.edges_in.setdefault(target.logical_id, []).append(edge)

    def _scan_references(self, resource: Resource) -> None:
        """One walk over a resource: every Ref, GetAtt, Sub and DependsOn becomes an edge."""
        node = resource.node
        if not isinstance(node, dict):
            return
        resolver = self.template.resolver
        stack: list[tuple[Any, Any, Any, int]] = [(node, k, None, 0) for k in node if k != "Metadata"]
        while stack:
            parent, key, _, depth = stack.pop()
            child = parent[key]
            if depth > 60:
                continue
            if parent is node and key == "DependsOn":
                targets = child if isinstance(child, list) else [child]
                for index, name in enumerate(targets):
                    target = self.resource(name)
                    if target is not None:
                        holder, holder_key = (child, index) if isinstance(child, list) else (parent, key)
                        self._add_edge(resource, target, "depends_on", resolver.located(holder, holder_key, resource))
                continue
            if not isinstance(child, (dict, list)):
                continue  # a scalar: nothing refers from here
            name = intrinsic_name(child) if len(child) == 1 else None
            if name == "Ref":
                target = self.resource(child["Ref"])
                if target is not None:
                    self._add_edge(resource, target, "ref", resolver.located(parent, key, resource))
                continue
            if name == "Fn::GetAtt":
                args = child["Fn::GetAtt"]
                parts = args if isinstance(args, list) else str(args).split(".", 1) if isinstance(args, str) else []
                target = self.resource(parts[0]) if parts else None
                if target is not None:
                    attribute = parts[1] if len(parts) > 1 and isinstance(parts[1], str) else None
                    self._add_edge(resource, target, "getatt", resolver.located(parent, key, resource), attribute)
                continue
            if name == "Fn::Sub":
                args = child["Fn::Sub"]
                text = sub_template(child)
                if text:
                    for match in _SUB_REF.finditer(text):
                        target = self.resource(match.group(1))
                        if target is not None:
                            self._add_edge(
                                resource, target, "sub", resolver.located(parent, key, resource), match.group(2)
                            )
                if isinstance(args, list) and len(args) == 2 and isinstance(args[1], dict):
                    stack.extend((args[1], k, None, depth + 1) for k in args[1])
                continue
            if isinstance(child, dict):
                stack.extend((child, k, None, depth + 1) for k in child)
            elif isinstance(child, list):
                stack.extend((child, i, None, depth + 1) for i in range(len(child)))

    def _add_implicit_resources(self) -> None:
        """The resources SAM creates behind the scenes, so references to them resolve."""
        template = self.template
        first_event: dict[str, tuple] = {}  # implicit API type -> span of the first event that needs it
        for owner in template.resources_of(*SAM_EVENT_OWNER_TYPES):
            if not owner.has("Role"):  # SAM generates <LogicalId>Role for functions and state machines
                self._implicit(f"{owner.logical_id}Role", "AWS::IAM::Role", owner)
            events = owner.properties.get("Events")
            for name, event_type, props in _sam_events(owner):
                api_key = {"Api": "RestApiId", "HttpApi": "ApiId"}.get(event_type)
                if api_key and not (isinstance(props, dict) and api_key in props):
                    first_event.setdefault(event_type, key_span(events, name))
        for function in template.resources_of("AWS::Serverless::Function"):
            alias = function.get("AutoPublishAlias")
            if alias is not None and alias.known:
                version = self._implicit(f"{function.logical_id}Version", "AWS::Lambda::Version", function)
                alias_name = alias.value if isinstance(alias.value, str) else "Alias"
                alias_resource = self._implicit(
                    f"{function.logical_id}Alias{alias_name}", "AWS::Lambda::Alias", function
                )
                self.implicit[f"{function.logical_id}.Version"] = version
                self.implicit[f"{function.logical_id}.Alias"] = alias_resource
        for api in template.resources_of("AWS::Serverless::Api", "AWS::Serverless::HttpApi"):
            if api.has("Domain"):  # SAM names it ApiGatewayDomainName<hash>; the API's id stands in for the hash
                kind = (
                    "AWS::ApiGateway::DomainName"
                    if api.type == "AWS::Serverless::Api"
                    else "AWS::ApiGatewayV2::DomainName"
                )
                self._implicit(f"ApiGatewayDomainName{api.logical_id}", kind, api)
        for event_type, logical_id, type_ in (
            ("Api", "ServerlessRestApi", "AWS::Serverless::Api"),
            ("HttpApi", "ServerlessHttpApi", "AWS::Serverless::HttpApi"),
        ):
            if event_type in first_event and logical_id not in template.resources:
                self._implicit(logical_id, type_, None, span=first_event[event_type])

    def _implicit(self, logical_id: str, type_: str, origin: Resource | None, span: tuple | None = None) -> Resource:
        """An implicit resource, located at its origin's logical id (or at ``span``, the event that creates it)."""
        if logical_id in self.template.resources:
            return self.template.resources[logical_id]
        span = span or (origin.span if origin is not None else (1, 1, 1, 1))
        properties: Any = MapNode(span, ("Resources", logical_id, "Properties"))
        if origin is None:  # SAM's implicit APIs take their settings from Globals.Api / Globals.HttpApi
            properties = self.template.globals_for(type_, properties)
        resource = Resource(
            self.template, logical_id, type_, MapNode(span, ()), properties, span, implicit=True, origin=origin
        )
        self.implicit[logical_id] = resource
        return resource


def _sam_events(owner: Resource) -> Iterator[tuple[str, str, Any]]:
    events = owner.properties.get("Events")
    if not isinstance(events, dict) or intrinsic_name(events):
        return
    for name, event in events.items():
        if isinstance(event, dict) and isinstance(event.get("Type"), str):
            yield name, event["Type"], event.get("Properties")


def _entries(resource: Resource, value: Value) -> list[Value]:
    """The located items of a list as written, or the value itself (IAM allows one item or a list)."""
    items = value.value
    if isinstance(items, list) and hasattr(items, "path"):
        return [resource.template.resolver.located(items, index, resource) for index in range(len(items))]
    return [value]


def _value_of(resource: Resource, container: Any, key: Any) -> Value | None:
    if isinstance(container, list):
        if not (isinstance(key, int) and 0 <= key < len(container)):
            return None
    elif not isinstance(container, dict) or key not in container:
        return None
    return resource.template.resolver.located(container, key, resource)


def _build_sam_events(graph: Graph, owner: Resource) -> None:
    """The ``Events`` of a SAM function or state machine, each a trigger of ``owner``."""
    events = owner.properties.get("Events")
    if not isinstance(events, dict) or intrinsic_name(events):
        return
    for name, event_type, props in _sam_events(owner):
        event = events[name]
        properties = _value_of(owner, event, "Properties")
        source = source_value = None
        source_key = _SAM_EVENT_SOURCE.get(event_type)
        if source_key and isinstance(props, dict):
            source_value = _value_of(owner, props, source_key)
            if source_value is not None:
                source = graph.target(source_value.raw)
        if source is None and event_type == "Api" and not (isinstance(props, dict) and "RestApiId" in props):
            source = graph.resource("ServerlessRestApi")
        if source is None and event_type == "HttpApi" and not (isinstance(props, dict) and "ApiId" in props):
            source = graph.resource("ServerlessHttpApi")
        graph._triggers.append(Trigger(owner, event_type, name, owner, properties, source, source_value))
        if source is not None:
            graph._add_edge(source, owner, "event", source_value or properties)


def _build_esm(graph: Graph, mapping: Resource) -> None:
    function_value = mapping.get("FunctionName")
    function = graph.function_of(function_value) if function_value is not None else None
    if function is None:
        return
    source_value = mapping.get("EventSourceArn")
    source = graph.target(source_value) if source_value is not None else None
    kind = _esm_kind(source, source_value)
    properties = Value(
        mapping.properties,
        mapping.properties,
        mapping.properties.span if hasattr(mapping.properties, "span") else mapping.span,
        mapping.path + ("Properties",),
        mapping,
    )
    graph._triggers.append(Trigger(function, kind, mapping.logical_id, mapping, properties, source, source_value))
    if source is not None:
        graph._add_edge(source, function, "event", source_value)


def _esm_kind(source: Resource | None, source_value: Value | None) -> str:
    if source is not None:
        return {
            "AWS::SQS::Queue": "SQS",
            "AWS::Kinesis::Stream": "Kinesis",
            "AWS::DynamoDB::Table": "DynamoDB",
            "AWS::DynamoDB::GlobalTable": "DynamoDB",
            "AWS::Serverless::SimpleTable": "DynamoDB",
            "AWS::MSK::Cluster": "MSK",
            "AWS::AmazonMQ::Broker": "MQ",
            "AWS::DocDB::DBCluster": "DocumentDB",
        }.get(source.type, "Unknown")
    text = source_value.value if source_value is not None and isinstance(source_value.value, str) else ""
    for marker, kind in (
        (":sqs:", "SQS"),
        (":kinesis:", "Kinesis"),
        (":dynamodb:", "DynamoDB"),
        (":kafka:", "MSK"),
        (":mq:", "MQ"),
    ):
        if marker in text:
            return kind
    return "Unknown"


def _build_bucket(graph: Graph, bucket: Resource) -> None:
    for config in bucket.items("NotificationConfiguration", "LambdaConfigurations") or []:
        if not isinstance(config.value, dict) or "Function" not in config.value:
            continue
        function_value = _value_of(bucket, config.value, "Function")
        function = graph.function_of(function_value)
        if function is not None:
            graph._triggers.append(Trigger(function, "S3", bucket.logical_id, bucket, config, bucket, None))
            graph._add_edge(bucket, function, "event", function_value)


def _build_sns_subscription(graph: Graph, subscription: Resource) -> None:
    protocol = subscription.get("Protocol")
    if protocol is None or protocol.value != "lambda":
        return
    function = graph.function_of(subscription.get("Endpoint"))
    if function is None:
        return
    topic_value = subscription.get("TopicArn")
    topic = graph.target(topic_value) if topic_value is not None else None
    properties = Value(
        subscription.properties,
        subscription.properties,
        subscription.span,
        subscription.path + ("Properties",),
        subscription,
    )
    graph._triggers.append(
        Trigger(function, "SNS", subscription.logical_id, subscription, properties, topic, topic_value)
    )
    if topic is not None:
        graph._add_edge(topic, function, "event", topic_value)


def _build_sns_topic(graph: Graph, topic: Resource) -> None:
    for subscription in topic.items("Subscription") or []:
        if not isinstance(subscription.value, dict):
            continue
        protocol = subscription.value.get("Protocol")
        if protocol != "lambda":
            continue
        endpoint = _value_of(topic, subscription.value, "Endpoint")
        function = graph.function_of(endpoint) if endpoint is not None else None
        if function is not None:
            graph._triggers.append(Trigger(function, "SNS", topic.logical_id, topic, subscription, topic, None))
            graph._add_edge(topic, function, "event", endpoint)


def _build_events_rule(graph: Graph, rule: Resource) -> None:
    schedule = rule.get("ScheduleExpression")
    kind = "Schedule" if schedule is not None else "EventBridgeRule"
    for target in rule.items("Targets") or []:
        if not isinstance(target.value, dict):
            continue
        arn = _value_of(rule, target.value, "Arn")
        function = graph.function_of(arn) if arn is not None else None
        if function is not None:
            graph._triggers.append(Trigger(function, kind, rule.logical_id, rule, target, rule, None))
            graph._add_edge(rule, function, "event", arn)


def _build_schedule(graph: Graph, schedule: Resource) -> None:
    arn = schedule.get("Target", "Arn")
    function = graph.function_of(arn) if arn is not None else None
    if function is not None:
        target = schedule.get("Target")
        graph._triggers.append(Trigger(function, "ScheduleV2", schedule.logical_id, schedule, target, schedule, None))
        graph._add_edge(schedule, function, "event", arn)


def _build_apigw_method(graph: Graph, method: Resource) -> None:
    uri = method.get("Integration", "Uri")
    integration_type = method.get("Integration", "Type")
    if uri is None or integration_type is None or integration_type.value not in ("AWS", "AWS_PROXY"):
        return
    function = _function_in_uri(graph, uri)
    if function is not None:
        api_value = method.get("RestApiId")
        api = graph.target(api_value) if api_value is not None else None
        properties = method.get("Integration")
        graph._triggers.append(Trigger(function, "Api", method.logical_id, method, properties, api, api_value))
        graph._add_edge(method, function, "event", uri)


def _build_apigwv2_integration(graph: Graph, integration: Resource) -> None:
    uri = integration.get("IntegrationUri")
    if uri is None:
        return
    function = _function_in_uri(graph, uri)
    if function is not None:
        api_value = integration.get("ApiId")
        api = graph.target(api_value) if api_value is not None else None
        kind = "HttpApi"
        if api is not None:
            protocol = api.get("ProtocolType")
            if protocol is not None and protocol.value == "WEBSOCKET":
                kind = "WebSocket"
        properties = Value(
            integration.properties,
            integration.properties,
            integration.span,
            integration.path + ("Properties",),
            integration,
        )
        graph._triggers.append(Trigger(function, kind, integration.logical_id, integration, properties, api, api_value))
        graph._add_edge(integration, function, "event", uri)


def _function_in_uri(graph: Graph, uri: Value) -> Resource | None:
    """The function an integration URI invokes: a direct reference, or one named inside a Sub."""
    function = graph.function_of(uri)
    if function is not None or intrinsic_name(uri.raw) != "Fn::Sub":
        return function
    args = uri.raw["Fn::Sub"]
    for match in _SUB_REF.finditer(sub_template(uri.raw) or ""):
        candidate = graph.resource(match.group(1))
        if candidate is not None and candidate.type in FUNCTION_TYPES:
            return candidate
    if isinstance(args, list) and len(args) == 2 and isinstance(args[1], dict):
        for value in args[1].values():
            candidate = graph.function_of(value)
            if candidate is not None:
                return candidate
    return None


def _build_user_pool(graph: Graph, pool: Resource) -> None:
    config = pool.get("LambdaConfig")
    if config is None or not isinstance(config.value, dict):
        return
    for trigger_name in config.value:
        value = _value_of(pool, config.value, trigger_name)
        raw = value.raw if value is not None else None
        if isinstance(raw, dict) and "LambdaArn" in raw:  # custom sender triggers
            value = _value_of(pool, raw, "LambdaArn")
        function = graph.function_of(value) if value is not None else None
        if function is not None:
            graph._triggers.append(Trigger(function, "Cognito", trigger_name, pool, value, pool, None))
            graph._add_edge(pool, function, "event", value)


def _build_distribution(graph: Graph, distribution: Resource) -> None:
    behaviors: list[Value] = []
    default = distribution.get("DistributionConfig", "DefaultCacheBehavior")
    if default is not None and isinstance(default.value, dict):
        behaviors.append(default)
    behaviors.extend(
        v for v in distribution.items("DistributionConfig", "CacheBehaviors") or [] if isinstance(v.value, dict)
    )
    for behavior in behaviors:
        associations = behavior.value.get("LambdaFunctionAssociations")
        if not isinstance(associations, list):
            continue
        for index in range(len(associations)):
            association = _value_of(distribution, associations, index)
            if association is None or not isinstance(association.value, dict):
                continue
            arn = _value_of(distribution, association.value, "LambdaFunctionARN")
            event_type = association.value.get("EventType")
            if arn is None:
                continue
            version = graph.target(arn)
            function = graph.function_of(arn)
            graph._associations.append(
                EdgeAssociation(
                    distribution, function, event_type if isinstance(event_type, str) else None, arn, version
                )
            )
            if function is not None:
                graph._triggers.append(
                    Trigger(
                        function, "CloudFront", distribution.logical_id, distribution, association, distribution, None
                    )
                )
                graph._add_edge(distribution, function, "association", arn)


def _build_lambda_url(graph: Graph, url: Resource) -> None:
    function = graph.function_of(url.get("TargetFunctionArn"))
    if function is not None:
        properties = Value(url.properties, url.properties, url.span, url.path + ("Properties",), url)
        graph._triggers.append(Trigger(function, "FunctionUrl", url.logical_id, url, properties, None, None))


_TRIGGER_BUILDERS = {
    "AWS::Serverless::Function": _build_sam_events,
    "AWS::Serverless::StateMachine": _build_sam_events,
    "AWS::Lambda::EventSourceMapping": _build_esm,
    "AWS::S3::Bucket": _build_bucket,
    "AWS::SNS::Subscription": _build_sns_subscription,
    "AWS::SNS::Topic": _build_sns_topic,
    "AWS::Events::Rule": _build_events_rule,
    "AWS::Scheduler::Schedule": _build_schedule,
    "AWS::ApiGateway::Method": _build_apigw_method,
    "AWS::ApiGatewayV2::Integration": _build_apigwv2_integration,
    "AWS::Cognito::UserPool": _build_user_pool,
    "AWS::CloudFront::Distribution": _build_distribution,
    "AWS::Lambda::Url": _build_lambda_url,
}

_ATTACHED_POLICY_TYPES = ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")

_ARTIFACT_PROPERTIES = {
    "AWS::Serverless::Function": ("CodeUri",),
    "AWS::Serverless::LayerVersion": ("ContentUri",),
    "AWS::Serverless::Api": ("DefinitionUri",),
    "AWS::Serverless::HttpApi": ("DefinitionUri",),
    "AWS::Serverless::StateMachine": ("DefinitionUri",),
    "AWS::Serverless::Application": ("Location",),
    "AWS::Lambda::Function": ("Code",),
    "AWS::Lambda::LayerVersion": ("Content",),
    "AWS::StepFunctions::StateMachine": ("DefinitionS3Location",),
}
