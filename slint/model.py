"""Template -> parameters, conditions, mappings, resources and outputs, with SAM Globals merged.

Rules read resources through :meth:`Resource.get` / :meth:`Resource.each` / :meth:`Resource.items`,
which see the merged view (Globals + resource), documented defaults and resolved intrinsics,
and return :class:`~slint.values.Value` objects that know where they were written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from . import language_extensions
from .defaults import DEFAULTS
from .nodes import (
    ABSENT,
    NO_SPAN,
    MapNode,
    MergedMap,
    MergedSeq,
    SeqNode,
    child_span,
    intrinsic_name,
    key_span,
    node_at,
)
from .values import NOVALUE, UNKNOWN, Resolver, Value, child_path

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"

# Globals section -> the SAM resource type it applies to.
GLOBALS_SECTIONS = {
    "Function": "AWS::Serverless::Function",
    "Api": "AWS::Serverless::Api",
    "HttpApi": "AWS::Serverless::HttpApi",
    "SimpleTable": "AWS::Serverless::SimpleTable",
    "StateMachine": "AWS::Serverless::StateMachine",
    "LayerVersion": "AWS::Serverless::LayerVersion",
    "CapacityProvider": "AWS::Serverless::CapacityProvider",
    "WebSocketApi": "AWS::Serverless::WebSocketApi",
}

_TEMPLATE_TYPE_PREFIXES = ("AWS::", "Custom::", "Alexa::")


def is_template(root: Any) -> bool:
    """A file is a template when it looks like one; pre-commit hands slint every YAML file."""
    if not isinstance(root, dict):
        return False
    if "AWSTemplateFormatVersion" in root or "Transform" in root:
        return True
    resources = root.get("Resources")
    if isinstance(resources, dict):
        for resource in resources.values():
            if isinstance(resource, dict):
                kind = resource.get("Type")
                if isinstance(kind, str) and kind.startswith(_TEMPLATE_TYPE_PREFIXES):
                    return True
    return False


# What a CloudFormation/SAM template cannot do without, looked for in text that does not parse.
_TEMPLATE_SIGNS = re.compile(
    r"AWSTemplateFormatVersion|(?:AWS|Custom|Alexa)::|(?:^|[\s{,\"'])(?:Resources|Transform)[\"']?\s*:", re.MULTILINE
)


def looks_like_template_text(text: str) -> bool:
    """Whether unparsable text shows a sign of being a template; a Helm chart or a Jinja
    playbook does not, and is skipped rather than reported as a broken template."""
    return _TEMPLATE_SIGNS.search(text) is not None


class Parameter:
    __slots__ = (
        "name",
        "node",
        "span",
        "path",
        "type",
        "default",
        "has_default",
        "allowed_values",
        "allowed_pattern",
        "min_value",
        "max_value",
        "no_echo",
    )

    def __init__(self, name: str, node: Any, span: tuple):
        self.name = name
        self.node = node
        self.span = span
        self.path = ("Parameters", name)
        props = node if isinstance(node, dict) else {}
        self.type = props.get("Type") if isinstance(props.get("Type"), str) else "String"
        self.has_default = "Default" in props
        self.default = props.get("Default")
        self.allowed_values = props.get("AllowedValues")
        self.allowed_pattern = props.get("AllowedPattern")
        self.min_value = props.get("MinValue")
        self.max_value = props.get("MaxValue")
        self.no_echo = props.get("NoEcho") in (True, "true", "True")

    def coerce(self, raw: Any) -> Any:
        """A parameter value as CloudFormation hands it to resources."""
        if raw is None:
            return UNKNOWN
        if isinstance(raw, (dict, list)) and not self.type.startswith(("List<", "CommaDelimitedList")):
            return UNKNOWN
        if self.type == "Number":
            if isinstance(raw, bool):
                return UNKNOWN
            if isinstance(raw, (int, float)):
                return raw
            try:
                return int(str(raw))
            except ValueError:
                try:
                    return float(str(raw))
                except ValueError:
                    return UNKNOWN
        if self.type == "CommaDelimitedList" or self.type.startswith("List<"):
            if isinstance(raw, list):
                return [str(item) for item in raw]
            return [part.strip() for part in str(raw).split(",")] if str(raw) else []
        if isinstance(raw, bool):
            return "true" if raw else "false"
        return raw if isinstance(raw, str) else str(raw)


class Output:
    __slots__ = ("name", "node", "span", "path")

    def __init__(self, name: str, node: Any, span: tuple):
        self.name = name
        self.node = node
        self.span = span
        self.path = ("Outputs", name)


class Resource:
    """One resource, explicit or implicit (created by SAM), with its merged properties."""

    __slots__ = ("logical_id", "type", "node", "properties", "template", "implicit", "span", "path", "origin", "loop")

    def __init__(
        self,
        template: Template,
        logical_id: str,
        type_: str,
        node: Any,
        properties: Any,
        span: tuple,
        *,
        implicit: bool = False,
        origin: Resource | None = None,
    ):
        self.template = template
        self.logical_id = logical_id
        self.type = type_
        self.node = node
        self.properties = (
            properties if isinstance(properties, dict) else MapNode(span, ("Resources", logical_id, "Properties"))
        )
        self.span = span
        self.path = ("Resources", logical_id) if not implicit or origin is None else origin.path
        self.implicit = implicit
        self.origin = origin  # for an implicit resource: the SAM resource that creates it
        self.loop: str | None = None  # for a resource made by Fn::ForEach: the loop's key

    def __repr__(self) -> str:
        return f"<Resource {self.logical_id} {self.type}{' (implicit)' if self.implicit else ''}>"

    @property
    def is_sam(self) -> bool:
        return self.type.startswith("AWS::Serverless::")

    @property
    def condition(self) -> str | None:
        value = self.node.get("Condition") if isinstance(self.node, dict) else None
        return value if isinstance(value, str) else None

    @property
    def metadata(self) -> dict:
        value = self.node.get("Metadata") if isinstance(self.node, dict) else None
        return value if isinstance(value, dict) else {}

    def attribute(self, name: str) -> Value | None:
        """A resource attribute (``DependsOn``, ``DeletionPolicy``, …) as a Value."""
        if not isinstance(self.node, dict) or name not in self.node:
            return None
        return self.template.resolver.located(self.node, name, self)

    # -- property access on the merged view ----------------------------------------------------

    def has(self, *path: Any) -> bool:
        """True when the property is written (in the resource or its Globals)."""
        return node_at(self.properties, path, into_intrinsics=False) is not ABSENT

    def get(self, *path: Any) -> Value | None:
        """The Value at ``path``: resolved, or the documented default when absent; None when neither.

        An undecided ``Fn::If`` gives a Value whose ``value`` is UNKNOWN and whose
        ``alternatives`` hold each branch; :meth:`each` walks them for you."""
        container: Any = self.properties
        resolver = self.template.resolver
        outer: Value | None = None  # the Value ``container`` was resolved from
        for index, key in enumerate(path):
            if isinstance(container, dict):  # _has_child, inlined: the hottest test in the rules
                if key not in container or (len(container) == 1 and intrinsic_name(container)):
                    return self._default(path)
            elif not (isinstance(container, list) and isinstance(key, int) and 0 <= key < len(container)):
                return self._default(path)
            value = resolver.located(container, key, self, within=outer)
            if index == len(path) - 1:
                if value.value is NOVALUE:  # AWS::NoValue removes the property
                    return self._default(path)
                return value
            if not value.known or not isinstance(value.value, (dict, list)):
                if value.value is NOVALUE:
                    return self._default(path)
                return Value(value.raw, UNKNOWN, value.span, value.path, self, value.via, value.alternatives)
            container, outer = value.value, value
        return None

    def each(self, *path: Any) -> Iterator[Value]:
        """Every concrete value ``path`` may take: both branches of an undecided If, the default when absent."""
        yield from self._each(self.properties, path, 0)

    def _each(self, container: Any, path: tuple, depth: int, outer: Value | None = None) -> Iterator[Value]:
        if depth >= len(path):
            return
        key = path[depth]
        if not _has_child(container, key):
            default = self._default(path)
            if default is not None:
                yield default
            return
        value = self.template.resolver.located(container, key, self, within=outer)
        for option in value.alternatives or (value,):
            for concrete in _flatten(option):
                if concrete.value is NOVALUE:
                    default = self._default(path)
                    if default is not None:
                        yield default
                    continue
                if concrete.value is UNKNOWN:
                    continue
                if depth == len(path) - 1:
                    yield concrete
                elif isinstance(concrete.value, (dict, list)):
                    yield from self._each(concrete.value, path, depth + 1, concrete)

    def items(self, *path: Any) -> list[Value] | None:
        """The items of a list property (after the Globals prepend), each resolved; [] when absent,
        None when the list itself cannot be known (a parameter without default, an undecided If)."""
        value = self.get(*path)
        if value is None or value.is_default and not isinstance(value.value, list):
            return []
        if not value.known:
            return None
        items = value.value
        if not isinstance(items, list):
            return None
        if items is value.raw or isinstance(items, SeqNode):
            resolver = self.template.resolver
            out = []
            for i in range(len(items)):
                item = resolver.located(items, i, self)
                if item.value is not NOVALUE:
                    out.append(item)
            return out
        # a list that came from a parameter: every item points at the reference
        return [Value(item, item, value.span, value.path, self, value.via) for item in items]

    def _default(self, path: tuple) -> Value | None:
        table = DEFAULTS.get(self.type)
        default = table.get(tuple(path)) if table is not None else None
        if default is None:
            return None
        return Value(None, default, self.span, self.path, self, "default")


def _has_child(container: Any, key: Any) -> bool:
    if isinstance(container, dict):
        return key in container and not intrinsic_name(container)
    if isinstance(container, list):
        return isinstance(key, int) and 0 <= key < len(container)
    return False


def _flatten(value: Value) -> Iterator[Value]:
    if value.alternatives:
        for alternative in value.alternatives:
            yield from _flatten(alternative)
    else:
        yield value


# ---------------------------------------------------------------------------------------------
# SAM Globals


def merge_globals(global_node: Any, local_node: Any) -> Any:
    """Merge as SAM does: the resource's scalars replace, maps merge, lists are Globals-first."""
    if intrinsic_name(global_node) or intrinsic_name(local_node):
        return local_node
    if isinstance(global_node, dict) and isinstance(local_node, dict):
        merged = MergedMap(
            local_node.span if isinstance(local_node, MapNode) else global_node.span, getattr(local_node, "path", ())
        )
        for source in (global_node, local_node):
            for key, value in source.items():
                if key in merged and source is local_node:
                    value = merge_globals(merged[key], value)
                merged[key] = value
                merged.key_spans[key] = key_span(source, key)
                merged.value_spans[key] = child_span(source, key)
                merged.child_paths[key] = child_path(source, key) if hasattr(source, "path") else (key,)
        return merged
    if isinstance(global_node, list) and isinstance(local_node, list):
        merged_list = MergedSeq(getattr(local_node, "span", ()), getattr(local_node, "path", ()))
        for source in (global_node, local_node):
            for index, value in enumerate(source):
                merged_list.child_paths[len(merged_list)] = (
                    child_path(source, index) if hasattr(source, "path") else (index,)
                )
                merged_list.item_spans.append(child_span(source, index))
                merged_list.append(value)
        return merged_list
    return local_node


def _without_keys(node: MapNode, keys: list) -> MapNode:
    """A copy of ``node`` without ``keys``, keeping where each remaining child was written."""
    kept = MapNode(node.span, node.path)
    for key, value in node.items():
        if key not in keys:
            kept[key] = value
            kept.key_spans[key] = key_span(node, key)
            kept.value_spans[key] = child_span(node, key)
    return kept


# ---------------------------------------------------------------------------------------------
# Template


class Location:
    """A place in the template that is not a Value: a key, a section, a parser diagnostic."""

    __slots__ = ("span", "path")

    def __init__(self, span: tuple, path: tuple):
        self.span = span
        self.path = path


class Template:
    """One parsed template: the model rules and the graph are built from."""

    def __init__(
        self,
        root: MapNode,
        *,
        filename: str = "<template>",
        text: str = "",
        diagnostics: list | None = None,
        region: str | None = None,
        parameter_values: dict | None = None,
        base_dir: Path | None = None,
        literal_spans: list | None = None,
        format: str = "yaml",
    ):
        self.root = root
        self.format = format  # "yaml" or "json": how fixes count lines and write values (slint.edits)
        self.literal_spans = literal_spans or []  # where suppression-like text is data, not a comment (parser.Parsed)
        self.base_dir = base_dir  # where relative artifact paths start; None for text held in memory
        self.cache: dict = {}  # per-template memo for expensive facts (artifact sizes, …)
        self.filename = filename
        self.text = text
        self.diagnostics = diagnostics or []
        self.region = region
        self.parameter_values = dict(parameter_values or {})
        self.resolver = Resolver(self)

        self.parameters: dict[str, Parameter] = {}
        params = root.get("Parameters")
        if isinstance(params, dict):
            for name, node in params.items():
                self.parameters[name] = Parameter(name, node, key_span(params, name))
        mappings = root.get("Mappings")
        self.mappings: dict = mappings if isinstance(mappings, dict) else {}
        sections = {
            name: root.get(name) for name in ("Resources", "Conditions", "Outputs")
        }  # resources first, should a cap stop the expansion
        self.generated_by: dict[tuple, str] = {}  # (section, generated key) -> the Fn::ForEach loop that made it
        if language_extensions.declared(root.get("Transform")):
            self.conditions = sections["Conditions"] if isinstance(sections["Conditions"], dict) else {}
            sections, self.generated_by = language_extensions.expand(sections, self.resolver)
            self.resolver = Resolver(self)  # forget conditions decided before the expansion
        conditions = sections["Conditions"]
        self.conditions: dict = conditions if isinstance(conditions, dict) else {}
        self.outputs: dict[str, Output] = {}
        outputs = sections["Outputs"]
        if isinstance(outputs, dict):
            for name, node in outputs.items():
                self.outputs[name] = Output(name, node, key_span(outputs, name))
        transform = root.get("Transform")
        transforms = transform if isinstance(transform, list) else [transform]
        resources = sections["Resources"]
        self.has_sam_transform = SAM_TRANSFORM in transforms
        # Serverless resource types are SAM's, with or without the transform (SL506 reports its absence).
        self.is_sam = self.has_sam_transform or (
            isinstance(resources, dict)
            and any(
                isinstance(r, dict) and isinstance(r.get("Type"), str) and r["Type"].startswith("AWS::Serverless::")
                for r in resources.values()
            )
        )
        globals_node = root.get("Globals") if self.has_sam_transform else None  # only the SAM transform applies Globals
        self.globals: dict = globals_node if isinstance(globals_node, dict) else {}

        self.resources: dict[str, Resource] = {}
        if isinstance(resources, dict):
            for logical_id, node in resources.items():
                self._add_resource(resources, logical_id, node)
        self._by_type: dict[str, list[Resource]] = {}
        for resource in self.resources.values():
            self._by_type.setdefault(resource.type, []).append(resource)

    def _add_resource(self, resources: MapNode, logical_id: str, node: Any, span: tuple | None = None) -> None:
        if not isinstance(node, dict):
            return
        span = span or key_span(resources, logical_id)
        type_ = node.get("Type")
        if not isinstance(type_, str):
            return
        properties = node.get("Properties")
        if not isinstance(properties, dict) or intrinsic_name(properties):
            properties = MapNode(
                child_span(node, "Properties") if "Properties" in node else span,
                ("Resources", logical_id, "Properties"),
            )
        properties = self.globals_for(type_, properties, node.get("IgnoreGlobals"))
        resource = self.resources[logical_id] = Resource(self, logical_id, type_, node, properties, span)
        loop = self.generated_by.get(("Resources", logical_id))
        if loop is not None:  # made by Fn::ForEach: found where its body is written
            resource.loop = loop
            resource.path = child_path(resources, logical_id)

    def globals_for(self, type_: str, properties: Any, ignore: Any = None) -> Any:
        """``properties`` with the SAM Globals section for ``type_`` merged in (as SAM does),
        minus what the resource's ``IgnoreGlobals`` attribute ("*" or a list of names) opts out of."""
        if ignore == "*":
            return properties
        if self.globals and type_.startswith("AWS::Serverless::"):
            for section, section_type in GLOBALS_SECTIONS.items():
                if section_type == type_:
                    global_props = self.globals.get(section)
                    if isinstance(global_props, dict) and not intrinsic_name(global_props):
                        if isinstance(ignore, list):
                            global_props = _without_keys(global_props, ignore)
                        properties = merge_globals(global_props, properties)
        return properties

    def finding_span(self, target: Any) -> tuple:
        """Where a finding on ``target`` is shown: its own span, except for a value that is a
        mapping or a list (written so, or a ``!Ref`` to a list parameter) held under a key
        (``Layers:``, ``Variables:``), which starts at that key: the key is what the message
        names, and a block collection's own span starts at its first child. The span stays on
        the key's line: it ends with the value when the value ends there (``Layers: [a, b]``),
        else with the key. List items have no key and keep their span; so do values the model
        made up (a documented default)."""
        span = getattr(target, "span", None) or NO_SPAN
        if not isinstance(target, Value) or not isinstance(target.value, (dict, list)) or not target.path:
            return span
        key = target.path[-1]
        parent = node_at(self.root, target.path[:-1])  # the path says where it was written, Globals included
        if not isinstance(parent, MapNode) or parent.value_spans.get(key) != span:
            return span
        key_line, key_column, key_end_line, key_end_column = parent.key_spans[key]
        if span[2] == key_line:
            return (key_line, key_column, span[2], span[3])
        return (key_line, key_column, key_end_line, key_end_column)

    def location(self, path: tuple, *, key: bool = False) -> Location:
        """Where ``path`` (from the template's root) was written: the value, or with ``key`` the
        key it is written under. The empty path is the start of the file."""
        if not path:
            return Location((1, 1, 1, 2), ())
        parent = node_at(self.root, path[:-1])
        span = (key_span if key else child_span)(parent, path[-1]) if parent is not ABSENT else NO_SPAN
        return Location(tuple(span), tuple(path))

    def resources_of(self, *types: str) -> list[Resource]:
        """Explicit resources of the given types, in template order."""
        if len(types) == 1:
            return list(self._by_type.get(types[0], ()))
        found = [r for type_ in dict.fromkeys(types) for r in self._by_type.get(type_, ())]
        order = self._order
        return sorted(found, key=lambda r: order[r.logical_id])  # per type, not over every resource

    @cached_property
    def _order(self) -> dict[str, int]:
        return {logical_id: index for index, logical_id in enumerate(self.resources)}

    @cached_property
    def for_each_loops(self) -> list:
        """Every ``Fn::ForEach`` as written (:class:`slint.language_extensions.WrittenLoop`), with or without the transform."""
        return language_extensions.written_loops(self.root)

    def for_each_collection(self, loop) -> Any:
        """What a written loop iterates over, resolved (UNKNOWN when the template does not say)."""
        return self.resolver.value(loop.args[1])

    @property
    def declares_language_extensions(self) -> bool:
        """Whether the template declares the ``AWS::LanguageExtensions`` transform."""
        return language_extensions.declared(self.root.get("Transform"))

    @cached_property
    def graph(self):
        from .graph import Graph

        return Graph(self)

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def discard(self) -> None:
        """Drop everything this template holds once it has been linted. Resources, the graph and
        the resolver point back at their template; without those cycles, reference counting
        frees the whole model at once instead of leaving it to the garbage collector."""
        self.__dict__.clear()
