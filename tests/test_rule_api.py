"""What the public rule API (slint.rule) offers rule authors, checked through the engine."""

from __future__ import annotations

from slint.config import Settings
from slint.core_rules import ENGINE_RULES
from slint.engine import Engine
from slint.registry import RuleSet
from slint.rule import Rule, Severity, checks, entries, entry

DOCS = """
    ## What it does
    Test rule.
    ## Why is this bad?
    Test.
    ## Example
    Test.
    ## Use instead
    Test.
    ## References
    - https://docs.aws.amazon.com/
    """

TEMPLATE = b"""\
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Topic:
    Type: AWS::SNS::Topic
  Bucket:
    Type: AWS::S3::Bucket
"""


class PerTypeChecks(Rule):
    __doc__ = DOCS
    id = "TEST101"
    name = "per-type-checks"
    severity = Severity.WARNING
    messages = {"queue": "queue {name}", "topic": "topic {name}"}

    @checks("AWS::SQS::Queue")
    def check_queue(self, queue, ctx):
        ctx.report(queue, "queue", name=queue.logical_id)

    @checks("AWS::SNS::Topic")
    def check_topic(self, topic, ctx):
        ctx.report(topic, "topic", name=topic.logical_id)


def _lint(rule_class, data=TEMPLATE):
    engine = Engine(Settings(use_samconfig=False, select=(rule_class.id,)), RuleSet([*ENGINE_RULES, rule_class]))
    return [(f.rule, f.line, f.message_id, f.message) for f in engine.lint_bytes(data, "t.yaml").findings]


def test_checks_dispatch_each_type_to_its_method_and_declare_the_types():
    assert PerTypeChecks.resource_types == ("AWS::SQS::Queue", "AWS::SNS::Topic")
    assert _lint(PerTypeChecks) == [("TEST101", 2, "queue", "queue Queue"), ("TEST101", 4, "topic", "topic Topic")]


class WithFallback(Rule):
    __doc__ = DOCS
    id = "TEST102"
    name = "with-fallback"
    resource_types = ("AWS::SQS::Queue", "AWS::S3::Bucket")
    messages = {"queue": "queue {name}", "other": "other {name}"}

    @checks("AWS::SQS::Queue")
    def check_queue(self, queue, ctx):
        ctx.report(queue, "queue", name=queue.logical_id)

    def check_resource(self, resource, ctx):
        ctx.report(resource, "other", name=resource.logical_id)


def test_check_resource_checks_the_declared_types_no_method_claims():
    assert WithFallback.metadata_problems() == []
    assert _lint(WithFallback) == [("TEST102", 2, "queue", "queue Queue"), ("TEST102", 6, "other", "other Bucket")]


def test_checks_must_name_declared_types():
    class Stray(WithFallback):
        id = "TEST104"
        name = "stray"
        resource_types = ("AWS::SQS::Queue", "AWS::S3::Bucket")

        @checks("AWS::SNS::Topic")
        def check_topic(self, topic, ctx):
            pass

    assert Stray.metadata_problems() == ["@checks names AWS::SNS::Topic, missing from resource_types"]


def test_metadata_names_types_without_a_check():
    class Unchecked(PerTypeChecks):
        id = "TEST103"
        name = "unchecked"
        resource_types = ("AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::S3::Bucket")

    assert Unchecked.metadata_problems() == [
        "no check for AWS::S3::Bucket: add it to a @checks method or define check_resource"
    ]


def test_the_rule_pack_imports_only_the_rule_api_and_aws_facts():
    import ast

    from .conftest import ROOT

    allowed = {"slint.rule", "slint.aws"}
    forbidden_attributes = {"resolver", "cache", "child_paths", "raw"}  # the engine's machinery and raw intrinsics
    problems = []
    for path in sorted((ROOT / "rules").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and node.module
                and node.module.split(".")[0] == "slint"
                and node.module not in allowed
            ):
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {node.module}")
            elif isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "slint" for alias in node.names):
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno} imports slint directly")
            elif isinstance(node, ast.Attribute) and node.attr in forbidden_attributes:
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno} uses .{node.attr}")
    assert problems == []


class PlacesWithoutValues(Rule):
    __doc__ = DOCS
    id = "TEST105"
    name = "places-without-values"
    messages = {
        "key": "at the key",
        "value": "at the value",
        "file": "at the start of the file",
        "count": "{count} tags",
    }

    def check_template(self, template, ctx):
        ctx.report_at(("Resources", "Queue"), "key", key=True)
        ctx.report_at(("Resources", "Queue", "Properties"), "value")
        ctx.report_at((), "file")

    @checks("AWS::SQS::Queue")
    def check_queue(self, queue, ctx):
        tags = queue.get("Tags")
        names = [name.text for _, item in entries(tags) if (name := entry(item, "Key")) is not None]
        ctx.report(entry(tags, 1), "count", count=len(names))


def test_report_at_places_keys_and_values_and_entries_locate_children():
    template = (
        b"Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n"
        b"      Tags:\n        - {Key: a, Value: x}\n        - {Key: b, Value: y}\n"
    )
    engine = Engine(Settings(use_samconfig=False, select=("TEST105",)), RuleSet([*ENGINE_RULES, PlacesWithoutValues]))
    found = [
        (f.message_id, f.line, f.column, f.path, f.message) for f in engine.lint_bytes(template, "t.yaml").findings
    ]
    assert found == [
        ("file", 1, 1, (), "at the start of the file"),
        ("key", 2, 3, ("Resources", "Queue"), "at the key"),
        ("value", 5, 7, ("Resources", "Queue", "Properties"), "at the value"),
        ("count", 7, 11, ("Resources", "Queue", "Properties", "Tags", 1), "2 tags"),
    ]


def test_per_template_facts_are_worked_out_once_per_template():
    calls = []

    def queue_names(template):
        calls.append(template.filename)
        return sorted(template.resources)

    class UsesAFact(PerTypeChecks):
        id = "TEST106"
        name = "uses-a-fact"

        @checks("AWS::SQS::Queue", "AWS::SNS::Topic")
        def check_either(self, resource, ctx):
            ctx.report(resource, "queue", name=",".join(ctx.per_template(queue_names)))

    engine = Engine(Settings(use_samconfig=False, select=("TEST106",)), RuleSet([*ENGINE_RULES, UsesAFact]))
    assert [f.message for f in engine.lint_bytes(TEMPLATE, "a.yaml").findings] == ["queue Bucket,Queue,Topic"] * 2
    engine.lint_bytes(TEMPLATE, "b.yaml")
    assert calls == ["a.yaml", "b.yaml"]


def test_how_a_value_is_written():
    from slint.model import Template
    from slint.parser import parse_yaml
    from slint.rule import getatt, intrinsic, literal_text, ref_name, sub_text, written_as

    text = (
        "Parameters:\n  Stage: {Type: String, Default: dev}\n"
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
        "      QueueName: !Sub '${Stage}-jobs'\n      DelaySeconds: !Ref Stage\n"
        "      RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 5}\n"
        "      KmsMasterKeyId: alias/aws/sqs\n"
        "  Dlq: {Type: AWS::SQS::Queue}\n"
    )
    queue = Template(parse_yaml(text).root, text=text).resources["Q"]
    name, delay = queue.get("QueueName"), queue.get("DelaySeconds")
    arn, key = queue.get("RedrivePolicy", "deadLetterTargetArn"), queue.get("KmsMasterKeyId")
    assert [intrinsic(v) for v in (name, delay, arn, key)] == ["Fn::Sub", "Ref", "Fn::GetAtt", None]
    assert (sub_text(name), ref_name(delay), getatt(arn), literal_text(key)) == (
        "${Stage}-jobs",
        "Stage",
        ("Dlq", "Arn"),
        "alias/aws/sqs",
    )
    assert (sub_text(delay), ref_name(name), getatt(name), literal_text(name)) == (None, None, None, None)
    assert (written_as(delay), written_as(key)) == ("Ref Stage", "alias/aws/sqs")
