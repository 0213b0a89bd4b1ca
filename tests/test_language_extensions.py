"""AWS::LanguageExtensions: Fn::ForEach expansion, Fn::Length, Fn::ToJsonString, FindInMap DefaultValue."""

from __future__ import annotations

import json

from slint import language_extensions
from slint.api import lint_text
from slint.config import Settings
from slint.model import Template
from slint.parser import parse_yaml
from slint.values import UNKNOWN


def template(text: str, **kwargs) -> Template:
    return Template(parse_yaml(text).root, text=text, **kwargs)


TOPICS = """\
Transform: AWS::LanguageExtensions
Parameters:
  Names:
    Type: CommaDelimitedList
    Default: "Orders,Refunds"
  Unbounded:
    Type: CommaDelimitedList
Conditions:
  Fn::ForEach::Envs:
    - Env
    - [dev, prod]
    - Is${Env}: !Equals [!Ref "AWS::Region", !Ref Env]
Resources:
  Fn::ForEach::Topics:
    - Name
    - !Ref Names
    - Topic${Name}:
        Type: AWS::SNS::Topic
        Properties:
          TopicName: !Sub "${Name}-events"
          DisplayName: !Ref Name
  Fn::ForEach::Subnets:
    - Cidr
    - ["10.0.1.0/24"]
    - Subnet&{Cidr}:
        Type: AWS::EC2::Subnet
        Properties:
          CidrBlock: !Ref Cidr
  Fn::ForEach::Unknown:
    - Name
    - !Ref Unbounded
    - Queue${Name}:
        Type: AWS::SQS::Queue
Outputs:
  Fn::ForEach::TopicArns:
    - Name
    - !Ref Names
    - ${Name}Arn:
        Value: !Ref
          Fn::Sub: Topic${Name}
"""


def test_resources_from_a_list_parameter_with_each_identifier_form():
    model = template(TOPICS)
    assert list(model.resources) == ["TopicOrders", "TopicRefunds", "Subnet1001024"]
    orders = model.resources["TopicOrders"]
    assert orders.get("TopicName").value == "Orders-events"
    assert orders.get("DisplayName").value == "Orders"
    assert model.resources["Subnet1001024"].get("CidrBlock").value == "10.0.1.0/24"


def test_generated_resources_point_into_the_loop_body():
    model = template(TOPICS)
    refunds = model.resources["TopicRefunds"]
    name = refunds.get("TopicName")
    assert name.span[0] == 20  # the TopicName line of the body
    assert name.path == ("Resources", "Fn::ForEach::Topics", 2, "Topic${Name}", "Properties", "TopicName")
    assert refunds.span[0] == 17 and refunds.loop == "Fn::ForEach::Topics"
    assert refunds.path == ("Resources", "Fn::ForEach::Topics", 2, "Topic${Name}")


def test_undecided_collection_leaves_the_loop_out():
    model = template(TOPICS)
    assert not any(r.type == "AWS::SQS::Queue" for r in model.resources.values())
    pinned = template(TOPICS, parameter_values={"Unbounded": "a,b"})
    assert [r.logical_id for r in pinned.resources_of("AWS::SQS::Queue")] == ["Queuea", "Queueb"]


def test_conditions_and_outputs_expand():
    model = template(TOPICS, region="prod")
    assert set(model.conditions) == {"Isdev", "Isprod"}
    assert model.resolver.condition("Isprod") is True and model.resolver.condition("Isdev") is False
    assert list(model.outputs) == ["OrdersArn", "RefundsArn"]


def test_nested_loops_and_loops_inside_properties():
    model = template(
        """\
Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Resources:
  Fn::ForEach::Outer:
    - Team
    - [a, b]
    - Fn::ForEach::Inner:
        - Stage
        - [dev, prod]
        - ${Team}${Stage}Queue:
            Type: AWS::SQS::Queue
            Properties:
              Tags:
                Fn::ForEach::Tags:
                  - Key
                  - [Owner]
                  - ${Key}: !Sub "${Team}-${Stage}"
"""
    )
    assert list(model.resources) == ["adevQueue", "aprodQueue", "bdevQueue", "bprodQueue"]
    assert model.resources["bprodQueue"].get("Tags", "Owner").value == "b-prod"


def test_length_and_to_json_string():
    model = template(
        """\
Transform: AWS::LanguageExtensions
Parameters:
  Subnets:
    Type: CommaDelimitedList
    Default: "a,b,c"
  Free:
    Type: CommaDelimitedList
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      DelaySeconds: !Length [x, y]
      MaximumMessageSize: !Length
        Ref: Subnets
      MessageRetentionPeriod: !Length
        Ref: Free
      RedrivePolicy: !ToJsonString
        maxReceiveCount: 5
        deadLetterTargetArn: arn:aws:sqs:us-east-1:123456789012:dlq
      Policy: !ToJsonString
        Arn: !GetAtt Other.Arn
"""
    )
    queue = model.resources["Queue"]
    assert queue.get("DelaySeconds").value == 2
    assert queue.get("MaximumMessageSize").value == 3
    assert queue.get("MessageRetentionPeriod").value is UNKNOWN
    assert json.loads(queue.get("RedrivePolicy").value) == {
        "maxReceiveCount": 5,
        "deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq",
    }
    assert queue.get("Policy").value is UNKNOWN


def test_find_in_map_default_value():
    model = template(
        """\
Transform: AWS::LanguageExtensions
Mappings:
  Sizes:
    prod: {Memory: 2048}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      MemorySize: !FindInMap [Sizes, dev, Memory, DefaultValue: 128]
"""
    )
    assert model.resources["Fn"].get("MemorySize").value == 128


def test_without_the_transform_loops_stay_unexpanded():
    model = template(TOPICS.replace("Transform: AWS::LanguageExtensions\n", ""))
    assert model.resources == {}


def test_expansion_is_bounded(monkeypatch):
    monkeypatch.setattr(language_extensions, "MAX_GENERATED", 3)
    model = template(TOPICS.replace('Default: "Orders,Refunds"', 'Default: "a,b,c,d,e"'))
    assert len(model.resources) == 3


def test_copies_that_outgrow_the_cap_keep_the_template_as_written(monkeypatch):
    monkeypatch.setattr(language_extensions, "MAX_COPIED_NODES", 5)
    model = template(TOPICS)
    assert model.resources == {}


FUNCTIONS = """\
Transform:
  - AWS::LanguageExtensions
  - AWS::Serverless-2016-10-31
Resources:
  Fn::ForEach::Functions:
    - Name
    - [Alpha, Beta]
    - ${Name}Function:
        Type: AWS::Serverless::Function
        Properties:
          Handler: index.handler
          Runtime: python3.12
          InlineCode: "def handler(event, context): pass"
          Timeout: 901
"""


def test_rules_check_generated_resources_at_the_body():
    report = lint_text(FUNCTIONS, "template.yaml", Settings(use_samconfig=False, select=("SL101",)))
    found = sorted((f.rule, f.message_id, f.line, f.resource) for f in report.findings)
    assert found == [("SL101", "too_long", 14, "AlphaFunction"), ("SL101", "too_long", 14, "BetaFunction")]


def test_messages_name_the_generated_resource_and_its_loop():
    report = lint_text(FUNCTIONS, "template.yaml", Settings(use_samconfig=False, select=("SL101",)))
    messages = sorted(f.message for f in report.findings)
    assert messages == [
        "Timeout 901 exceeds Lambda's maximum of 900 seconds (in AlphaFunction, made by Fn::ForEach::Functions)",
        "Timeout 901 exceeds Lambda's maximum of 900 seconds (in BetaFunction, made by Fn::ForEach::Functions)",
    ]


MALFORMED = """\
Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::NotAList: {Name: x}
  Fn::ForEach::TwoArgs: [Name, [a]]
  Fn::ForEach::IdentifierNotText: [[Name], [a], {"X${Name}": {Type: AWS::SQS::Queue}}]
  Fn::ForEach::BodyNotAMap: [Name, [a], [x]]
  Fn::ForEach::CollectionOfMaps: [Name, [{a: b}], {"Y${Name}": {Type: AWS::SQS::Queue}}]
  Fn::ForEach::RefToMap: [Name, [a], {"Z${Name}": {Type: AWS::SQS::Queue, Properties: {QueueName: {Ref: {Fn::Sub: x}}}}}]
  Fn::ForEach::Clash: [Name, [a, a], {"Same${Name}": {Type: AWS::SQS::Queue}}]
  Fn::ForEach::Empty: [Name, [], {"Never${Name}": {Type: AWS::SQS::Queue}}]
  Fine:
    Type: AWS::Lambda::Function
    Properties: {Timeout: 901, Length: !Length {Ref: Missing}, Json: !ToJsonString [1, {Ref: Missing}]}
"""


def test_malformed_loops_are_left_out_and_the_rest_is_still_checked():
    model = template(MALFORMED)
    assert list(model.resources) == ["Za", "Samea", "Fine"]
    assert model.resources["Fine"].get("Length").value is UNKNOWN
    report = lint_text(MALFORMED, "template.yaml", Settings(use_samconfig=False, select=("SL101",)))
    assert [(f.rule, f.line, f.resource) for f in report.findings] == [("SL101", 13, "Fine")]
