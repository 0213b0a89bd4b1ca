"""The public rule API.

A rule is a class with metadata (id, kebab-case name, default severity, docs, options schema,
messages) and one or two checks: ``check_resource`` (called for each resource of
``resource_types``) and/or ``check_template`` (called once). It reports through
``ctx.report(node, message_id, **params)``; the engine fills in file, span, logical id and path.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping

from .findings import Severity
from .values import Value, shorten

if TYPE_CHECKING:  # pragma: no cover
    from .graph import Graph
    from .model import Resource, Template

__all__ = ["Rule", "Severity", "Context", "Value"]

_ID = re.compile(r"^[A-Z][A-Z0-9]*[0-9]{3}$")
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "References")


class Rule:
    """Base class of every rule, built-in or third-party. Subclasses set the class attributes."""

    id: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.ERROR
    resource_types: ClassVar[tuple[str, ...]] = ()  # "*" for every resource type
    options_schema: ClassVar[dict] = {"type": "object", "additionalProperties": False, "properties": {}}
    default_options: ClassVar[dict] = {}
    messages: ClassVar[dict[str, str]] = {}
    source_url: ClassVar[str] = ""  # the AWS page the rule's facts come from
    include_implicit: ClassVar[bool] = False  # also check resources SAM creates implicitly
    default_enabled: ClassVar[bool] = True  # False: runs only when selected (noisy hygiene rules)

    def check_resource(self, resource: "Resource", ctx: "Context") -> None:  # pragma: no cover
        """Called for each resource whose type is in ``resource_types``."""

    def check_template(self, template: "Template", ctx: "Context") -> None:  # pragma: no cover
        """Called once per template."""

    # -- metadata helpers ------------------------------------------------------------------------

    @classmethod
    def has_resource_check(cls) -> bool:
        return cls.check_resource is not Rule.check_resource

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
        if not _NAME.match(cls.name or ""):
            problems.append(f"name {cls.name!r} must be kebab-case")
        if not isinstance(cls.severity, Severity):
            problems.append("severity must be a Severity")
        if not cls.messages:
            problems.append("messages must name at least one message")
        if not (cls.has_resource_check() or cls.has_template_check()):
            problems.append("a rule needs check_resource or check_template")
        if cls.has_resource_check() and not cls.resource_types:
            problems.append("check_resource needs resource_types")
        return problems


def _dedent(text: str) -> str:
    import textwrap

    lines = text.splitlines()
    if not lines:
        return ""
    return (lines[0].strip() + "\n" + textwrap.dedent("\n".join(lines[1:]))).strip()


class Context:
    """What a check receives besides the resource: the template, its graph, options, settings."""

    __slots__ = ("template", "rule", "options", "settings", "_emit")

    def __init__(self, template: "Template", rule: Rule, options: Mapping[str, Any], settings: Any, emit: Callable):
        self.template = template
        self.rule = rule
        self.options = options if type(options) is MappingProxyType else MappingProxyType(dict(options))  # read-only either way
        self.settings = settings
        self._emit = emit

    @property
    def graph(self) -> "Graph":
        return self.template.graph

    @property
    def region(self) -> str | None:
        return self.template.region

    @property
    def today(self):
        return self.settings.today

    def report(self, target: Any, message_id: str, /, resource: "Resource | None" = None, severity: Severity | None = None, **params: Any) -> None:
        """Report a finding at ``target`` (a Value, Resource, Parameter or Output).

        ``message_id`` names one of the rule's ``messages``; ``params`` fill it in. ``severity``
        lowers (or raises) this one finding from the rule's default, for example to ``INFO``
        when the answer depends on a region the template does not name; a severity the user
        configured for the rule always wins."""
        template = self.rule.messages.get(message_id)
        if template is None:
            raise KeyError(f"{self.rule.id}: unknown message id {message_id!r}")
        message = template.format(**{key: shorten(value) if isinstance(value, str) else value for key, value in params.items()})
        self._emit(self.rule, target, message, message_id, resource, severity)
