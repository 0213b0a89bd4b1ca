"""Fn::ForEach (AWS::LanguageExtensions): generated resources are checked, and their findings
point into the loop body and name the generated logical id."""

from __future__ import annotations

from .conftest import lint

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Parameters:
  Names:
    Type: CommaDelimitedList
    Default: orders,billing
Resources:
  Fn::ForEach::Functions:
    - Name
    - !Ref Names
    - ${Name}Function:
        Type: AWS::Lambda::Function
        Properties:
          FunctionName: !Sub "${Name}-handler"
          Code: {S3Bucket: code-bucket, S3Key: fn.zip}
          Handler: app.handler
          Runtime: python3.12
          Role: arn:aws:iam::123456789012:role/fn
          Timeout: !If [Never, 1, 1200]
  Fn::ForEach::Queues:
    - Kind
    - [Fast, Slow-Lane]
    - "&{Kind}Queue":
        Type: AWS::SQS::Queue
        Properties:
          QueueName: ${Kind}
          DelaySeconds: 901
Conditions:
  Never: !Equals [a, b]
"""


def test_generated_resources_are_checked_at_the_loop_body():
    report = lint(TEMPLATE, select=("SL101", "SL022"))
    found = sorted((f.rule, f.line, f.resource, f.path[1]) for f in report.findings)
    assert found == [
        ("SL022", 27, "FastQueue", "Fn::ForEach::Queues"),
        ("SL022", 27, "SlowLaneQueue", "Fn::ForEach::Queues"),
        ("SL101", 19, "billingFunction", "Fn::ForEach::Functions"),
        ("SL101", 19, "ordersFunction", "Fn::ForEach::Functions"),
    ]


def test_identifiers_are_replaced_in_values():
    from slint.model import Template
    from slint.parser import parse_yaml

    template = Template(parse_yaml(TEMPLATE).root, text=TEMPLATE)
    assert sorted(template.resources) == ["FastQueue", "SlowLaneQueue", "billingFunction", "ordersFunction"]
    assert template.resources["ordersFunction"].get("FunctionName").value == "orders-handler"
    assert template.resources["SlowLaneQueue"].get("QueueName").value == "Slow-Lane"


def test_without_the_transform_nothing_is_generated():
    text = TEMPLATE.replace("Transform: AWS::LanguageExtensions\n", "")
    assert [f for f in lint(text, select="SL101").findings if f.rule == "SL101"] == []


def test_a_globals_value_the_loop_inherits_is_reported_once():
    # The loop note ("in AlphaFunction, made by ...") came after the Globals note, so the
    # Globals-once merge did not recognise the copies: one finding per generated function.
    text = """\
Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Globals:
  Function:
    Timeout: 1200
Resources:
  Fn::ForEach::Functions:
    - Name
    - [Alpha, Beta]
    - ${Name}Function:
        Type: AWS::Serverless::Function
        Properties: {Handler: app.handler, Runtime: python3.12, CodeUri: s3://bucket/fn.zip}
  Plain:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, Runtime: python3.12, CodeUri: s3://bucket/fn.zip}
"""
    report = lint(text, select="SL101")
    assert [(f.line, f.message) for f in report.findings] == [
        (
            4,
            "Timeout 1200 exceeds Lambda's maximum of 900 seconds (set in Globals, applies to AlphaFunction, BetaFunction and Plain)",
        )
    ]
    assert [r[0] for r in report.findings[0].related] == [
        "AlphaFunction inherits this value from Globals",
        "BetaFunction inherits this value from Globals",
        "Plain inherits this value from Globals",
    ]
