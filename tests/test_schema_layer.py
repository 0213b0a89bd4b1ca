"""The schema layer (SL020-SL025): provider schemas read lazily from cfn-lint's package data,
and a hand-written rule's finding on the same property wins over the schema's."""

from __future__ import annotations

from slint.schema import providers as schema_layer

from .conftest import lint

FUNCTION = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Code: {S3Bucket: code-bucket, S3Key: fn.zip}
      Handler: app.handler
      Runtime: python3.12
      Role: arn:aws:iam::123456789012:role/fn
      MemorySize: 64
      Architectures: [x86_64, arm64]
"""


def found(report) -> list[tuple]:
    return sorted((f.rule, f.line, f.message_id) for f in report.findings)


def test_the_specific_rule_wins_on_the_same_property():
    # MemorySize 64: SL103 (Lambda's documented range) and SL022 (schema minimum 128) agree.
    both = lint(FUNCTION, select=("SL103", "SL022", "SL023"))
    assert found(both) == [("SL023", 11, "too_many_items"), ("SL103", 10, "memory_out_of_range")]
    alone = lint(FUNCTION, select="SL022")
    assert found(alone) == [("SL022", 10, "below_minimum")]


def test_a_whole_resource_finding_does_not_hide_a_missing_property():
    text = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
"""
    report = lint(text, select=("SL025", "SL805"))
    assert [(rule, line) for rule, line, _ in found(report)] == [("SL025", 3), ("SL805", 3)]
    (missing,) = [f for f in report.findings if f.rule == "SL025"]
    assert missing.message == "Properties of AWS::DynamoDB::Table is missing required KeySchema"


def test_schemas_are_read_only_for_types_present_and_once():
    schema_layer._schema_file.cache_clear()
    lint(FUNCTION, select="SL022")
    lint(FUNCTION, select="SL022")
    info = schema_layer._schema_file.cache_info()
    assert (info.misses, info.currsize) == (1, 1)  # only AWS::Lambda::Function, read once


def test_sam_types_use_the_sam_schemas_and_other_types_the_region():
    assert schema_layer.schema_for("AWS::Serverless::Function", "eu-west-1")["typeName"] == "AWS::Serverless::Function"
    assert schema_layer.schema_for("AWS::SQS::Queue", "eu-west-1")["typeName"] == "AWS::SQS::Queue"
    assert (
        schema_layer.schema_for("AWS::SQS::Queue", "no-such-region-1")["typeName"] == "AWS::SQS::Queue"
    )  # falls back to us-east-1
    assert schema_layer.schema_for("Custom::Thing", None) is None


def test_a_property_set_to_novalue_is_not_there():
    # cfn-lint's good/resources__properties__exclusive.yaml: CidrIp: !Ref AWS::NoValue beside
    # SourceSecurityGroupId is one source, not two; a required property set to NoValue is missing.
    text = """\
AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  IsProd: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Ingress:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      SourceSecurityGroupId: sg-abc12345
      CidrIp: !Ref AWS::NoValue
      IpProtocol: "-1"
      GroupId: sg-abc1234567
  Either:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      SourceSecurityGroupId: !If [IsProd, sg-abc12345, !Ref AWS::NoValue]
      CidrIp: !If [IsProd, !Ref AWS::NoValue, 10.0.0.0/8]
      IpProtocol: "-1"
      GroupId: sg-abc1234567
  Both:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      SourceSecurityGroupId: sg-abc12345
      CidrIp: 10.0.0.0/8
      IpProtocol: "-1"
      GroupId: sg-abc1234567
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !Ref AWS::NoValue
  MaybePolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !If [IsProd, {Version: "2012-10-17", Statement: []}, !Ref AWS::NoValue]
"""
    report = lint(text, select="SL025")
    assert sorted((f.resource, f.message) for f in report.findings) == [
        (
            "Both",
            "Properties of AWS::EC2::SecurityGroupIngress sets CidrIp and SourceSecurityGroupId; only one of them may be set",
        ),
        ("Policy", "Properties of AWS::IAM::ManagedPolicy is missing required PolicyDocument"),
    ]
