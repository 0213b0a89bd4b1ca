"""Lambda runtime identifiers and their lifecycle dates (rules/data/runtimes.json)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

MAX_RUNTIME_CHARS = 64  # identifiers are 6 to 20 characters (provided.al2023, python3.13)
_VERSIONED = re.compile(r"^([a-z]+?)(\d+(?:\.\d+)*)(\.x)?$")  # python3.13, nodejs22.x, java21, dotnet10, ruby3.4


def runtime_version(name: str) -> tuple[str, tuple[int, ...]] | None:
    if len(name) > MAX_RUNTIME_CHARS:  # no identifier is this long; matching a huge value per function adds up
        return None
    match = _VERSIONED.match(name)
    if not match:
        return None
    return match.group(1), tuple(int(part) for part in match.group(2).split("."))


_DATA_FILE = Path(__file__).parent / "data" / "runtimes.json"


@dataclass(frozen=True)
class RuntimeLifecycle:
    name: str
    family: str
    deprecated: date | None
    block_create: date | None
    block_update: date | None


@cache
def runtime_data() -> tuple[dict[str, RuntimeLifecycle], str]:
    """Every known runtime identifier with its dates, and the data's "as of" date."""
    data = json.loads(_DATA_FILE.read_text(encoding="utf-8"))
    runtimes = {}
    for name, entry in data["runtimes"].items():
        dates = {
            key: date.fromisoformat(entry[key]) if entry[key] else None
            for key in ("deprecated", "block_create", "block_update")
        }
        runtimes[name] = RuntimeLifecycle(name, entry["family"], **dates)
    return runtimes, data["as_of"]
