"""IAM policy documents, read one way for every rule: their Allow statements.

A document is the resolved value of a policy (``PolicyDocument``, ``AssumeRolePolicyDocument``).
``allow_statements`` answers None when slint cannot tell what it allows (not a mapping, a
statement that is not one, an Effect it cannot resolve), so rules stay silent on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..values import UNKNOWN


@dataclass(frozen=True)
class AllowStatement:
    actions: tuple[str, ...]  # the Action patterns written as text
    actions_known: bool  # False: NotAction, or an Action slint cannot read in full
    principal: Any  # as resolved; None when absent

    def allows_any(self, *actions: str) -> bool:
        """Whether one of ``actions`` is among the statement's Action entries, written as is."""
        return any(action in actions for action in self.actions)

    def services(self) -> list[str] | None:
        """The ``Principal.Service`` names; None when the principal is ``*`` or unreadable."""
        principal = self.principal
        if principal == "*":
            return None
        service = principal.get("Service") if isinstance(principal, dict) else None
        names = [service] if isinstance(service, str) else service if isinstance(service, list) else []
        return names if all(isinstance(name, str) for name in names) else None


def allow_statements(document: Any) -> list[AllowStatement] | None:
    """The Allow statements of a resolved policy document; None when it cannot be read."""
    if not isinstance(document, dict):
        return None
    statements = document.get("Statement")
    statements = [statements] if isinstance(statements, dict) else statements
    if not isinstance(statements, list):
        return None
    allowed = []
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect") is UNKNOWN:
            return None
        if statement.get("Effect") != "Allow":
            continue
        actions = statement.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        readable = isinstance(actions, list)
        texts = tuple(action for action in actions if isinstance(action, str)) if readable else ()
        known = readable and len(texts) == len(actions) and "NotAction" not in statement
        allowed.append(AllowStatement(texts, known, statement.get("Principal")))
    return allowed
