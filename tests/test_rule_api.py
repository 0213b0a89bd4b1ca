"""What the public rule API (slint.rule) offers rule authors, checked through the engine."""

from __future__ import annotations

from slint.config import Settings
from slint.core_rules import ENGINE_RULES
from slint.engine import Engine
from slint.registry import RuleSet
from slint.rule import Rule, Severity, checks

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

    assert Unchecked.metadata_problems() == ["no check for AWS::S3::Bucket: add it to a @checks method or define check_resource"]
