"""docs/coverage.md is generated from rules/coverage.yaml by tools/coverage.py; this fails when it is stale."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "coverage.md"
_spec = importlib.util.spec_from_file_location("coverage_tool", ROOT / "tools" / "coverage.py")
coverage_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(coverage_tool)

RULES = {"SL101": "lambda-timeout-range"}
SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"


def test_coverage_markdown_is_current():
    generated = coverage_tool.render(coverage_tool.load(), coverage_tool.built_in_rules())
    assert DOCS.exists(), "docs/coverage.md is missing: run `python3 tools/coverage.py > docs/coverage.md`"
    assert DOCS.read_text(encoding="utf-8") == generated, (
        "docs/coverage.md is stale: run `python3 tools/coverage.py > docs/coverage.md`"
    )


def area(**entry):
    return [
        {
            "area": "Lambda",
            "types": ["AWS::Lambda::Function"],
            "constraints": [{"what": "Timeout 1-900", "source": SOURCE, **entry}],
        }
    ]


def test_a_constraint_links_its_rule_and_its_source():
    text = coverage_tool.render(area(by="SL101"), RULES)
    assert (
        "| Timeout 1-900 | [SL101](rules.md#sl101-lambda-timeout-range) | [gettingstarted-limits](" + SOURCE + ") |"
        in text
    )
    assert "1 constraints: 1 checked by a rule, 0 by the schema layer, 0 gaps, 0 not checkable." in text


@pytest.mark.parametrize(
    "entry, problem",
    [
        ({"by": "SL999"}, "names SL999, which is no rule"),
        ({"by": ""}, "says nothing checks it"),
        ({"by": "gap"}, "is 'gap' without a note"),
        ({"by": "SL101", "source": "https://example.com/blog"}, "not an AWS documentation page"),
    ],
)
def test_bad_entries_are_refused_with_where_they_are(entry, problem):
    with pytest.raises(coverage_tool.CoverageError, match=problem) as raised:
        coverage_tool.render(area(**entry), RULES)
    assert "Lambda: 'Timeout 1-900'" in str(raised.value)
