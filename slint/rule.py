"""The public rule API.

A rule is a class with metadata (id, kebab-case name, default severity, docs, options schema,
messages) and one or two checks: ``check_resource`` (called for each resource of
``resource_types``) and/or ``check_template`` (called once). It reports through
``ctx.report(node, message_id, **params)``; the engine fills in file, span, logical id and path.

This module is everything the rule pack imports from slint besides the plain AWS facts in
``slint.aws`` (tests/test_rule_api.py checks it): values and their parts, the documented SAM
facts rules compare with, local artifacts, and the context a check receives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from .artifacts import has_member, measure, read_regular_file, repository_root, resolve_artifact
from .findings import Fix, Severity
from .graph import SAM_EVENT_OWNER_TYPES
from .graph.iam import AllowStatement, allow_statements
from .model import GLOBALS_SECTIONS, Resource
from .nodes import intrinsic_name, sub_template
from .parser import ParseError, parse_text
from .schema import SCHEMA_DOCS
from .schema import violations as schema_violations
from .suggestions import did_you_mean
from .values import NOVALUE, UNKNOWN, Value, contains_unknown, shorten

if TYPE_CHECKING:  # pragma: no cover
    from .graph import Graph
    from .model import Template

__all__ = [
    "Rule", "Severity", "Context", "Message", "checks",
    # values: resolved (UNKNOWN when slint cannot tell, NOVALUE for AWS::NoValue) and their parts
    "Value", "UNKNOWN", "NOVALUE", "contains_unknown", "entry", "entries", "intrinsic_name", "sub_template",
    "intrinsic", "ref_name", "getatt", "sub_text", "literal_text", "written_as",
    # the model's facts
    "Resource", "GLOBALS_SECTIONS", "SAM_EVENT_OWNER_TYPES", "AllowStatement", "allow_statements",
    # local files a template packages
    "resolve_artifact", "measure", "repository_root", "has_member", "parse_document", "read_regular_file",
    # messages
    "did_you_mean",
    # the resource provider schemas (the schema-layer rules)
    "SCHEMA_DOCS", "schema_violations",
]  # fmt: skip

T = TypeVar("T")

_ID = re.compile(r"^[A-Z][A-Z0-9]*[0-9]{3}$")
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "References")
SHOWN_SECTIONS = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Fix safety",
    "References",
)  # "Fix safety" only where a rule fixes
FIX_SAFETIES = ("safe", "unsafe")  # safe: keeps what the template means; unsafe: changes behaviour


class Message(str):
    """A message whose findings have their own severity rather than the rule's (a rule that
    errs on a hard limit may only warn about a risk): ``Message("text {x}", Severity.INFO)``.
    A severity the user configures for the rule still wins."""

    severity: Severity | None

    def __new__(cls, text: str, severity: Severity | None = None) -> Message:
        message = super().__new__(cls, text)
        message.severity = severity
        return message


def entry(parent: Value, key: Any) -> Value | None:
    """``parent[key]`` of a mapping or list Value, resolved and located where it was written
    (an undecided ``Fn::If`` keeps both branches); None when it has no such entry."""
    container = parent.value
    if (
        isinstance(container, dict)
        and key in container
        or isinstance(container, list)
        and isinstance(key, int)
        and 0 <= key < len(container)
    ):
        if parent.resource is not None and hasattr(container, "path"):
            return parent.resource.template.resolver.located(container, key, parent.resource)
        return Value(
            container[key], container[key], parent.span, (*parent.path, key), parent.resource
        )  # from a parameter: no place of its own
    return None


def entries(parent: Value) -> list[tuple[Any, Value]]:
    """The (key, Value) pairs of a mapping Value, or the (index, Value) items of a list; [] otherwise."""
    container = parent.value
    keys = (
        list(container) if isinstance(container, dict) else range(len(container)) if isinstance(container, list) else ()
    )
    return [(key, entry(parent, key)) for key in keys]


def intrinsic(value: Value | None) -> str | None:
    """The intrinsic function ``value`` is written with (``Ref``, ``Fn::GetAtt``, ``Fn::Sub`` …);
    None for a literal."""
    return intrinsic_name(value.raw) if value is not None else None


def ref_name(value: Value | None) -> str | None:
    """What a ``Ref`` names (a resource, parameter or pseudo parameter); None for anything else."""
    if intrinsic(value) != "Ref":
        return None
    name = value.raw["Ref"]
    return name if isinstance(name, str) else None


def getatt(value: Value | None) -> tuple[str, str] | None:
    """(logical id, attribute) of a ``Fn::GetAtt`` in either form (``Fn.Version.FunctionArn``
    gives ``("Fn", "Version.FunctionArn")``); None for anything else."""
    if intrinsic(value) != "Fn::GetAtt":
        return None
    args = value.raw["Fn::GetAtt"]
    parts = [str(part) for part in args] if isinstance(args, list) else str(args).split(".", 1)
    return (parts[0], ".".join(parts[1:])) if len(parts) >= 2 else None


def sub_text(value: Value | None) -> str | None:
    """The template string of a ``Fn::Sub`` (``${…}`` left as written); None for anything else."""
    return sub_template(value.raw) if intrinsic(value) == "Fn::Sub" else None


def literal_text(value: Value | None) -> str | None:
    """The string written in the template itself; None for an intrinsic or another type."""
    return value.raw if value is not None and isinstance(value.raw, str) else None


def written_as(value: Value) -> str:
    """How a value is written, for messages and comparisons: ``Ref Bucket``, or the literal."""
    name = intrinsic(value)
    return f"{name} {value.raw[name]}" if name else str(value.raw)


def parse_document(text: str) -> Any | None:
    """A JSON or YAML document held in a string or a file (a state machine definition) as data;
    None when it does not parse."""
    try:
        return parse_text(text, "document").root
    except (ParseError, RecursionError, ValueError):
        return None


def severity_of(rule: Rule | type[Rule], message_id: str) -> Severity:
    """The severity a message's findings have unless a check or the user says otherwise."""
    return getattr(rule.messages[message_id], "severity", None) or rule.severity


def checks(*resource_types: str) -> Callable:
    """Make a method the rule's check for these resource types, called instead of
    ``check_resource``; the types join ``resource_types`` when the rule does not list them."""

    def mark(method: Callable) -> Callable:
        method.checked_types = resource_types  # type: ignore[attr-defined]
        return method

    return mark


class Rule:
    """Base class of every rule, built-in or third-party. Subclasses set the class attributes."""

    id: ClassVar[str] = ""
    name: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()  # former names, still accepted in configuration and suppressions
    severity: ClassVar[Severity] = Severity.ERROR
    resource_types: ClassVar[tuple[str, ...]] = ()  # "*" for every resource type
    options_schema: ClassVar[dict] = {"type": "object", "additionalProperties": False, "properties": {}}
    default_options: ClassVar[dict] = {}
    messages: ClassVar[dict[str, str]] = {}
    source_url: ClassVar[str] = ""  # the AWS page the rule's facts come from
    include_implicit: ClassVar[bool] = False  # also check resources SAM creates implicitly
    default_enabled: ClassVar[bool] = True  # False: runs only when selected (noisy hygiene rules)
    fix_safety: ClassVar[str | None] = (
        None  # "safe" or "unsafe" when the rule offers fixes (ctx.replace, ...); documented under "## Fix safety"
    )
    type_checks: ClassVar[Mapping[str, str]] = MappingProxyType({})  # resource type -> method, from @checks

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        type_checks: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            for attribute, value in vars(klass).items():
                for type_ in getattr(value, "checked_types", ()):
                    type_checks[type_] = attribute
        cls.type_checks = MappingProxyType(type_checks)
        if type_checks and "resource_types" not in vars(cls):
            cls.resource_types = tuple(dict.fromkeys([*cls.resource_types, *type_checks]))

    def check_for(self, resource_type: str) -> Callable[[Resource, Context], None]:
        """The method that checks a resource of this type."""
        return getattr(self, self.type_checks.get(resource_type, "check_resource"))

    def check_resource(self, resource: Resource, ctx: Context) -> None:  # pragma: no cover
        """Called for each resource whose type is in ``resource_types``."""

    def check_template(self, template: Template, ctx: Context) -> None:  # pragma: no cover
        """Called once per template."""

    # -- metadata helpers ------------------------------------------------------------------------

    @classmethod
    def has_resource_check(cls) -> bool:
        return cls.check_resource is not Rule.check_resource or bool(cls.type_checks)

    @classmethod
    def has_template_check(cls) -> bool:
        return cls.check_template is not Rule.check_template

    @classmethod
    def docs(cls) -> dict[str, str]:
        """The docstring split into its sections (What it does, Why is this bad?, …)."""
        text = _dedent(cls.__doc__ or "")
        sections: dict[str, str] = {}
        current = None
        lines: list[str] = []
        for line in text.splitlines():
            if line.startswith("## "):
                if current:
                    sections[current] = "\n".join(lines).strip()
                current, lines = line[3:].strip(), []
            else:
                lines.append(line)
        if current:
            sections[current] = "\n".join(lines).strip()
        return sections

    @classmethod
    def summary(cls) -> str:
        """First sentence of "What it does"."""
        what = cls.docs().get("What it does", "")
        first = " ".join(what.split())
        match = re.match(r"(.+?\.)(\s|$)", first)
        return match.group(1) if match else first

    @classmethod
    def metadata_problems(cls) -> list[str]:
        """What is wrong with a rule's metadata (empty when it is well-formed)."""
        problems = []
        if not _ID.match(cls.id or ""):
            problems.append(f"id {cls.id!r} must be capital letters then three digits (e.g. SL101)")
        for name in (cls.name, *cls.aliases):
            if not _NAME.match(name or ""):
                problems.append(f"name {name!r} must be kebab-case")
        if not isinstance(cls.severity, Severity):
            problems.append("severity must be a Severity")
        if not cls.messages:
            problems.append("messages must name at least one message")
        if not (cls.has_resource_check() or cls.has_template_check()):
            problems.append("a rule needs check_resource or check_template")
        if cls.has_resource_check() and not cls.resource_types:
            problems.append("check_resource needs resource_types")
        unchecked = [t for t in cls.resource_types if t not in cls.type_checks]
        if cls.type_checks and unchecked and cls.check_resource is Rule.check_resource:
            problems.append(f"no check for {', '.join(unchecked)}: add it to a @checks method or define check_resource")
        if cls.fix_safety is not None and cls.fix_safety not in FIX_SAFETIES:
            problems.append(f"fix_safety must be one of {', '.join(FIX_SAFETIES)} or None")
        if cls.fix_safety is not None and "Fix safety" not in cls.docs():
            problems.append("a rule that fixes documents it in a '## Fix safety' section")
        stray = [t for t in cls.type_checks if t not in cls.resource_types and "*" not in cls.resource_types]
        if stray:
            problems.append(f"@checks names {', '.join(stray)}, missing from resource_types")
        return problems


def _property_path(path: tuple) -> tuple:
    """The part of a path under ``Properties`` (or ``Globals.<Section>``): ``EphemeralStorage.Size``."""
    if "Properties" in path:
        return path[path.index("Properties") + 1 :]
    return path[2:] if path[:1] == ("Globals",) else path[-1:]


def _dedent(text: str) -> str:
    import textwrap

    lines = text.splitlines()
    if not lines:
        return ""
    return (lines[0].strip() + "\n" + textwrap.dedent("\n".join(lines[1:]))).strip()


class Context:
    """What a check receives besides the resource: the template, its graph, options, settings."""

    __slots__ = ("template", "rule", "options", "settings", "_emit")

    def __init__(self, template: Template, rule: Rule, options: Mapping[str, Any], settings: Any, emit: Callable):
        self.template = template
        self.rule = rule
        self.options = (
            options if type(options) is MappingProxyType else MappingProxyType(dict(options))
        )  # read-only either way
        self.settings = settings
        self._emit = emit

    @property
    def graph(self) -> Graph:
        return self.template.graph

    @property
    def region(self) -> str | None:
        return self.template.region

    @property
    def today(self):
        return self.settings.today

    def condition(self, name: str) -> bool | None:
        """Whether the template's condition ``name`` holds; None when slint cannot tell."""
        return self.template.resolver.condition(name)

    def per_template(self, compute: Callable[[Template], T]) -> T:
        """``compute(template)``, worked out once per template whichever rule or resource asks
        first (a fact several checks share, such as the permissions every API relies on)."""
        facts = self.template.cache
        if compute not in facts:
            facts[compute] = compute(self.template)
        return facts[compute]

    def report_at(
        self,
        path: tuple,
        message_id: str,
        /,
        *,
        key: bool = False,
        resource: Resource | None = None,
        severity: Severity | None = None,
        fix: Fix | None = None,
        **params: Any,
    ) -> None:
        """Report at a place of the template that no Value stands for: ``path`` from the root
        (``("Globals", "Function", "Timeout")``), at its value or, with ``key``, at its key."""
        location = self.template.location(tuple(path), key=key)
        self.report(location, message_id, resource=resource, severity=severity, fix=fix, **params)

    def report(
        self,
        target: Any,
        message_id: str,
        /,
        resource: Resource | None = None,
        severity: Severity | None = None,
        fix: Fix | None = None,
        **params: Any,
    ) -> None:
        """Report a finding at ``target`` (a Value, Resource, Parameter or Output).

        ``message_id`` names one of the rule's ``messages``; ``params`` fill it in. ``severity``
        lowers (or raises) this one finding from its message's, for example to ``INFO`` when the
        answer depends on a region the template does not name; a severity the user configured
        for the rule always wins. ``fix`` is what :meth:`replace`, :meth:`replace_node`,
        :meth:`remove_item` or :meth:`add_template_key` made (None: no fix)."""
        if message_id not in self.rule.messages:
            raise KeyError(f"{self.rule.id}: unknown message id {message_id!r}")
        params = {key: shorten(value) if isinstance(value, str) else value for key, value in params.items()}
        self._emit(target, message_id, params, resource, severity, fix)

    def replace(self, value: Value, new: Any, title: str | None = None) -> Fix | None:
        """A fix writing ``new`` in place of the scalar ``value`` where it is written (in
        Globals, in a parameter's Default), or None when it cannot be rewritten in place."""
        from .edits import replace

        key = ".".join(str(part) for part in _property_path(value.path)) or "the value"
        return replace(self.template, value, new, title or f"Set {key} to {new}", self.rule.fix_safety == "safe")

    def replace_node(self, value: Value, yaml_text: str, json_text: str, title: str) -> Fix | None:
        """A fix writing new text over ``value`` (a mapping or tagged intrinsic) where it is
        written, in the template's own format; None unless it is written on one line."""
        from .edits import replace_node

        return replace_node(self.template, value, yaml_text, json_text, title, self.rule.fix_safety == "safe")

    def add_template_key(self, key: str, value: str, title: str | None = None) -> Fix | None:
        """A fix adding a top-level ``key: value`` (``Transform: AWS::Serverless-2016-10-31``)
        before the template's first section; None when ``key`` is there already."""
        from .edits import add_template_key

        return add_template_key(
            self.template, key, value, title or f"Add {key}: {value}", self.rule.fix_safety == "safe"
        )

    def add_resource_attribute(self, resource: Resource, key: str, value: str, title: str | None = None) -> Fix | None:
        """A fix adding ``key: value`` (``DeletionPolicy: Retain``) to the resource, before its
        first key; None when the resource already has it or is not written in the template."""
        from .edits import add_key

        node = resource.node
        if resource.implicit or not isinstance(node, dict) or not node:
            return None
        return add_key(
            self.template,
            node,
            next(iter(node)),
            key,
            value,
            title or f"Add {key}: {value}",
            self.rule.fix_safety == "safe",
        )

    def remove_item(self, value: Value, title: str) -> Fix | None:
        """A fix deleting the list item ``value`` where it is written."""
        from .edits import remove_item

        return remove_item(self.template, value, title, self.rule.fix_safety == "safe")
