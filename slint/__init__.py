"""slint: a linter and policy checker for AWS SAM and CloudFormation templates.

``import slint`` is cheap: the library API loads on first use and never imports click or rich.
"""

from __future__ import annotations

from .version import __version__

__all__ = ["__version__", "lint_paths", "lint_text", "Rule", "Severity", "Context", "Value", "UNKNOWN"]


def __getattr__(name: str):
    if name in ("lint_paths", "lint_text"):
        from . import api

        return getattr(api, name)
    if name in ("Rule", "Context"):
        from . import rule

        return getattr(rule, name)
    if name == "Severity":
        from .findings import Severity

        return Severity
    if name in ("Value", "UNKNOWN"):
        from . import values

        return getattr(values, name)
    raise AttributeError(f"module 'slint' has no attribute {name!r}")
