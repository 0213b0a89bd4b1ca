"""--cfn-lint: cfn-lint's checks merged into slint's report."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from slint.cli import main
from tests.conftest import lint

pytest.importorskip("cfnlint")

FUNCTION = """\
  {name}:
    Type: AWS::Lambda::Function{metadata}
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: {{S3Bucket: my-bucket, S3Key: app.zip}}
{extra}"""


def template(*functions: str) -> str:
    return 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n' + "".join(functions)


def function(name: str, extra: str, metadata: str = "") -> str:
    return FUNCTION.format(name=name, extra=extra, metadata=metadata)


def located(report):
    return [(f.rule, f.line, f.column, f.resource, f.suppressed) for f in report.all_findings]


def test_cfn_lint_findings_are_namespaced_and_located():
    report = lint(template(function("Fn", "      MemorySizes: 128\n")), select="SL101", cfn_lint=True)
    (finding,) = report.findings
    assert (finding.rule, finding.severity.value, finding.resource) == ("cfn-lint/E3002", "error", "Fn")
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (10, 7, 10, 18)
    assert finding.path == ("Resources", "Fn", "Properties", "MemorySizes")
    assert "'MemorySizes' was unexpected" in finding.message
    assert finding.name == "Resource properties are invalid"


def test_cfn_lint_is_off_by_default():
    assert lint(template(function("Fn", "      MemorySizes: 128\n")), select="SL101").all_findings == []


def test_a_cfn_lint_finding_that_repeats_a_slint_finding_is_dropped():
    text = template(function("Fn", "      Timeout: 1200\n"))
    assert located(lint(text, select="SL101", cfn_lint=True)) == [("SL101", 10, 16, "Fn", None)]
    # without slint's rule nothing repeats it, so cfn-lint's own finding stays (E3034 before
    # cfn-lint 1.3x, E3717 since: the bridge matches places, not rule ids)
    (finding,) = lint(text, select="SL102", cfn_lint=True).all_findings
    assert finding.rule.startswith("cfn-lint/E3")
    assert (finding.line, finding.resource, finding.path) == (10, "Fn", ("Resources", "Fn", "Properties", "Timeout"))
    assert "1200" in finding.message


def test_only_the_same_resource_and_property_path_counts_as_a_repeat():
    text = template(
        function("Listed", "      Layers: [a, b, c, d, e, f]\n"),
        function("Slow", "      Timeout: 1200\n"),
    )
    found = [
        (f.rule, f.resource, f.path[3:]) for f in lint(text, select=("SL101", "SL102"), cfn_lint=True).all_findings
    ]
    # cfn-lint's item count on Layers and its range check on Timeout repeat SL102 and SL101; its
    # pattern check on each layer (Layers.0, ...) is another problem and stays
    assert ("SL102", "Listed", ("Layers",)) in found and ("SL101", "Slow", ("Timeout",)) in found
    repeated = [
        place for place in found if place[0].startswith("cfn-lint/") and place[2] in (("Layers",), ("Timeout",))
    ]
    assert repeated == []
    assert ("cfn-lint/E3031", "Listed", ("Layers", 0)) in found


def test_a_repeat_through_sam_globals_is_dropped():
    text = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    MemorySize: 99999
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: s3://my-bucket/app.zip
"""
    (finding,) = lint(text, select="SL103", cfn_lint=True).all_findings
    assert (finding.rule, finding.line, finding.resource, finding.path) == (
        "SL103",
        4,
        "Fn",
        ("Globals", "Function", "MemorySize"),
    )
    # without slint's rule cfn-lint's finding on the transformed function's MemorySize stays
    (finding,) = lint(text, select="SL102", cfn_lint=True).all_findings
    assert (finding.rule[:10], finding.resource, finding.path) == (
        "cfn-lint/E",
        "Fn",
        ("Resources", "Fn", "Properties", "MemorySize"),
    )


def test_slint_suppressions_apply_to_cfn_lint_findings():
    text = template(
        function("Inline", "      Colour: blue  # slint: ignore[cfn-lint/E3002]\n"),
        function(
            "Meta", "      Flavour: mint\n", metadata="\n    Metadata:\n      slint:\n        ignore: [cfn-lint/E3]"
        ),
    )
    assert located(lint(text, select="SL101", cfn_lint=True)) == [
        ("cfn-lint/E3002", 10, 7, "Inline", "comment"),
        ("cfn-lint/E3002", 21, 7, "Meta", "metadata"),
    ]


def test_cfn_lint_rules_load_once_per_process():
    from slint.cfnlint_bridge import _rules

    lint(template(function("A", "")), select="SL101", cfn_lint=True)
    loaded = _rules.cache_info()
    lint(template(function("B", "")), select="SL101", cfn_lint=True)
    after = _rules.cache_info()
    assert (after.currsize, after.misses, after.hits) == (1, loaded.misses, loaded.hits + 1)


def test_config_key_and_flag_turn_it_on(tmp_path, monkeypatch):
    (tmp_path / "t.yaml").write_text(template(function("Fn", "      MemorySizes: 128\n")))
    (tmp_path / ".slint.yaml").write_text("select: [SL101]\ncfn_lint: true\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lint", "--format", "json", "t.yaml"])
    assert [f["rule"] for f in json.loads(result.output)["findings"]] == ["cfn-lint/E3002"]
    assert result.exit_code == 1
    result = CliRunner().invoke(main, ["lint", "--no-cfn-lint", "t.yaml"])
    assert result.exit_code == 0


def test_sarif_describes_cfn_lint_rules(tmp_path, monkeypatch):
    from slint.reporters import render

    monkeypatch.chdir(tmp_path)
    report = lint(template(function("Fn", "      MemorySizes: 128\n")), select="SL101", cfn_lint=True)
    run = json.loads(render(report, "sarif"))["runs"][0]
    (result,) = run["results"]
    descriptor = run["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert descriptor["id"] == result["ruleId"] == "cfn-lint/E3002"
    assert descriptor["shortDescription"]["text"] == "Resource properties are invalid"
    assert (
        descriptor["fullDescription"]["text"] == "Making sure that resources properties are properly configured"
    )  # cfn-lint's description
    assert descriptor["help"]["text"].startswith(
        "Making sure that resources properties are properly configured\n\nSee https://"
    )
    assert descriptor["helpUri"].startswith("https://")


TWO_PROBLEMS = template(
    function("Fn", "      MemorySizes: 128\n      Architectures: [arm64, x86_64]\n")
)  # cfn-lint E3002 at line 10, E3032 at line 11


@pytest.mark.parametrize(
    "settings, expected",
    [
        ({"select": ("SL102",)}, [("cfn-lint/E3002", 10, "error", None), ("cfn-lint/E3032", 11, "error", None)]),
        ({"select": ("SL102",), "ignore": ("cfn-lint/E3002",)}, [("cfn-lint/E3032", 11, "error", None)]),
        ({"select": ("SL102",), "ignore": ("cfn-lint/e30",)}, []),
        ({"select": ("SL102",), "ignore": ("cfn-lint",)}, []),
        ({"select": ("SL101", "cfn-lint/E3002")}, [("cfn-lint/E3002", 10, "error", None)]),
        ({"select": ("cfn-lint/W",), "extend_select": ("cfn-lint/E3032",)}, [("cfn-lint/E3032", 11, "error", None)]),
        (
            {"select": ("SL102",), "severity": {"cfn-lint/E": "warning", "cfn-lint/E3002": "off"}},
            [("cfn-lint/E3032", 11, "warning", None)],
        ),
        (
            {"select": ("SL102",), "per_file_ignores": {"template.yaml": ["cfn-lint/E3002"]}},
            [("cfn-lint/E3002", 10, "error", "config"), ("cfn-lint/E3032", 11, "error", None)],
        ),
    ],
    ids=[
        "slint-selectors-keep-all",
        "ignore-id",
        "ignore-prefix-any-case",
        "ignore-all",
        "select-id",
        "extend-select",
        "severity",
        "per-file-ignores",
    ],
)
def test_cfn_lint_selectors_choose_among_its_findings(settings, expected):
    report = lint(TWO_PROBLEMS, cfn_lint=True, **settings)
    assert [(f.rule, f.line, f.severity.value, f.suppressed) for f in report.all_findings] == expected


def test_a_cfn_lint_decode_error_on_the_line_of_a_slint_finding_is_dropped():
    # cfn-lint reports a duplicate key at both occurrences, without a path; slint at the second
    text = template(function("Fn", "      Handler: again.handler\n"))
    findings = [(f.rule, f.line) for f in lint(text, select=("SL101", "SL002"), cfn_lint=True).all_findings]
    assert findings == [("cfn-lint/E0000", 7), ("SL002", 10)]
    findings = [(f.rule, f.line) for f in lint(text, select="SL101", cfn_lint=True).all_findings]
    assert findings == [("cfn-lint/E0000", 7), ("cfn-lint/E0000", 10)]


def test_cfn_lint_leaves_the_region_of_later_templates_alone(monkeypatch):
    # some cfn-lint versions set AWS_DEFAULT_REGION for the SAM transform and never unset it
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    sam = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: a.h\n      CodeUri: s3://my-bucket/k.zip\n"
    report = lint(sam, select="SL101", cfn_lint=True)
    assert [f.rule for f in report.all_findings] == []
    assert "AWS_DEFAULT_REGION" not in os.environ


def test_findings_about_a_whole_resource_never_repeat_each_other():
    from slint.cfnlint_bridge import _places, _repeats
    from slint.findings import Finding, Severity

    def finding(rule, path):
        return Finding(rule, "name", Severity.ERROR, "message", "t.yaml", 5, 3, 5, 5, "Fn", path, "", None)

    own = _places(
        [finding("SL904", ("Resources", "Fn")), finding("SL101", ("Resources", "Fn", "Properties", "Timeout"))]
    )
    assert not _repeats(finding("cfn-lint/E3001", ("Resources", "Fn")), own)
    assert _repeats(finding("cfn-lint/E3717", ("Resources", "Fn", "Properties", "Timeout")), own)
    assert not _repeats(finding("cfn-lint/E3717", ("Resources", "Other", "Properties", "Timeout")), own)


def test_a_cfn_lint_failure_is_an_internal_error_and_slint_findings_stay(monkeypatch):
    import slint.cfnlint_bridge as bridge

    def broken(text, region):
        raise RuntimeError("boom")

    monkeypatch.setattr(bridge, "_run", broken)
    findings = lint(template(function("Fn", "      Timeout: 1200\n")), select="SL101", cfn_lint=True).findings
    assert [(f.rule, f.line, f.column, f.message_id, f.message) for f in findings] == [
        ("SL000", 1, 1, "failed", "rule cfn-lint failed: RuntimeError: boom"),
        ("SL101", 10, 16, "too_long", "Timeout 1200 exceeds Lambda's maximum of 900 seconds"),
    ]


def test_cfn_lint_findings_are_plain_data_a_worker_can_send(tmp_path):
    # cfn-lint's path keys are str subclasses made inside a function: pickling them back from a
    # --jobs worker failed, the worker died with a traceback and its files were linted again.
    import pickle

    report = lint(template(function("Fn", "      MemorySizes: 128\n")), select="SL101", cfn_lint=True)
    theirs = [f for f in report.all_findings if f.rule.startswith("cfn-lint/")]
    assert theirs and all(type(part) in (str, int) for f in theirs for part in f.path)
    assert pickle.loads(pickle.dumps(theirs))[0].path == theirs[0].path
    for name in ("a.yaml", "b.yaml", "c.yaml", "d.yaml"):
        (tmp_path / name).write_text(template(function("Fn", "      MemorySizes: 128\n")))
    result = CliRunner().invoke(
        main,
        ["lint", str(tmp_path), "--cfn-lint", "--jobs", "2", "--no-cache", "--select", "SL101", "--format", "json"],
    )
    assert "Traceback" not in result.output  # stdout and stderr, interleaved
    assert sorted(f["file"][-6:] for f in json.loads(result.stdout)["findings"]) == [
        "a.yaml",
        "b.yaml",
        "c.yaml",
        "d.yaml",
    ]
