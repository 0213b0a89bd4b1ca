"""Each fix, on the forms a value is written in (YAML block and flow, JSON, SAM Globals, a
parameter's Default), against the exact text expected; and how passes treat bad fixes."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest
from click.testing import CliRunner

from slint.api import build_engine
from slint.cli import main
from slint.config import Settings
from slint.findings import Edit, Fix
from slint.fixes import Fixer, apply_edits

TODAY = date(2026, 11, 23)


def fix(
    text: str,
    rule: str,
    *,
    name: str = "template.yaml",
    unsafe: bool = True,
    parameters: dict | None = None,
    rules_paths=(),
) -> str:
    settings = Settings(
        select=tuple(rule.split(",")),
        use_samconfig=False,
        region="us-east-1",
        today=TODAY,
        parameters=parameters or {},
        rules_paths=tuple(rules_paths),
    )
    fixed = Fixer(build_engine(settings), unsafe=unsafe).fix_bytes(text.encode("utf-8"), name)
    return fixed.fixed.decode("utf-8")


def sam(resources: str, head: str = "") -> str:
    return (
        "Transform: AWS::Serverless-2016-10-31\n"
        + textwrap.dedent(head)
        + "Resources:\n"
        + textwrap.indent(textwrap.dedent(resources), "  ")
    )


FN = """\
Fn:
  Type: AWS::Serverless::Function
  Properties:
    Handler: app.handler
    Runtime: python3.12
    CodeUri: s3://b/k
"""


# -- SL101 Timeout ----------------------------------------------------------------------------


def test_timeout_in_block_style_becomes_900_and_keeps_its_comment():
    text = sam(FN + "    Timeout: 1200   # the nightly batch\n")
    assert fix(text, "SL101") == text.replace("Timeout: 1200   #", "Timeout: 900   #")


def test_timeout_in_flow_style_keeps_the_flow_mapping():
    text = sam(
        "Fn:\n  Type: AWS::Serverless::Function\n  Properties: {Handler: a.b, Runtime: python3.12, CodeUri: s3://b/k, Timeout: 0}\n"
    )
    assert fix(text, "SL101") == text.replace("Timeout: 0}", "Timeout: 1}")


def test_timeout_in_json_keeps_layout_and_quoting():
    text = '{\n  "Resources": {\n    "Fn": {\n      "Type": "AWS::Lambda::Function",\n      "Properties": {"Timeout": "1200", "MemorySize": 128}\n    }\n  }\n}\n'
    assert fix(text, "SL101", name="template.json") == text.replace('"1200"', '"900"')


def test_timeout_in_globals_is_fixed_in_globals_once():
    text = sam(FN + FN.replace("Fn:", "Other:"), head="Globals:\n  Function:\n    Timeout: 3600\n")
    assert fix(text, "SL101") == text.replace("Timeout: 3600", "Timeout: 900")


def test_timeout_from_a_parameter_default_is_fixed_in_the_default():
    head = "Parameters:\n  FnTimeout:\n    Type: Number\n    Default: 1200\n"
    text = sam(FN + "    Timeout: !Ref FnTimeout\n", head=head)
    assert fix(text, "SL101") == text.replace("Default: 1200", "Default: 900")


def test_a_parameter_default_read_elsewhere_too_is_not_rewritten():
    # sam-translator's kinesis_intrinsics.yaml: one Number parameter feeds six stream settings;
    # lowering its Default to fix ParallelizationFactor put MaximumRecordAgeInSeconds out of range.
    head = "Parameters:\n  FnTimeout:\n    Type: Number\n    Default: 1200\n"
    twice = sam(FN + "    Timeout: !Ref FnTimeout\n    Description: !Sub 'times out after ${FnTimeout}s'\n", head=head)
    assert fix(twice, "SL101") == twice
    other = sam(FN + "    Timeout: !Ref FnTimeout\n    MemorySize: !Ref FnTimeout\n", head=head)
    assert fix(other, "SL101") == other


def test_a_constrained_parameter_default_is_not_rewritten():
    # Default 901 with AllowedValues [60, 901]: a Default of 900 is no allowed value, and
    # CloudFormation rejects the template; the 60 configuration shows the way instead.
    head = "Parameters:\n  FnTimeout:\n    Type: Number\n    Default: 1200\n    AllowedValues: [60, 1200]\n"
    text = sam(FN + "    Timeout: !Ref FnTimeout\n", head=head)
    assert fix(text, "SL101") == text
    bounded = sam(
        FN + "    Timeout: !Ref FnTimeout\n", head=head.replace("AllowedValues: [60, 1200]", "MaxValue: 1200")
    )
    assert fix(bounded, "SL101") == bounded


def test_timeout_given_as_a_parameter_override_is_not_rewritten():
    head = "Parameters:\n  FnTimeout:\n    Type: Number\n    Default: 30\n"
    text = sam(FN + "    Timeout: !Ref FnTimeout\n", head=head)
    assert fix(text, "SL101", parameters={"FnTimeout": "1200"}) == text


def test_a_fraction_of_a_second_rounds_to_the_nearest_whole_second():
    text = sam(FN + "    Timeout: 29.6\n")
    assert fix(text, "SL101") == text.replace("29.6", "30")


def test_unsafe_fixes_need_unsafe_fixes():
    text = sam(FN + "    Timeout: 1200\n")
    assert fix(text, "SL101", unsafe=False) == text


# -- SL102 a layer listed twice (safe) ----------------------------------------------------------

LAYER = "arn:aws:lambda:us-east-1:123456789012:layer:shared:3"


def test_repeated_layer_in_a_block_list_loses_its_line_only():
    text = sam(FN + f"    Layers:\n      - {LAYER}  # shared code\n      - !Ref Local\n      - {LAYER}\n")
    assert fix(text, "SL102", unsafe=False) == text.replace(f"        - {LAYER}\n", "", 1)


def test_repeated_layer_in_a_flow_list_loses_it_and_its_comma():
    text = sam(FN + f"    Layers: [{LAYER}, !Ref Local, {LAYER}]\n")
    assert fix(text, "SL102", unsafe=False) == text.replace(f", {LAYER}]", "]")


def test_repeated_layer_in_json():
    text = f'{{"Resources": {{"Fn": {{"Type": "AWS::Lambda::Function", "Properties": {{\n  "Layers": [\n    "{LAYER}",\n    "{LAYER}"\n  ]}}}}}}}}\n'
    assert fix(text, "SL102", name="t.json", unsafe=False) == text.replace(f',\n    "{LAYER}"', "", 1)


def test_layer_in_globals_and_in_the_function_is_removed_from_the_function():
    text = sam(
        FN + f"    Layers:\n      - {LAYER}\n      - !Ref Local\n",
        head=f"Globals:\n  Function:\n    Layers: [{LAYER}]\n",
    )
    assert fix(text, "SL102", unsafe=False) == text.replace(f"        - {LAYER}\n", "")


def test_the_only_item_of_a_block_list_is_not_removed():
    """Removing it would leave ``Layers:`` empty (null), which CloudFormation rejects."""
    text = sam(FN + f"    Layers:\n      - {LAYER}\n", head=f"Globals:\n  Function:\n    Layers: [{LAYER}]\n")
    assert fix(text, "SL102") == text


# -- SL103 MemorySize and EphemeralStorage --------------------------------------------------------


def test_memory_and_tmp_in_block_and_flow_style():
    text = sam(FN + "    MemorySize: 20000\n    EphemeralStorage: {Size: 100}\n")
    assert fix(text, "SL103") == text.replace("MemorySize: 20000", "MemorySize: 10240").replace(
        "{Size: 100}", "{Size: 512}"
    )


def test_memory_in_globals_and_json():
    text = sam(FN, head="Globals:\n  Function:\n    MemorySize: 64\n")
    assert fix(text, "SL103") == text.replace("MemorySize: 64", "MemorySize: 128")
    json_text = '{"Resources": {"Fn": {"Type": "AWS::Lambda::Function",\n  "Properties": {"EphemeralStorage": {"Size": 20480}}}}}\n'
    assert fix(json_text, "SL103", name="t.json") == json_text.replace("20480", "10240")


def test_memory_from_a_quoted_parameter_default_stays_quoted():
    text = sam(
        FN + "    MemorySize: !Ref Memory\n", head="Parameters:\n  Memory:\n    Type: Number\n    Default: '100'\n"
    )
    assert fix(text, "SL103") == text.replace("Default: '100'", "Default: '128'")


# -- SL210 runtime past deprecation -------------------------------------------------------------


def test_runtime_past_deprecation_becomes_its_familys_supported_successor():
    text = sam(FN.replace("python3.12", "python3.7"))
    assert fix(text, "SL210") == text.replace("Runtime: python3.7", "Runtime: python3.14")


def test_runtime_in_globals_flow_style_and_json():
    text = sam(
        FN.replace("    Runtime: python3.12\n", ""), head="Globals:\n  Function: {Runtime: nodejs12.x, Timeout: 3}\n"
    )
    assert fix(text, "SL210") == text.replace("nodejs12.x", "nodejs24.x")
    json_text = '{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Runtime": "nodejs12.x"}}}}\n'
    assert fix(json_text, "SL210", name="t.json") == json_text.replace("nodejs12.x", "nodejs24.x")


def test_runtime_from_a_parameter_default():
    text = sam(
        FN.replace("python3.12", "!Ref Runtime"),
        head='Parameters:\n  Runtime:\n    Type: String\n    Default: "python3.7"\n',
    )
    assert fix(text, "SL210") == text.replace('Default: "python3.7"', 'Default: "python3.14"')


def test_a_supported_runtime_and_a_layers_compatible_runtimes_are_left_alone():
    layer = "Layer:\n  Type: AWS::Serverless::LayerVersion\n  Properties:\n    ContentUri: s3://b/k\n    CompatibleRuntimes: [python3.7]\n"
    text = sam(FN + layer)
    assert fix(text, "SL210") == text


# -- SL401 SQS visibility timeout -----------------------------------------------------------------

QUEUE_CONSUMER = """\
Consumer:
  Type: AWS::Serverless::Function
  Properties:
    Handler: app.handler
    Runtime: python3.12
    CodeUri: s3://b/k
    Timeout: 60
    Events:
      Jobs:
        Type: SQS
        Properties: {Queue: !GetAtt Queue.Arn, BatchSize: 100, MaximumBatchingWindowInSeconds: 20}
"""


def test_visibility_timeout_becomes_six_times_the_timeout_plus_the_window():
    text = sam(
        "Queue:\n  Type: AWS::SQS::Queue\n  Properties:\n    VisibilityTimeout: 30  # seconds\n" + QUEUE_CONSUMER
    )
    assert fix(text, "SL401") == text.replace("VisibilityTimeout: 30  #", "VisibilityTimeout: 380  #")


def test_visibility_timeout_from_a_parameter_default_in_flow_style():
    head = "Parameters:\n  Visibility: {Type: Number, Default: 90}\n"
    text = sam(
        "Queue:\n  Type: AWS::SQS::Queue\n  Properties: {VisibilityTimeout: !Ref Visibility}\n" + QUEUE_CONSUMER,
        head=head,
    )
    assert fix(text, "SL401") == text.replace("Default: 90}", "Default: 380}")


def test_a_queue_on_the_default_visibility_timeout_gets_no_fix():
    text = sam("Queue:\n  Type: AWS::SQS::Queue\n" + QUEUE_CONSUMER)
    assert fix(text, "SL401") == text


# -- SL703 Lambda@Edge association to an unqualified function ------------------------------------

EDGE_FN = """\
EdgeFn:
  Type: AWS::Serverless::Function
  Properties:
    Handler: app.handler
    Runtime: python3.12
    CodeUri: s3://b/k
    AutoPublishAlias: live
"""
DISTRIBUTION = """\
Dist:
  Type: AWS::CloudFront::Distribution
  Properties:
    DistributionConfig:
      Enabled: true
      DefaultCacheBehavior:
        TargetOriginId: o
        ViewerProtocolPolicy: allow-all
        LambdaFunctionAssociations:
          - {EventType: viewer-request, LambdaFunctionARN: !GetAtt EdgeFn.Arn}
"""


def test_edge_association_becomes_the_published_version():
    text = sam(EDGE_FN + DISTRIBUTION)
    assert fix(text, "SL703") == text.replace("!GetAtt EdgeFn.Arn", "!Ref EdgeFn.Version")


def test_edge_association_in_json():
    text = (
        '{"Transform": "AWS::Serverless-2016-10-31", "Resources": {\n'
        '"EdgeFn": {"Type": "AWS::Serverless::Function", "Properties": {"Handler": "a.b", "Runtime": "python3.12", "CodeUri": "s3://b/k", "AutoPublishAlias": "live"}},\n'
        '"Dist": {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": {"Enabled": true, "DefaultCacheBehavior": {"TargetOriginId": "o", "ViewerProtocolPolicy": "allow-all",\n'
        '  "LambdaFunctionAssociations": [{"EventType": "viewer-request", "LambdaFunctionARN": {"Fn::GetAtt": ["EdgeFn", "Arn"]}}]}}}}}}\n'
    )
    assert fix(text, "SL703", name="t.json") == text.replace(
        '{"Fn::GetAtt": ["EdgeFn", "Arn"]}', '{"Ref": "EdgeFn.Version"}'
    )


def test_edge_association_to_a_function_without_autopublishalias_gets_no_fix():
    text = sam(EDGE_FN.replace("    AutoPublishAlias: live\n", "") + DISTRIBUTION)
    assert fix(text, "SL703") == text


# -- the machinery ------------------------------------------------------------------------------


def test_overlapping_edits_keep_the_first_and_the_same_fix_twice_applies_once():
    first = Fix("a", True, (Edit(1, 10, 1, 14, "900"),))
    overlapping = Fix("b", True, (Edit(1, 12, 1, 14, "1"),))
    text, taken, edits = apply_edits("Timeout: 1200\n", "yaml", [first, overlapping, first])
    assert (text, taken, edits) == ("Timeout: 900\n", [first], [(9, 13, "900")])


def test_a_bom_and_crlf_line_endings_are_kept():
    text = sam(FN + "    Timeout: 1200\n").replace("\n", "\r\n")
    data = ("\ufeff" + text).encode("utf-8")
    settings = Settings(select=("SL101",), use_samconfig=False, today=TODAY)
    fixed = Fixer(build_engine(settings), unsafe=True).fix_bytes(data, "t.yaml")
    assert fixed.fixed == data.replace(b"Timeout: 1200\r\n", b"Timeout: 900\r\n")


def test_a_file_that_does_not_parse_is_never_touched():
    text = sam(FN + "    Timeout: 1200\n") + "  Broken: {\n"
    assert fix(text, "SL101") == text


BAD_FIXES = '''
from slint.rule import Rule, Severity


class BreaksTheFile(Rule):
    """
    ## What it does
    Test rule.
    ## Why is this bad?
    Test.
    ## Example
    x
    ## Use instead
    y
    ## Fix safety
    Safe.
    ## References
    - https://example.com
    """

    id = "XT001"
    name = "breaks-the-file"
    resource_types = ("AWS::Serverless::Function",)
    fix_safety = "safe"
    messages = {"bad": "bad"}

    def check_resource(self, function, ctx):
        for timeout in function.each("Timeout"):
            if timeout.number == 1200:
                ctx.report(timeout, "bad", fix=ctx.replace_node(timeout, "[unclosed", "[", "Break it"))
            if timeout.number == 1300:
                ctx.report(timeout, "bad", fix=ctx.replace(timeout, 1250))
            if timeout.number == 1250:  # what the fix above leads to: a finding somewhere new
                ctx.report(function, "bad")
            if timeout.number == 1400:  # a good fix
                ctx.report(timeout, "bad", fix=ctx.replace(timeout, 1401))
'''


def test_a_fix_that_breaks_the_file_or_adds_a_finding_is_not_written(tmp_path):
    (tmp_path / "xt001.py").write_text(BAD_FIXES)
    breaking = sam(FN + "    Timeout: 1200\n")
    assert fix(breaking, "XT001", rules_paths=[tmp_path]) == breaking
    adding = sam(FN + "    Timeout: 1300\n")
    assert fix(adding, "XT001", rules_paths=[tmp_path]) == adding
    mixed = sam(
        FN
        + "    Timeout: 1300\n"
        + FN.replace("Fn:", "Other:")
        + "    Timeout: 1200\n"
        + FN.replace("Fn:", "Good:")
        + "    Timeout: 1400\n"
    )
    assert fix(mixed, "XT001", rules_paths=[tmp_path]) == mixed.replace(
        "Timeout: 1400", "Timeout: 1401"
    )  # the good fix still lands


def test_fix_writes_the_file_and_reports_what_remains(tmp_path):
    template = tmp_path / "template.yaml"
    template.write_text(sam(FN + f"    Timeout: 1200\n    Layers: [{LAYER}, {LAYER}]\n"))
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--no-color", "--fix", str(template)])
    assert template.read_text() == sam(FN + f"    Timeout: 1200\n    Layers: [{LAYER}]\n")
    assert result.exit_code == 1
    assert "SL101" in result.stdout and "SL102" not in result.stdout
    assert "Fixed 1 problem(s) in 1 file(s). 1 more fix(es) available with --unsafe-fixes." in result.stderr
    again = CliRunner().invoke(main, ["lint", "--no-cache", "--no-color", "--fix", "--unsafe-fixes", str(template)])
    assert again.exit_code == 0 and "Fixed 1 problem(s)" in again.stderr
    before = template.read_bytes()
    CliRunner().invoke(main, ["lint", "--no-cache", "--fix", "--unsafe-fixes", str(template)])
    assert template.read_bytes() == before


def test_rules_list_their_fix_safety():
    assert CliRunner().invoke(main, ["rule", "SL102"]).stdout.splitlines()[2] == "Fix: safe (applied by --fix)"
    text = CliRunner().invoke(main, ["rule", "SL101"]).stdout
    assert "Fix: unsafe (applied by --fix --unsafe-fixes)" in text and "## Fix safety\nUnsafe:" in text


# -- nearest allowed value: async config, SQS concurrency, stream settings, API timeouts ---------


def test_async_config_in_block_style_and_in_globals():
    text = sam(FN + "    EventInvokeConfig:\n      MaximumRetryAttempts: 5\n      MaximumEventAgeInSeconds: 30\n")
    assert fix(text, "SL311") == text.replace("MaximumRetryAttempts: 5", "MaximumRetryAttempts: 2").replace(
        "InSeconds: 30", "InSeconds: 60"
    )
    text = sam(FN, head="Globals:\n  Function:\n    EventInvokeConfig: {MaximumRetryAttempts: 3}\n")
    assert fix(text, "SL311") == text.replace("{MaximumRetryAttempts: 3}", "{MaximumRetryAttempts: 2}")


def test_sqs_maximum_concurrency_in_flow_style_and_from_a_parameter_default():
    events = "    Events:\n      Jobs:\n        Type: SQS\n        Properties: {Queue: arn:aws:sqs:us-east-1:123456789012:q, ScalingConfig: {MaximumConcurrency: %s}}\n"
    text = sam(FN + events % "1")
    assert fix(text, "SL404") == text.replace("MaximumConcurrency: 1}", "MaximumConcurrency: 2}")
    text = sam(
        FN + events % "!Ref Concurrency", head="Parameters:\n  Concurrency:\n    Type: Number\n    Default: 5000\n"
    )
    assert fix(text, "SL404") == text.replace("Default: 5000", "Default: 1000")


def test_stream_settings_in_json():
    text = (
        '{"Resources": {"Mapping": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {\n'
        '  "FunctionName": "fn", "EventSourceArn": "arn:aws:kinesis:us-east-1:123456789012:stream/s",\n'
        '  "StartingPosition": "LATEST", "BatchSize": 20000, "ParallelizationFactor": 0}}}}\n'
    )
    assert fix(text, "SL408", name="t.json") == text.replace('"BatchSize": 20000', '"BatchSize": 10000').replace(
        '"ParallelizationFactor": 0', '"ParallelizationFactor": 1'
    )


def test_api_integration_timeout_to_the_apis_bounds():
    text = sam(
        "Api:\n  Type: AWS::ApiGatewayV2::Api\n  Properties: {Name: a, ProtocolType: HTTP}\n"
        "Integration:\n  Type: AWS::ApiGatewayV2::Integration\n  Properties:\n    ApiId: !Ref Api\n    IntegrationType: AWS_PROXY\n    TimeoutInMillis: 45000\n"
        "Short:\n  Type: AWS::ApiGatewayV2::Integration\n  Properties:\n    ApiId: !Ref Api\n    IntegrationType: AWS_PROXY\n    TimeoutInMillis: '10'\n"
    )
    assert fix(text, "SL603") == text.replace("TimeoutInMillis: 45000", "TimeoutInMillis: 30000").replace(
        "TimeoutInMillis: '10'", "TimeoutInMillis: '50'"
    )


TRANSFORM_RULE = '''
from slint.rule import Rule


class NeedsTransform(Rule):
    """
    ## What it does
    Test rule, as SL506 sam-transform-missing would call the fix.
    ## Why is this bad?
    Test.
    ## Example
    x
    ## Use instead
    y
    ## Fix safety
    Safe.
    ## References
    - https://example.com
    """

    id = "XT002"
    name = "needs-transform"
    resource_types = ("AWS::Serverless::Function",)
    fix_safety = "safe"
    messages = {"missing": "no transform"}

    def check_resource(self, function, ctx):
        if not ctx.template.root.get("Transform"):
            ctx.report(function, "missing", fix=ctx.add_template_key("Transform", "AWS::Serverless-2016-10-31"))
'''


@pytest.mark.parametrize(
    "name, text, expected",
    [
        (
            "t.yaml",
            "# header\r\nAWSTemplateFormatVersion: '2010-09-09'\r\nDescription: demo\r\nResources:\r\n  Fn: {Type: AWS::Serverless::Function}\r\n",
            "# header\r\nAWSTemplateFormatVersion: '2010-09-09'\r\nDescription: demo\r\nTransform: AWS::Serverless-2016-10-31\r\nResources:\r\n  Fn: {Type: AWS::Serverless::Function}\r\n",
        ),
        (
            "t.json",
            '{\n    "Resources": {"Fn": {"Type": "AWS::Serverless::Function"}}\n}\n',
            '{\n    "Transform": "AWS::Serverless-2016-10-31",\n    "Resources": {"Fn": {"Type": "AWS::Serverless::Function"}}\n}\n',
        ),
        (
            "t.json",
            '{"Resources": {"Fn": {"Type": "AWS::Serverless::Function"}}}',
            '{"Transform": "AWS::Serverless-2016-10-31", "Resources": {"Fn": {"Type": "AWS::Serverless::Function"}}}',
        ),
        (
            "t.yaml",
            "{Resources: {Fn: {Type: AWS::Serverless::Function}}}\n",
            "{Transform: AWS::Serverless-2016-10-31, Resources: {Fn: {Type: AWS::Serverless::Function}}}\n",
        ),
    ],
    ids=["yaml-after-version-and-description", "json-own-line", "json-one-line", "yaml-flow-root"],
)
def test_adding_the_sam_transform(tmp_path, name, text, expected):
    (tmp_path / "xt002.py").write_text(TRANSFORM_RULE)
    assert fix(text, "XT002", name=name, unsafe=False, rules_paths=[tmp_path]) == expected


def test_fixes_survive_the_result_cache(tmp_path, monkeypatch):
    from slint.api import lint_paths
    from slint.engine import Engine

    template = tmp_path / "t.yaml"
    template.write_text(sam(FN + "    Timeout: 1200\n"))
    settings = Settings(select=("SL101",), use_samconfig=False)
    first = lint_paths([template], settings, cache_dir=tmp_path / "cache").findings
    monkeypatch.setattr(Engine, "lint_bytes", lambda *args: pytest.fail("the second run should come from the cache"))
    cached = lint_paths([template], settings, cache_dir=tmp_path / "cache").findings
    assert cached[0].fix == first[0].fix == Fix("Set Timeout to 900", False, (Edit(9, 16, 9, 20, "900"),))


def test_standard_input_is_not_fixed_but_refused_clearly():
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--fix", "-"], input=sam(FN + "    Timeout: 1200\n"))
    assert result.exit_code == 2 and "name the template rather than '-'" in result.stderr


def test_sqs_batch_limits_in_block_style_and_json():
    events = "    Events:\n      Jobs:\n        Type: SQS\n        Properties:\n          Queue: arn:aws:sqs:us-east-1:123456789012:jobs.fifo\n          BatchSize: 50\n"
    text = sam(FN + events)
    assert fix(text, "SL403") == text.replace("BatchSize: 50", "BatchSize: 10")
    json_text = '{"Resources": {"M": {"Type": "AWS::Lambda::EventSourceMapping", "Properties": {"FunctionName": "f",\n  "EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:q", "BatchSize": 0, "MaximumBatchingWindowInSeconds": 600}}}}\n'
    assert fix(json_text, "SL403", name="t.json") == json_text.replace('"BatchSize": 0', '"BatchSize": 1').replace(
        ": 600}", ": 300}"
    )


def test_scheduler_mode_off_read_as_a_boolean_is_quoted_and_the_window_clamped():
    schedule = "Schedule:\n  Type: AWS::Scheduler::Schedule\n  Properties:\n    ScheduleExpression: rate(1 hour)\n    FlexibleTimeWindow: {Mode: OFF}\n    Target: {Arn: arn:aws:lambda:us-east-1:123456789012:function:f, RoleArn: arn:aws:iam::123456789012:role/r}\n"
    text = sam(schedule)
    assert fix(text, "SL442") == text.replace("{Mode: OFF}", '{Mode: "OFF"}')
    flexible = sam(
        schedule.replace("{Mode: OFF}", "\n      Mode: FLEXIBLE\n      MaximumWindowInMinutes: 2000  # a day and more")
    )
    assert fix(flexible, "SL442") == flexible.replace("MaximumWindowInMinutes: 2000", "MaximumWindowInMinutes: 1440")


def test_fix_replaces_the_file_in_one_step_keeping_its_permissions(tmp_path):
    template = tmp_path / "t.yaml"
    template.write_text(sam(FN + "    Timeout: 1200\n"))
    template.chmod(0o640)
    inode = template.stat().st_ino
    CliRunner().invoke(main, ["lint", "--no-cache", "--unsafe-fixes", str(template)])
    assert "Timeout: 900" in template.read_text()
    assert template.stat().st_mode & 0o777 == 0o640
    assert template.stat().st_ino != inode  # renamed over, not rewritten in place
    assert [p.name for p in tmp_path.iterdir()] == ["t.yaml"]  # no temporary file left


TABLE = "Table:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    BillingMode: PAY_PER_REQUEST\n"


def test_retain_policy_is_added_before_the_resources_first_key_or_replaces_delete():
    text = sam(
        TABLE
        + "Pool: {Type: AWS::Cognito::UserPool}\nDoomed:\n  DeletionPolicy: Delete\n  Type: AWS::Cognito::UserPool\n"
    )
    assert fix(text, "SL806") == text.replace(
        "Table:\n    Type", "Table:\n    DeletionPolicy: Retain\n    Type"
    ).replace("{Type: AWS::Cognito::UserPool}", "{DeletionPolicy: Retain, Type: AWS::Cognito::UserPool}").replace(
        "DeletionPolicy: Delete", "DeletionPolicy: Retain"
    )
    json_text = '{"Resources": {\n  "Pool": {\n    "Type": "AWS::Cognito::UserPool"\n  },\n  "Other": {"Type": "AWS::Cognito::UserPool"}}}\n'
    assert fix(json_text, "SL806", name="t.json") == json_text.replace(
        '{\n    "Type"', '{\n    "DeletionPolicy": "Retain",\n    "Type"'
    ).replace('{"Type": "AWS::Cognito::UserPool"}}', '{"DeletionPolicy": "Retain", "Type": "AWS::Cognito::UserPool"}}')


def test_recovery_period_to_the_nearest_allowed_days():
    text = sam(
        TABLE + "    PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 90}\n"
    )
    assert fix(text, "SL805") == text.replace("RecoveryPeriodInDays: 90", "RecoveryPeriodInDays: 35")


def test_the_missing_transform_is_added_even_when_the_globals_it_applies_hold_a_mistake():
    # Without the Transform, Globals apply to nothing; once SL506's fix adds it, SL101 sees the
    # Globals Timeout. That finding was hidden, not added by the fix: the fix is still applied.
    text = (
        "Globals:\n  Function:\n    Timeout: 1200\n"
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
        "    Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: s3://bucket/key.zip}\n"
    )
    fixed = fix(text, "SL506,SL101", unsafe=False)
    assert fixed == "Transform: AWS::Serverless-2016-10-31\n" + text
