"""Reporters: one module per output format, each a ``render(report, **options) -> str``.

A format whose output is built file by file also has ``render_file(result, **options) -> str``,
and its ``render`` accepts ``files=``, those pieces already rendered (see :func:`file_renderer`)."""

from __future__ import annotations

import functools
import importlib

FORMATS = ("text", "json", "sarif", "github", "junit")


def render(report, fmt: str, **options) -> str:
    return _module(fmt).render(report, **options)


def file_renderer(fmt: str, **options):
    """A function rendering one file's result in ``fmt``, for a run to call as each file is
    linted (with --jobs, while other files are still being linted); None when the format needs
    the whole report at once."""
    render_file = getattr(_module(fmt), "render_file", None)
    return functools.partial(render_file, **options) if render_file else None


def _module(fmt: str):
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return importlib.import_module(f"{__name__}.{fmt}_report")
