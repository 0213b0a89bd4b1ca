"""Every rule's documented Example produces its finding and its Use instead does not.

A docs snippet is a whole template or some of its sections (``Globals:``), resources (wrapped
under ``Resources:``), or the properties of one resource of the rule's first resource type; SAM
snippets get the SAM transform. A first line ``# fixture: region=... parameter:Name=value`` sets
run options as in rule fixtures; a first line ``# slint lint --region R --parameter K=V`` sets the
region and parameters as the command line would.

A rule that reads local artifacts lists the files it needs in LOCAL_FILES: they are written into
a temporary folder beside the template, which is linted from there.

Rules in NOT_YET_RUNNABLE document their Example in prose; they are expected to fail (strictly:
once a rule's docs run, its id must leave the list).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from slint.api import lint_paths, lint_text
from slint.config import Settings
from slint.core_rules import ENGINE_RULES
from slint.registry import load_ruleset

from .rule_fixtures import run_options

_YAML_BLOCK = re.compile(r"```ya?ml\n(.*?)```", re.S)
_SECTIONS = (
    "AWSTemplateFormatVersion",
    "Transform",
    "Globals",
    "Parameters",
    "Mappings",
    "Conditions",
    "Resources",
    "Outputs",
    "Metadata",
)
RULES = [rule for rule in load_ruleset() if rule.id not in {cls.id for cls in ENGINE_RULES}]


def snippet(rule, section: str) -> str | None:
    match = _YAML_BLOCK.search(rule.docs().get(section, ""))
    return match.group(1) if match else None


def as_template(text: str, rule) -> str:
    lines = text.splitlines()
    header = [line for line in lines[:1] if line.startswith(("# fixture:", "# slint lint "))]
    body = lines[len(header) :]
    top_level = [line.split(":")[0] for line in body if line and not line[0].isspace() and not line.startswith("#")]
    if not all(key in _SECTIONS for key in top_level):
        if any(re.match(r"  Type: (AWS|Custom|Alexa)::", line) for line in body):  # resources
            body = ["Resources:", *("  " + line if line else line for line in body)]
        else:  # the properties of one resource
            subject = [
                "Resources:",
                "  Subject:",
                f"    Type: {rule.resource_types[0] if rule.resource_types else 'AWS::SQS::Queue'}",
                "    Properties:",
            ]
            body = [*subject, *("      " + line if line else line for line in body)]
    if rule.id != "SL506" and any("AWS::Serverless::" in line or line.startswith("Globals:") for line in body):
        if not any(line.startswith("Transform:") for line in body):
            body = ["Transform: AWS::Serverless-2016-10-31", *body]
    return "\n".join(header + body) + "\n"


# Rules that read local artifacts: the files (path -> size in bytes, written sparse) next to the
# template, which is then linted from a temporary folder.
LOCAL_FILES: dict[str, dict[str, int]] = {
    "SL201": {"big-model/model.bin": 200 * 2**20, "deps/python/lib.py": 80 * 2**20, "src/app.py": 100},
    "SL202": {"src/app.py": 100},
    "SL203": {"src/handler.py": 100},
}

_COMMAND_PARAMETER = re.compile(r"--parameter (\S+?)=(\S+)")
_COMMAND_REGION = re.compile(r"--region (\S+)")


def findings(rule, text: str, folder=None) -> list[tuple[str, str]]:
    options = run_options(text)
    first_line = text.split("\n", 1)[0]
    command = first_line if first_line.startswith("# slint lint ") else ""
    given = dict(_COMMAND_PARAMETER.findall(command))
    region = _COMMAND_REGION.search(command)
    settings = Settings(
        select=(rule.id,),
        use_samconfig=False,
        region=region.group(1) if region else options.get("region"),
        parameters={**options.get("parameters", {}), **given},
        option_parameters=tuple(given),
        today=options.get("today", date(2026, 11, 23)),
    )
    if rule.id in LOCAL_FILES:
        for name, size in LOCAL_FILES[rule.id].items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as file:
                file.truncate(size)
        (folder / "template.yaml").write_text(text, encoding="utf-8")
        report = lint_paths([folder / "template.yaml"], settings)
    else:
        report = lint_text(text, "example.yaml", settings)
    return [(f.rule, f.message_id) for f in report.findings]


NOT_YET_RUNNABLE = {
    # Quotas that only a template too long to read can cross; their Example stays in prose.
    "SL010",  # more than 500 resources
    "SL011",  # more than 200 parameters
    "SL012",  # more than 200 outputs
    "SL013",  # more than 200 mappings
    "SL014",  # a body over 1 MB
    "SL104",  # environment variables over 4 KB
}


@pytest.mark.parametrize(
    "rule",
    [
        pytest.param(rule, marks=pytest.mark.xfail(strict=True, reason="docs not runnable yet"))
        if rule.id in NOT_YET_RUNNABLE
        else rule
        for rule in RULES
    ],
    ids=[rule.id for rule in RULES],
)
def test_example_fires_and_use_instead_does_not(rule, tmp_path):
    example, fixed = snippet(rule, "Example"), snippet(rule, "Use instead")
    assert example is not None and fixed is not None, "Example and Use instead each need a ```yaml block"
    fired = {found[0] for found in findings(rule, as_template(example, rule), tmp_path)}
    assert fired == {rule.id}, as_template(example, rule)
    assert findings(rule, as_template(fixed, rule), tmp_path) == [], as_template(fixed, rule)
