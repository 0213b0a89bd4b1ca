"""Reporters: one module per output format, each a ``render(report, **options) -> str``."""

from __future__ import annotations

import importlib

FORMATS = ("text", "json", "sarif", "github", "junit")


def render(report, fmt: str, **options) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{fmt}_report")
    return module.render(report, **options)
