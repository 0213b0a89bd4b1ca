"""`slint graph`: the resource graph as Graphviz dot, Mermaid or JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .errors import ConfigError
from .model import Template
from .parser import ParseError


def load_template(file: str, region: str | None = None, parameters: dict | None = None) -> Template:
    """The template ``slint graph`` draws, read as ``slint lint`` reads it (size limit,
    samconfig region and parameters, then ``region`` and ``parameters`` on top)."""
    from .config import Settings
    from .core_rules import ENGINE_RULES
    from .engine import Engine, NotATemplate, TooLarge
    from .registry import RuleSet

    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    engine = Engine(Settings(region=region, parameters=dict(parameters or {})), RuleSet(ENGINE_RULES))
    try:
        return engine.read_template(data, file, None if file == "-" else Path(file))
    except ParseError as exc:
        raise ConfigError(f"cannot parse template: {exc.message}", file, exc.line) from None
    except RecursionError:
        raise ConfigError("cannot parse template: nesting too deep", file) from None
    except (TooLarge, NotATemplate) as exc:
        raise ConfigError(str(exc), file) from None


def graph_document(template: Template) -> dict:
    graph = template.graph
    nodes = [
        {"id": r.logical_id, "type": r.type, "implicit": r.implicit, "line": r.span[0]}
        for r in list(template.resources.values()) + [r for k, r in graph.implicit.items() if k == r.logical_id]
    ]
    edges = []
    seen = set()
    for source_id, out in graph.edges_out.items():
        for edge in out:
            key = (edge.source.logical_id, edge.target.logical_id, edge.kind)
            if key in seen:
                continue
            seen.add(key)
            edges.append({"from": key[0], "to": key[1], "kind": edge.kind, **({"attribute": edge.attribute} if edge.attribute else {})})
    triggers = [
        {"function": t.function.logical_id, "kind": t.kind, "name": t.name, "source": t.source.logical_id if t.source else None}
        for t in graph.triggers()
    ]
    artifacts = [
        {"resource": a.resource.logical_id, "property": a.property, "path": a.path}
        for resource in template.resources.values()
        for a in graph.artifacts(resource)
    ]
    return {"nodes": nodes, "edges": edges, "triggers": triggers, "artifacts": artifacts}


def export_graph(template: Template, fmt: str) -> str:
    document = graph_document(template)
    if fmt == "json":
        return json.dumps(document, indent=2) + "\n"
    if fmt == "dot":
        lines = ["digraph template {", "  rankdir=LR;", "  node [shape=box, fontname=Helvetica];"]
        for node in document["nodes"]:
            style = ", style=dashed" if node["implicit"] else ""
            lines.append(f'  "{node["id"]}" [label="{node["id"]}\\n{node["type"]}"{style}];')
        for edge in document["edges"]:
            lines.append(f'  "{edge["from"]}" -> "{edge["to"]}" [label="{edge["kind"]}"];')
        lines.append("}")
        return "\n".join(lines) + "\n"
    lines = ["graph LR"]
    ids = {node["id"]: f"n{index}" for index, node in enumerate(document["nodes"])}
    for node in document["nodes"]:
        label = f'{node["id"]}<br/>{node["type"]}'
        shape = ("([", "])") if node["implicit"] else ("[", "]")
        lines.append(f'  {ids[node["id"]]}{shape[0]}"{label}"{shape[1]}')
    for edge in document["edges"]:
        if edge["from"] in ids and edge["to"] in ids:
            lines.append(f'  {ids[edge["from"]]} -->|{edge["kind"]}| {ids[edge["to"]]}')
    return "\n".join(lines) + "\n"
