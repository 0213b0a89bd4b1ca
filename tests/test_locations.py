"""Where findings are located: a map or list written under a key starts at that key (the key is
what the message names; a block collection's own span starts at its first child), scalars stay
at their value, list items at themselves. Spans are (line, column, end_line, end_column), 1-based."""

from __future__ import annotations

import json

from slint.model import Template
from slint.parser import parse_text
from slint.reporters import render
from tests.conftest import lint


def six_layers(indent: int) -> str:
    return "".join(f"{' ' * indent}- arn:aws:lambda:us-east-1:123456789012:layer:l{n}:1\n" for n in range(6))


def span(finding) -> tuple:
    return (finding.line, finding.column, finding.end_line, finding.end_column)


def only(report, rule: str):
    (finding,) = [f for f in report.findings if f.rule == rule]
    return finding


def test_a_block_list_is_located_at_its_key():
    text = f"""\
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://bucket/key.zip
      Handler: app.handler
      Runtime: python3.12
      Layers:
{six_layers(8)}"""
    finding = only(lint(text, select="SL102"), "SL102")
    assert span(finding) == (9, 7, 9, 13)  # `Layers`, not the first `- arn...` on line 10
    assert finding.path == ("Resources", "Fn", "Properties", "Layers")


def test_a_list_set_in_globals_is_located_at_its_key_inside_globals():
    text = f"""\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Layers:
{six_layers(6)}Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {{CodeUri: s3://bucket/key.zip, Handler: app.handler, Runtime: python3.12}}
"""
    finding = only(lint(text, select="SL102"), "SL102")
    assert span(finding) == (4, 5, 4, 11)
    assert finding.path == ("Globals", "Function", "Layers")
    assert finding.message.endswith("(set in Globals, applies to Fn)")


def test_a_block_map_is_located_at_its_key():
    text = f"""\
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
      Code: {{S3Bucket: bucket, S3Key: key.zip}}
      Environment:
        Variables:
          BIG: {"x" * 4100}
"""
    finding = only(lint(text, select="SL104"), "SL104")
    assert span(finding) == (8, 9, 8, 18)  # `Variables`
    assert finding.path == ("Resources", "Fn", "Properties", "Environment", "Variables")


def test_a_flow_list_on_its_key_line_starts_at_the_key_and_ends_with_the_list():
    layers = ", ".join(f"arn:aws:lambda:us-east-1:123456789012:layer:l{n}:1" for n in range(6))
    line = f"      Layers: [{layers}]"
    text = f"""\
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
      Code: {{S3Bucket: bucket, S3Key: key.zip}}
{line}
"""
    finding = only(lint(text, select="SL102"), "SL102")
    assert span(finding) == (7, 7, 7, len(line) + 1)


def test_a_scalar_stays_at_its_value():
    text = """\
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
      Code: {S3Bucket: bucket, S3Key: key.zip}
      Timeout: 1000
"""
    finding = only(lint(text, select="SL101"), "SL101")
    assert span(finding) == (7, 16, 7, 20)  # `1000`


def test_a_json_array_spanning_lines_is_located_at_its_key():
    layers = ",\n".join(f'          "arn:aws:lambda:us-east-1:123456789012:layer:l{n}:1"' for n in range(6))
    text = f"""\
{{
  "Resources": {{
    "Fn": {{
      "Type": "AWS::Lambda::Function",
      "Properties": {{
        "Role": "arn:aws:iam::123456789012:role/r",
        "Code": {{"S3Bucket": "bucket", "S3Key": "key.zip"}},
        "Layers": [
{layers}
        ]
      }}
    }}
  }}
}}
"""
    report = lint(text, select="SL102", filename="template.json")
    finding = only(report, "SL102")
    assert span(finding) == (8, 9, 8, 17)  # `"Layers"`, quotes included

    (json_finding,) = json.loads(render(report, "json"))["findings"]
    assert (json_finding["line"], json_finding["column"]) == (8, 9)
    (result,) = json.loads(render(report, "sarif"))["runs"][0]["results"]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 8, "startColumn": 9, "endLine": 8, "endColumn": 17}
    assert "file=template.json,line=8,endLine=8,col=9,endColumn=17," in render(report, "github")


def test_the_text_frame_underlines_the_key():
    text = f"""\
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/r
      Code: {{S3Bucket: bucket, S3Key: key.zip}}
      Layers:
{six_layers(8)}"""
    rendered = render(lint(text, select="SL102"), "text", color=False)
    assert "> 7 |       Layers:\n    |       ^^^^^^\n" in rendered


# -- Template.finding_span on Values that have no key of their own --------------------------------

POLICIES = """\
Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [a, b]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - Statement:
            - Effect: Allow
              Action: sqs:*
              Resource: "*"
      Layers:
        Fn::If:
          - IsProd
          - - arn:aws:lambda:us-east-1:123456789012:layer:a:1
          - - arn:aws:lambda:us-east-1:123456789012:layer:b:1
"""


def model(text: str) -> Template:
    return Template(parse_text(text).root, text=text)


def test_a_map_inside_a_list_keeps_its_span():
    template = model(POLICIES)
    (policy,) = template.resources["Fn"].items("Policies")
    assert template.finding_span(policy) == policy.span == (9, 11, 12, 28)  # ends with the item, not at the next key


def test_an_if_branch_keeps_its_span_and_a_default_its_resource():
    template = model(POLICIES)
    fn = template.resources["Fn"]
    branch = fn.get("Layers")  # IsProd is false: the second branch
    assert branch.path[-2:] == ("Fn::If", 2)
    assert template.finding_span(branch) == branch.span == (17, 13, 17, 62)
    architectures = fn.get("Architectures")  # the documented default, located at the resource
    assert architectures.is_default
    assert template.finding_span(architectures) == fn.span


def test_a_block_item_ends_with_its_last_value_not_inside_the_next_resource():
    text = (
        "Resources:\n  Table:\n    Type: AWS::DynamoDB::GlobalTable\n    Properties:\n      Replicas:\n"
        "        - Region: us-east-1\n        - Region: eu-west-1  # a comment\n\n  Next:\n    Type: AWS::SQS::Queue\n"
    )
    root = parse_text(text).root
    replicas = root["Resources"]["Table"]["Properties"]["Replicas"]
    assert replicas.item_spans == [(6, 11, 6, 28), (7, 11, 7, 28)]
    assert replicas.span == (6, 9, 7, 28)
    assert root["Resources"]["Table"].span == (3, 5, 7, 28)
    assert parse_text("a: [1, {b: c}]\n").root["a"].span == (1, 4, 1, 15)  # a flow collection ends at its bracket


def test_a_globals_value_is_reported_once_naming_every_function_it_applies_to():
    text = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 901
    Runtime: python3.12
    Handler: app.handler
    CodeUri: s3://bucket/key.zip
Resources:
  First:
    Type: AWS::Serverless::Function
  Second:
    Type: AWS::Serverless::Function
  Third:
    Type: AWS::Serverless::Function
  OwnTimeout:
    Type: AWS::Serverless::Function
    Properties:
      Timeout: 902
"""
    findings = [f for f in lint(text, select="SL101").findings if f.rule == "SL101"]
    assert [(f.line, f.resource, f.path) for f in findings] == [
        (4, "First", ("Globals", "Function", "Timeout")),
        (18, "OwnTimeout", ("Resources", "OwnTimeout", "Properties", "Timeout")),
    ]
    assert findings[0].message.endswith("(set in Globals, applies to First, Second and Third)")
    assert "set in Globals" not in findings[1].message
