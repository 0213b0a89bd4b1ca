"""Hostile values: templates whose values would make resolution, rules or reports run away, or
hide a template's findings. Each reproducer has the shape of one found by fuzzing (issue 12).

All files are linted in one CLI run, bounded by the hang and memory guard of slint_cli.py: a
runaway fails the test instead of freezing the machine; nothing here times anything."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slint.core_rules import MAX_FINDINGS_PER_RULE
from slint.parser import MAX_DIAGNOSTICS_PER_KIND, parse_text
from slint.safe_regex import MAX_STATES, SafePattern
from slint.suppressions import inline_suppressions
from slint.values import MAX_QUOTED_CHARS, MAX_RESOLVE_STEPS, MAX_RESOLVED_TEXT, shorten

from .conftest import lint
from .slint_cli import by_file, lint_json, run_slint

CFN = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n'
SAM = 'AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31\nResources:\n'
FUNCTION = "  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: s3://bucket/fn.zip\n"
TIMEOUT_901 = "  Late:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: s3://bucket/fn.zip\n      Timeout: 901\n"
LEVELS = 40


def _json_function(property_name: str, value: str) -> str:
    return (
        '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {\n'
        f'"Handler": "app.handler", "Role": "arn:aws:iam::123456789012:role/fn", "Code": {{"S3Bucket": "b", "S3Key": "k"}},\n'
        f'"{property_name}": {value}}}}}}}}}\n'
    )


def _nested(template: str, levels: int, leaf: str) -> str:
    value = leaf
    for _ in range(levels):
        value = template % value
    return value


HOSTILE_FILES = {
    # A mapping value that joins two look-ups of itself, read by a function's Timeout.
    "mapping-cycle.yaml": (
        'AWSTemplateFormatVersion: "2010-09-09"\nMappings:\n  M:\n    K:\n'
        "      V: !Join ['', [!FindInMap [M, K, V], !FindInMap [M, K, V]]]\n"
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Timeout: !FindInMap [M, K, V]\n"
        "      Handler: app.handler\n      Runtime: python3.12\n      Role: arn:aws:iam::123456789012:role/fn\n"
        "      Code: {S3Bucket: b, S3Key: k}\n"
    ),
    # 40 nested Fn::Base64: each level used to evaluate its argument twice.
    "base64-nest.json": _json_function("Runtime", _nested('{"Fn::Base64": %s}', LEVELS, '"python3.12"')),
    # 40 nested Fn::Sub whose variable is used twice: the text doubles per level (2**40 characters).
    "sub-doubling.json": _json_function("Runtime", _nested('{"Fn::Sub": ["${x}${x}", {"x": %s}]}', LEVELS, '"a"')),
    # Mapping entries that each list the next one twice: deep resolution doubles per level.
    "mapping-dag.yaml": (
        'AWSTemplateFormatVersion: "2010-09-09"\nMappings:\n  M:\n    K:\n'
        + "".join(f"      V{i}: [!FindInMap [M, K, V{i + 1}], !FindInMap [M, K, V{i + 1}]]\n" for i in range(LEVELS))
        + f"      V{LEVELS}: sg-1\n"
        + "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: app.handler\n"
        "      Runtime: python3.12\n      Role: arn:aws:iam::123456789012:role/fn\n      Code: {S3Bucket: b, S3Key: k}\n"
        "      VpcConfig: {SubnetIds: [subnet-1], SecurityGroupIds: !FindInMap [M, K, V0]}\n"
    ),
    # One odd value must not hide the template's other findings.
    "select-infinity.yaml": SAM
    + FUNCTION
    + "      Events:\n        Upload:\n          Type: S3\n          Properties:\n"
    "            Bucket: !Select [.inf, [a, b]]\n            Events: s3:ObjectCreated:*\n" + TIMEOUT_901,
    "huge-integer.yaml": SAM + FUNCTION + "      MemorySize: " + "9" * 5000 + "\n" + TIMEOUT_901,
    "huge-integer.json": _json_function("MemorySize", "9" * 5000 + ', "Runtime": "python3.12", "Timeout": 901'),
    "configmap.yaml": "apiVersion: v1\nkind: ConfigMap\ndata:\n  size: " + "9" * 5000 + "\n",
    "infinities.yaml": SAM
    + FUNCTION
    + "      Timeout: .inf\n      MemorySize: .nan\n      ReservedConcurrentExecutions: .inf\n"
    "      EphemeralStorage: {Size: -.inf}\n" + TIMEOUT_901,
    "split-replicas.yaml": CFN + "  Table:\n    Type: AWS::DynamoDB::GlobalTable\n    Properties:\n"
    "      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]\n      KeySchema: [{AttributeName: id, KeyType: HASH}]\n"
    '      BillingMode: PAY_PER_REQUEST\n      Replicas: !Split [",", "us-east-1,eu-west-1"]\n',
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-values")
    for name, text in HOSTILE_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    # the schema layer (SL020-SL025) rightly rejects .inf as an integer; these tests are about the rest
    report, _ = lint_json(
        "--region", "us-east-1", "--ignore", "SL020,SL021,SL022,SL023,SL024,SL025", folder, cwd=folder
    )
    assert report["summary"]["files"] == len(HOSTILE_FILES)
    internal = [(f["file"], f["message"]) for f in report["findings"] if f["rule"] == "SL000"]
    assert internal == []
    return by_file(report)


def _timeout_901_line(name: str) -> int:
    return HOSTILE_FILES[name].splitlines().index("      Timeout: 901") + 1


TIMEOUT_901_MESSAGE = "Timeout 901 exceeds Lambda's maximum of 900 seconds"


def test_a_mapping_that_refers_to_itself_is_cut_short_where_it_loops(hostile):
    message = "analysis cut short: Fn::Join refers back to itself, so its value never ends; later values are treated as unknown"
    assert hostile["mapping-cycle.yaml"] == [("SL007", 5, message)]  # the Timeout is unknown: no rule guesses at it


def test_nested_base64_is_resolved_once_per_level(hostile):
    assert "base64-nest.json" not in hostile  # python3.12 through 40 levels: nothing to report, nothing cut short


def test_a_doubling_sub_stops_at_the_text_limit(hostile):
    message = f"analysis cut short: a string built by Fn::Sub grew beyond {MAX_RESOLVED_TEXT:,} characters; later values are treated as unknown"
    assert hostile["sub-doubling.json"] == [("SL007", 3, message)]


def test_a_doubling_deep_resolution_spends_the_budget_then_stops(hostile):
    message = f"analysis cut short: resolving intrinsic functions took more than {MAX_RESOLVE_STEPS:,} steps; later values are treated as unknown"
    cut = [(line, text) for rule, line, text in hostile["mapping-dag.yaml"] if rule == "SL007"]
    assert len(cut) == 1 and cut[0][1] == message
    assert 5 <= cut[0][0] <= 5 + LEVELS  # in the mapping that multiplies
    assert (
        "SL304",
        54,
        "VpcConfig.SubnetIds has a single subnet (subnet-1); use subnets in at least 2 Availability Zones",
    ) in hostile["mapping-dag.yaml"]


@pytest.mark.parametrize("name", ["select-infinity.yaml", "huge-integer.yaml", "infinities.yaml"])
def test_one_odd_value_hides_no_other_finding(hostile, name):
    assert ("SL101", _timeout_901_line(name), TIMEOUT_901_MESSAGE) in hostile[name]


def test_select_with_an_infinite_index_is_unknown(hostile):
    message = "S3 event Bucket Fn::Select [inf, ['a', 'b']] must be a !Ref to an AWS::S3::Bucket in this template"
    assert ("SL424", 14, message) in hostile["select-infinity.yaml"]


def test_infinite_and_nan_numbers_are_no_numbers_to_rules(hostile):
    assert hostile["infinities.yaml"] == [("SL101", _timeout_901_line("infinities.yaml"), TIMEOUT_901_MESSAGE)]


def test_a_huge_json_integer_is_linted_like_any_value(hostile):
    assert hostile["huge-integer.json"] == [("SL101", 3, TIMEOUT_901_MESSAGE)]


def test_a_non_template_with_a_huge_integer_is_skipped(hostile):
    assert "configmap.yaml" not in hostile


def test_a_list_from_split_is_read_item_by_item_at_the_split(hostile):
    message = "StreamSpecification is missing on a global table with 2 replicas; CloudFormation requires it for more than one replica unless MultiRegionConsistency is STRONG"
    assert ("SL801", 9, message) in hostile["split-replicas.yaml"]


# -- user regexes ---------------------------------------------------------------------------------

HANDLER_POLICY = """policies:
  - id: ORG100
    name: handler-shape
    resource_types: [AWS::Serverless::Function]
    property: Handler
    require: {pattern: '%s'}
"""


def test_a_backtracking_pattern_on_a_hostile_value_finishes(tmp_path):
    handler = "a" * 50_000 + "!"
    (tmp_path / "template.yaml").write_text(
        SAM + FUNCTION.replace("app.handler", handler) + FUNCTION.replace("Fn:", "Ok:").replace("app.handler", "aaaa")
    )
    (tmp_path / ".slint.yaml").write_text("policies: [policy.yaml]\nselect: [ORG100]\n")
    (tmp_path / "policy.yaml").write_text(HANDLER_POLICY % "^(a+)+$")
    report, _ = lint_json("template.yaml", cwd=tmp_path)
    assert [(f["rule"], f["line"], f["resource"]) for f in report["findings"]] == [("ORG100", 8, "Fn")]
    assert report["findings"][0]["message"].endswith("does not match the pattern ^(a+)+$")


@pytest.mark.parametrize(
    "pattern, construct",
    [
        (r"^(a)\1$", "a backreference"),
        ("^(?=a)", "a lookahead or lookbehind"),
        ("(?<!x)a", "a negative lookahead or lookbehind"),
        ("(?>a+)b", "an atomic group (?>…)"),
        ("a++", "a possessive repeat (*+, ++, ?+)"),
    ],
)
def test_patterns_that_need_backtracking_are_refused_at_load(tmp_path, pattern, construct):
    (tmp_path / "template.yaml").write_text(SAM + FUNCTION)
    (tmp_path / ".slint.yaml").write_text("policies: [policy.yaml]\n")
    (tmp_path / "policy.yaml").write_text(HANDLER_POLICY % pattern)
    completed = run_slint("lint", "template.yaml", cwd=tmp_path)
    expected = f"slint: configuration error: {tmp_path}/policy.yaml:6: invalid pattern in policy ORG100: {construct} is not supported (slint runs patterns in time linear in the text, without backtracking)\n"
    assert (completed.returncode, completed.stderr.decode()) == (2, expected)


def test_a_pattern_that_expands_too_far_is_refused_at_load(tmp_path):
    (tmp_path / "template.yaml").write_text(SAM + FUNCTION)
    (tmp_path / ".slint.yaml").write_text("policies: [policy.yaml]\n")
    (tmp_path / "policy.yaml").write_text(HANDLER_POLICY % "(?:(?:a{100}){100})")
    completed = run_slint("lint", "template.yaml", cwd=tmp_path)
    expected = f"slint: configuration error: {tmp_path}/policy.yaml:6: invalid pattern in policy ORG100: the pattern expands to more than {MAX_STATES:,} states (large repeat counts)\n"
    assert (completed.returncode, completed.stderr.decode()) == (2, expected)


SAME_AS_RE = [
    r"^(a+)+$", r"(?i)[a-c\d]x{2,3}?|\bfoo\Z", r"[^ab]", r"^python3\.\d+$", r"^arn:aws:iam::\d{12}:role/.*", r"a|b|",
    r"(ab)*c", r"^$", r"$", r"\Bb", r"(?m)^b$", r"a$", r"(?s)a.b", r"a.b", r"[\w-]+\.yaml", r"(?i)σa", r"\W+\s",
    r"(a|ab)(c|bcd)(d*)", r"a{0}b", r"a{2,}", r"(?:a?){3}a{3}", r"(?x) a b  # comment", r"\Aab", r"(?i:A)b", r"(?a)\w+$",
]  # fmt: skip


@pytest.mark.parametrize("pattern", SAME_AS_RE)
@settings(max_examples=200, deadline=None, derandomize=True)
@given(text=st.text(alphabet="abcdxAB9_ é\n.-Σσς$", max_size=10))
def test_safe_patterns_match_what_re_matches(pattern, text):
    assert SafePattern(pattern).search(text) == bool(re.search(pattern, text))


# -- findings capped per rule per file -----------------------------------------------------------


def test_a_file_of_aliases_lists_the_first_of_them_and_counts_the_rest(tmp_path):
    aliases = 300_000
    (tmp_path / "aliases.yaml").write_text(
        'AWSTemplateFormatVersion: "2010-09-09"\nA: &a x\nB: ['
        + ", ".join(["*a"] * aliases)
        + "]\nResources:\n  Q: {Type: AWS::SQS::Queue}\n"
    )
    report, _ = lint_json("--select", "SL003", "aliases.yaml", cwd=tmp_path)
    found = [(f["rule"], f["line"], f["column"], f["message"]) for f in report["findings"]]
    alias = "YAML alias '*a' is not supported by CloudFormation (not expanded)"
    listed = MAX_DIAGNOSTICS_PER_KIND
    assert found[0] == ("SL003", 2, 4, "YAML anchor '&a' is not supported by CloudFormation")
    assert found[1 : listed + 1] == [("SL003", 3, 5 + 4 * i, alias) for i in range(listed)]
    summary = (
        f"{aliases - listed:,} more YAML aliases from here on, not listed (slint lists the first {listed} of each kind)"
    )
    assert found[listed + 1 :] == [("SL003", 3, 5 + 4 * listed, summary)]


def test_findings_of_one_rule_are_capped_per_file_and_counted(tmp_path):
    functions = MAX_FINDINGS_PER_RULE + 5
    body = "".join(
        f"  Fn{i}:\n    Type: AWS::Serverless::Function\n    Properties: {{Runtime: python3.12, Handler: a.b, CodeUri: s3://b/k, Timeout: 901}}\n"
        for i in range(functions)
    )
    (tmp_path / "many.yaml").write_text(SAM + body)
    report, _ = lint_json("--select", "SL101", "many.yaml", cwd=tmp_path)
    found = [(f["rule"], f["line"], f["resource"], f["message"]) for f in report["findings"]]
    assert found[:MAX_FINDINGS_PER_RULE] == [
        ("SL101", 6 + 3 * i, f"Fn{i}", TIMEOUT_901_MESSAGE) for i in range(MAX_FINDINGS_PER_RULE)
    ]
    summary = f"5 more SL101 findings like the above not listed, from here on (slint lists {MAX_FINDINGS_PER_RULE:,} per rule and file)"
    assert found[MAX_FINDINGS_PER_RULE:] == [
        ("SL101", 6 + 3 * MAX_FINDINGS_PER_RULE, f"Fn{MAX_FINDINGS_PER_RULE}", summary)
    ]


# -- suppressions come from comments only --------------------------------------------------------

LAMBDA_901 = (
    "  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Timeout: 901, Runtime: python3.12, Handler: a.b, "
    'Role: "arn:aws:iam::123456789012:role/r", Code: {S3Bucket: b, S3Key: k}%s}%s\n'
)


@pytest.mark.parametrize(
    "name, text",
    [
        (
            "same-line.yaml",
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n'
            + LAMBDA_901 % (', Description: "# slint: ignore", Handler2: a#slint:ignore', ""),
        ),
        (
            "minified.json",
            '{"AWSTemplateFormatVersion": "2010-09-09", "Description": "Silence a line with # slint: ignore", "Resources": {"Fn": {"Type": "AWS::Lambda::Function",'
            ' "Properties": {"Timeout": 901, "Runtime": "python3.12", "Handler": "a.b", "Role": "arn:aws:iam::123456789012:role/r", "Code": {"S3Bucket": "b", "S3Key": "k"}}}}}',
        ),
    ],
)
def test_suppression_syntax_inside_a_value_suppresses_nothing(name, text):
    report = lint(text, filename=name, select=["SL101"])
    line = 1 if name.endswith(".json") else text.splitlines().index("    Type: AWS::Lambda::Function") + 2
    assert [(f.rule, f.line, f.message, f.suppressed) for f in report.all_findings] == [
        ("SL101", line, TIMEOUT_901_MESSAGE, None)
    ]


def test_a_comment_after_a_value_that_quotes_the_syntax_still_suppresses():
    text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n' + LAMBDA_901 % (
        ', Description: "# slint: ignore[SL999]"',
        "  # slint: ignore[SL101]",
    )
    report = lint(text, select=["SL101"])
    assert [(f.rule, f.line, f.suppressed) for f in report.all_findings] == [("SL101", 5, "comment")]


def test_only_real_comments_are_read_as_suppressions():
    text = (
        "Description: |\n  Silence a line with\n  # slint: ignore\n"  # a block scalar's text
        'Quoted: "# slint: ignore[SL101]"  # slint: ignore[SL102]\n'
        "Plain: a#slint:ignore[SL103]\n"  # no space before '#': part of the value
        "Multi: first\n  # slint: ignore[SL104]\n"  # a comment line between two keys' values
        "Folded: 'one\n  # slint: ignore[SL105]'\n"
    )
    parsed = parse_text(text, "t.yaml")
    found = inline_suppressions(text, "t.yaml", parsed.literal_spans)
    assert {line: [s.selectors for s in group] for line, group in found.items()} == {4: [("SL102",)], 7: [("SL104",)]}


def test_a_path_component_longer_than_the_system_allows_is_a_missing_path(tmp_path):
    code_uri = "src/" + "a" * 300
    (tmp_path / "template.yaml").write_text(SAM + FUNCTION.replace("s3://bucket/fn.zip", code_uri))
    report, _ = lint_json("--select", "SL202", "template.yaml", cwd=tmp_path)
    message = f"CodeUri {shorten(code_uri)} does not exist (paths are relative to the template's folder); sam build and package fail unless a build step creates it"
    assert [(f["rule"], f["line"], f["message"]) for f in report["findings"]] == [("SL202", 9, message)]


def test_a_long_value_set_once_in_globals_is_quoted_short_in_each_finding(tmp_path):
    runtime, functions = "x" * 100_000, 300
    body = "".join(
        f"  F{i}:\n    Type: AWS::Serverless::Function\n    Properties: {{Handler: a.b, CodeUri: s3://b/k}}\n"
        for i in range(functions)
    )
    (tmp_path / "template.yaml").write_text(
        SAM.replace("Resources:\n", f"Globals:\n  Function:\n    Runtime: {runtime}\nResources:\n") + body
    )
    report, _ = lint_json("--select", "SL210", "template.yaml", cwd=tmp_path)
    quoted = f"{'x' * MAX_QUOTED_CHARS}… (100,000 characters)"
    named = ", ".join(f"F{i}" for i in range(10)) + f" and {functions - 10} more"  # one finding, ten names
    expected = [
        ("SL210", 5, f"Runtime {quoted} is not a Lambda runtime identifier (set in Globals, applies to {named})")
    ]
    assert [(f["rule"], f["line"], f["message"]) for f in report["findings"]] == expected
