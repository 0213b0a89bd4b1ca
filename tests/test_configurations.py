"""Every deployable configuration: an unpinned parameter's Default and each AllowedValues entry,
conditions on it undecided, FindInMap keyed by it over each key; a finding names the configuration."""

from __future__ import annotations

from .conftest import lint

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Stage:
    Type: String
    Default: dev
    AllowedValues: [dev, staging, prod]
  Plan:
    Type: String
    Default: basic
    AllowedValues: [basic, enterprise]
  Free:
    Type: Number
    Default: 30
  Timeout:
    Type: Number
    Default: 60
    AllowedValues: [60, 901]
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Mappings:
  Sizes:
    basic: {Memory: 512}
    enterprise: {Memory: 20480}
Resources:
  ByCondition:
    Type: AWS::Lambda::Function
    Properties:
      Code: {S3Bucket: code-bucket, S3Key: fn.zip}
      Handler: app.handler
      Runtime: python3.12
      Role: arn:aws:iam::123456789012:role/fn
      Timeout: !If [IsProd, 1200, 60]
      MemorySize: !FindInMap [Sizes, !Ref Plan, Memory]
  ByAllowedValue:
    Type: AWS::Lambda::Function
    Properties:
      Code: {S3Bucket: code-bucket, S3Key: fn.zip}
      Handler: app.handler
      Runtime: python3.12
      Role: arn:aws:iam::123456789012:role/fn
      Timeout: !Ref Timeout
  Unbounded:
    Type: AWS::Lambda::Function
    Properties:
      Code: {S3Bucket: code-bucket, S3Key: fn.zip}
      Handler: app.handler
      Runtime: python3.12
      Role: arn:aws:iam::123456789012:role/fn
      Timeout: !Ref Free
"""


def findings(report) -> list[tuple]:
    return sorted((f.line, f.rule, f.message) for f in report.findings)


def test_each_allowed_value_condition_branch_and_map_key_is_checked_and_named():
    assert findings(lint(TEMPLATE, select=("SL101", "SL103"))) == [
        (32, "SL101", "Timeout 1200 exceeds Lambda's maximum of 900 seconds (when Stage is prod)"),
        (33, "SL103", "MemorySize 20480 MB is outside Lambda's range of 128 to 10240 MB (when Plan is enterprise)"),
        (41, "SL101", "Timeout 901 exceeds Lambda's maximum of 900 seconds (when Timeout is 901)"),
    ]


def test_a_pinned_parameter_has_its_one_value():
    pinned = lint(TEMPLATE, select=("SL101", "SL103"), parameters={"Stage": "dev", "Plan": "basic", "Timeout": "60"})
    assert findings(pinned) == []
    prod = lint(TEMPLATE, select="SL101", parameters={"Stage": "prod", "Timeout": "60"})
    assert findings(prod) == [(32, "SL101", "Timeout 1200 exceeds Lambda's maximum of 900 seconds")]


def test_the_default_configuration_keeps_its_provenance():
    text = TEMPLATE.replace("Default: 60\n    AllowedValues: [60, 901]", "Default: 901\n    AllowedValues: [60, 901]")
    (finding,) = [f for f in lint(text, select="SL101").findings if f.line == 41]
    assert finding.message == "Timeout 901 exceeds Lambda's maximum of 900 seconds (from parameter Timeout default)"


def test_a_globals_value_names_its_configuration_and_is_reported_once():
    # The Globals note used to replace the configuration's: "Timeout 1200 ... (set in Globals,
    # applies to A and B)" read as wrong to anyone deploying the default Stage.
    text = """\
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
  Memory: {Type: Number, Default: 20000}
Mappings:
  Timeouts:
    dev: {Value: 30}
    prod: {Value: 1200}
Globals:
  Function:
    Timeout: !FindInMap [Timeouts, !Ref Stage, Value]
    MemorySize: !Ref Memory
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, Runtime: python3.12, CodeUri: s3://b/k}
  B:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, Runtime: python3.12, CodeUri: s3://b/k}
"""
    assert findings(lint(text, select=("SL101", "SL103"))) == [
        (
            11,
            "SL101",
            "Timeout 1200 exceeds Lambda's maximum of 900 seconds (when Stage is prod) (set in Globals, applies to A and B)",
        ),
        (
            12,
            "SL103",
            "MemorySize 20000 MB is outside Lambda's range of 128 to 10240 MB (from parameter Memory default) (set in Globals, applies to A and B)",
        ),
    ]
