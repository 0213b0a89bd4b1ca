"""`slint graph`: the resource graph as Graphviz dot, Mermaid or JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .errors import ConfigError
from .model import Template
from .output import printable
from .parser import ParseError


def load_template(file: str, region: str | None = None, parameters: dict | None = None) -> Template:
    """The template ``slint graph`` draws, read as ``slint lint`` reads it (at most
    MAX_TEMPLATE_BYTES, a FIFO without a writer as empty; samconfig region and parameters, then
    ``region`` and ``parameters`` on top). Raises ConfigError, never anything else."""
    from .config import Settings
    from .core_rules import ENGINE_RULES
    from .engine import MAX_TEMPLATE_BYTES, Engine, NotATemplate, TooLarge
    from .registry import RuleSet

    try:
        data = _read_at_most(file, MAX_TEMPLATE_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"cannot read file: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}", file
        ) from None
    engine = Engine(Settings(region=region, parameters=dict(parameters or {})), RuleSet(ENGINE_RULES))
    try:
        return engine.read_template(data, file, None if file == "-" else Path(file))
    except ParseError as exc:
        raise ConfigError(f"cannot parse template: {exc.message}", file, exc.line) from None
    except RecursionError:
        raise ConfigError("cannot parse template: nesting too deep", file) from None
    except (TooLarge, NotATemplate) as exc:
        raise ConfigError(str(exc), file) from None
    except Exception as exc:  # what the parser does not turn into a ParseError yet (a 5,000-digit integer)
        raise ConfigError(f"cannot parse template: {type(exc).__name__}: {exc}", file) from None


def _read_at_most(file: str, limit: int) -> bytes:
    from .sources import read_at_most

    return sys.stdin.buffer.read(limit) if file == "-" else read_at_most(file, limit)


def graph_document(template: Template) -> dict:
    graph = template.graph
    nodes = [
        {"id": r.logical_id, "type": r.type, "implicit": r.implicit, "line": r.span[0]}
        for r in list(template.resources.values()) + [r for k, r in graph.implicit.items() if k == r.logical_id]
    ]
    edges = []
    seen = set()
    for out in graph.edges_out.values():
        for edge in out:
            key = (edge.source.logical_id, edge.target.logical_id, edge.kind)
            if key in seen:
                continue
            seen.add(key)
            edges.append(
                {
                    "from": key[0],
                    "to": key[1],
                    "kind": edge.kind,
                    **({"attribute": edge.attribute} if edge.attribute else {}),
                }
            )
    triggers = [
        {
            "function": t.function.logical_id,
            "kind": t.kind,
            "name": t.name,
            "source": t.source.logical_id if t.source else None,
        }
        for t in graph.triggers()
    ]
    artifacts = [
        {"resource": a.resource.logical_id, "property": a.property, "path": a.path}
        for resource in template.resources.values()
        for a in graph.artifacts(resource)
    ]
    return {"nodes": nodes, "edges": edges, "triggers": triggers, "artifacts": artifacts}


def export_graph(template: Template, fmt: str) -> str:
    """The graph as ``fmt`` text. Names from the template are escaped for each format (no line
    or quote of theirs ends a label); a template the graph cannot be built for raises ConfigError."""
    try:
        document = graph_document(template)
    except Exception as exc:  # one odd value (an infinity, a huge number) must not end in a traceback
        raise ConfigError(f"cannot build the graph: {type(exc).__name__}: {exc}", template.filename) from None
    if fmt == "json":
        return json.dumps(document, indent=2) + "\n"
    if fmt == "dot":
        lines = ["digraph template {", "  rankdir=LR;", "  node [shape=box, fontname=Helvetica];"]
        for node in document["nodes"]:
            style = ", style=dashed" if node["implicit"] else ""
            lines.append(f'  "{_dot(node["id"])}" [label="{_dot(node["id"])}\\n{_dot(node["type"])}"{style}];')
        for edge in document["edges"]:
            lines.append(f'  "{_dot(edge["from"])}" -> "{_dot(edge["to"])}" [label="{_dot(edge["kind"])}"];')
        lines.append("}")
        return "\n".join(lines) + "\n"
    lines = ["graph LR"]
    ids = {node["id"]: f"n{index}" for index, node in enumerate(document["nodes"])}
    for node in document["nodes"]:
        label = f"{_mermaid(node['id'])}<br/>{_mermaid(node['type'])}"
        shape = ("([", "])") if node["implicit"] else ("[", "]")
        lines.append(f'  {ids[node["id"]]}{shape[0]}"{label}"{shape[1]}')
    for edge in document["edges"]:
        if edge["from"] in ids and edge["to"] in ids:
            lines.append(f"  {ids[edge['from']]} -->|{_mermaid(edge['kind'])}| {ids[edge['to']]}")
    return "\n".join(lines) + "\n"


def _dot(name) -> str:
    """A quoted Graphviz string's content: escaped, with no quote or backslash of its own."""
    return printable(str(name)).replace("\\", "\\\\").replace('"', '\\"')


def _mermaid(name) -> str:
    """Mermaid label text: escaped, and its quotes and edge-label bars as entity codes."""
    return printable(str(name)).replace('"', "#quot;").replace("|", "#124;")
