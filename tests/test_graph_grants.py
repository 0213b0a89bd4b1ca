"""Graph.grants(): what a function's role may do, from policy templates, statements and connectors."""

from __future__ import annotations

from slint.model import Template
from slint.parser import parse_yaml

TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Bucket: {Type: AWS::S3::Bucket}
  Queue: {Type: AWS::SQS::Queue}
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: write
          PolicyDocument:
            Statement:
              - {Effect: Allow, Action: s3:PutObject, Resource: !Join ["", ["arn:aws:s3:::", !Ref Bucket, "/*"]]}
              - {Effect: Deny, Action: "*", Resource: "*"}
  Attached:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!Ref Role]
      PolicyDocument:
        Statement: {Effect: Allow, Action: [sqs:SendMessage], Resource: !GetAtt Queue.Arn}
  Plain:
    Type: AWS::Lambda::Function
    Properties: {Role: !GetAtt Role.Arn}
  Sam:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - S3CrudPolicy: {BucketName: !Ref Bucket}
        - AWSLambdaBasicExecutionRole
        - Statement: [{Effect: Allow, Action: "s3:*", Resource: ["*", !Sub "${Bucket.Arn}/out/*"]}]
      Connectors:
        ToQueue: {Properties: {Destination: {Id: Queue}, Permissions: [Write]}}
"""


def _grants(function: str) -> list[tuple]:
    parsed = parse_yaml(TEMPLATE)
    template = Template(parsed.root, text=TEMPLATE)
    graph = template.graph
    return [
        (g.kind, g.name, g.actions, g.target.logical_id if g.target else None, g.value.span[0])
        for g in graph.grants(template.resources[function])
    ]


def test_sam_policy_templates_statements_and_connectors():
    assert _grants("Sam") == [
        ("template", "S3CrudPolicy", (), "Bucket", 27),
        ("statement", "Statement", ("s3:*",), None, 29),
        ("statement", "Statement", ("s3:*",), "Bucket", 29),
        ("connector", "ToQueue", ("Write",), "Queue", 31),
    ]


def test_execution_role_and_attached_policies_allow_only():
    assert _grants("Plain") == [
        ("statement", "Statement", ("s3:PutObject",), "Bucket", 12),
        ("statement", "Statement", ("sqs:SendMessage",), "Queue", 19),
    ]
