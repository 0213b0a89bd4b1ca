"""Who may invoke a Lambda function: the template's ``AWS::Lambda::Permission`` resources, read once.

One policy for what the template does not tell: a permission naming a function slint cannot
identify may be for any function (``Graph.invoke_permissions`` answers None: rules stay silent),
and an unknown principal, action or source may be the one asked about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..values import Value

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Resource
    from . import Graph

PERMISSION_TYPE = "AWS::Lambda::Permission"


@dataclass(frozen=True)
class InvokePermission:
    """One ``AWS::Lambda::Permission`` for a function of the template."""

    resource: Resource
    function: Resource
    principal: Value | None
    action: Value | None
    source: Value | None  # SourceArn, None when absent

    def allows(self, *principals: str) -> bool:
        """Whether it may let one of ``principals`` in: it names one, or everyone (``*``), or a
        principal slint cannot read."""
        principal = self.principal
        return principal is None or not principal.known or principal.value == "*" or principal.value in principals

    def grants(self, action: str) -> bool:
        """Whether its action may be ``action`` (``lambda:*`` and ``*`` grant every action)."""
        granted = self.action
        return granted is None or not granted.known or granted.value in (action, "lambda:*", "*")


def read_permissions(graph: Graph) -> tuple[dict[str, list[InvokePermission]], bool]:
    """Function logical id -> its permissions, and whether a permission names a function slint
    cannot identify (a reference it cannot follow, or a name it cannot read)."""
    by_function: dict[str, list[InvokePermission]] = {}
    unidentified = False
    names = function_names(graph)
    for permission in graph.template.resources_of(PERMISSION_TYPE):
        name = permission.get("FunctionName")
        if name is None:
            continue
        function = named_function(graph, name, names)
        if function is None:
            unidentified = unidentified or not name.known
            continue  # a function outside the template
        entry = InvokePermission(
            permission, function, permission.get("Principal"), permission.get("Action"), permission.get("SourceArn")
        )
        by_function.setdefault(function.logical_id, []).append(entry)
    return by_function, unidentified


def named_function(graph: Graph, name: Value, names: dict[str, Resource]) -> Resource | None:
    """The template's function a ``FunctionName`` value names: by reference (through versions
    and aliases) or by its literal name, alone or in an ARN; None otherwise."""
    return graph.function_of(name) or names.get(_literal_name(name.text))


def function_names(graph: Graph) -> dict[str, Resource]:
    """The template's functions by their literal ``FunctionName``."""
    names = {}
    for function in graph.functions():
        own = function.get("FunctionName")
        if own is not None and own.text is not None:
            names[own.text] = function
    return names


def _literal_name(text: str | None) -> str | None:
    """The function name in a literal name or ARN (``arn:…:function:name[:qualifier]``)."""
    if text is None:
        return None
    if ":function:" in text:
        return text.split(":function:", 1)[1].split(":")[0]
    return text
