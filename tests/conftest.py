from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def ruleset():
    from slint.registry import load_ruleset

    return load_ruleset()


def lint(text: str, *, select=None, region=None, parameters=None, filename="template.yaml", **settings):
    """Lint template text with chosen rules; returns the Report."""
    from slint.api import lint_text
    from slint.config import Settings

    options = {"use_samconfig": False}
    if select:
        options["select"] = tuple(select) if not isinstance(select, str) else (select,)
    if region:
        options["region"] = region
    if parameters:
        options["parameters"] = parameters
    options.update(settings)
    return lint_text(text, filename, Settings(**options))
