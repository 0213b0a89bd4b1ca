"""Amazon States Language definitions of a state machine, wherever the template keeps them.

Inline (`Definition` as a map), as a JSON string (`DefinitionString`, also inside `Fn::Sub`),
or in a local file (SAM `DefinitionUri`: a regular file inside the repository, as SL201 measures
artifacts, read once, at most ``MAX_DEFINITION_BYTES``). States
are walked through `Parallel` branches and `Map` processors, bounded in depth and count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from slint.rule import parse_document, read_regular_file, repository_root, resolve_artifact, sub_text

MACHINE_TYPES = ("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine")
MAX_DEFINITION_BYTES = 1_048_576
MAX_DEPTH = 20
MAX_STATES = 5_000
_SUB_VARIABLE = re.compile(r"\$\{[^}]*\}")


@dataclass
class State:
    name: str
    body: dict  # as written: intrinsics stay raw in inline definitions
    path: tuple | None  # property path inside the resource (inline definitions only)


@dataclass
class Definition:
    machine: Any  # the Resource
    data: dict
    anchor: Any  # the Value findings fall back to (the property holding the definition)
    inline: bool

    def states(self) -> Iterator[State]:
        count = 0
        stack: list[tuple[Any, tuple | None, int]] = [(self.data, ("Definition",) if self.inline else None, 0)]
        while stack:
            container, path, depth = stack.pop()
            states = container.get("States") if isinstance(container, dict) else None
            if not isinstance(states, dict) or depth > MAX_DEPTH:
                continue
            for name, body in states.items():
                count += 1
                if count > MAX_STATES or not isinstance(body, dict):
                    return
                state_path = path + ("States", name) if path is not None else None
                yield State(str(name), body, state_path)
                branches = body.get("Branches")
                if isinstance(branches, list):
                    for index, branch in enumerate(branches):
                        stack.append((branch, state_path + ("Branches", index) if state_path else None, depth + 1))
                for key in ("ItemProcessor", "Iterator"):
                    if isinstance(body.get(key), dict):
                        stack.append((body[key], state_path + (key,) if state_path else None, depth + 1))

    def value(self, state: State, key: str):
        """The Value of a state's field, located in the template when inline; else the anchor."""
        if state.path is not None:
            located = self.machine.get(*state.path, key)
            if located is not None:
                return located
        return self.anchor

    def state_value(self, state: State):
        return self.machine.get(*state.path) if state.path is not None else self.anchor


def definition_of(machine, ctx) -> Definition | None:
    """The machine's definition, or None when it is absent, unknown or unreadable."""
    inline = machine.get("Definition")
    if inline is not None and isinstance(inline.value, dict):
        return Definition(machine, inline.value, inline, True)
    text_value = machine.get("DefinitionString")
    if text_value is not None:
        text = _definition_text(text_value)
        # ${Var} inside JSON strings parses as is; as a bare value (a number) it needs a stand-in
        data = _parse(text) or _parse(_SUB_VARIABLE.sub("0", text)) if text is not None else None
        return Definition(machine, data, text_value, False) if data is not None else None
    return _from_file(machine, ctx)


def is_express(machine) -> bool:
    kind = machine.get("Type" if machine.is_sam else "StateMachineType")
    return kind is not None and kind.value == "EXPRESS"


def _definition_text(value) -> str | None:
    if isinstance(value.value, str):
        return value.value
    return sub_text(value)


def _parse(text: str) -> dict | None:
    if len(text.encode("utf-8", errors="replace")) > MAX_DEFINITION_BYTES:
        return None
    root = parse_document(text)
    return root if isinstance(root, dict) else None


def _from_file(machine, ctx) -> Definition | None:
    base_dir = ctx.template.base_dir
    if base_dir is None:
        return None
    for artifact in ctx.graph.artifacts(machine):
        if artifact.property != "DefinitionUri" or artifact.path is None:
            continue
        memo = ctx.per_template(_read_definitions)
        path = resolve_artifact(base_dir, artifact.path)
        if path not in memo:
            memo[path] = _read(path) if path.is_relative_to(repository_root(base_dir)) else None
        if memo[path] is not None:
            return Definition(machine, memo[path], artifact.value, False)
    return None


def _read_definitions(template) -> dict:
    """Definition files already read for this template: path -> the definition (None: unreadable)."""
    return {}


def _read(path) -> dict | None:
    try:
        return _parse(read_regular_file(path, MAX_DEFINITION_BYTES).decode("utf-8", errors="replace"))
    except (OSError, ValueError):  # SL201 reports what cannot be read; rules see no definition
        return None


def number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    return value if isinstance(value, (int, float)) else None
