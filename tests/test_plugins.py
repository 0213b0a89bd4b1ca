"""Rules from outside the built-in pack load through the same mechanism and behave like built-ins."""

from __future__ import annotations

import json

from click.testing import CliRunner

from slint.cli import main
from slint.registry import ENTRY_POINT_GROUP, load_entry_points, rules_in

LOCAL_RULE = '''
from slint.rule import Rule, Severity


class QueueNeedsName(Rule):
    """
    ## What it does
    Requires QueueName on every queue (a team convention).
    ## Why is this bad?
    Generated names are hard to find in the console.
    ## Example
    `Type: AWS::SQS::Queue` without `QueueName`.
    ## Use instead
    Set `QueueName`.
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sqs-queue.html
    """

    id = "ACME101"
    name = "queue-needs-name"
    severity = Severity.WARNING
    resource_types = ("AWS::SQS::Queue",)
    messages = {"missing": "Queue {queue} has no QueueName"}

    def check_resource(self, queue, ctx):
        if not queue.has("QueueName"):
            ctx.report(queue, "missing", queue=queue.logical_id)
'''


def test_local_rule_folder_loads_reports_and_can_be_suppressed(tmp_path):
    (tmp_path / "team_rules").mkdir()
    (tmp_path / "team_rules" / "queues.py").write_text(LOCAL_RULE)
    (tmp_path / ".slint.yaml").write_text("rules_paths: [team_rules]\nselect: [ACME]\n")
    (tmp_path / "t.yaml").write_text(
        "Resources:\n  Named: {Type: AWS::SQS::Queue, Properties: {QueueName: a}}\n  Anonymous:\n    Type: AWS::SQS::Queue\n"
        "  Quiet:  # slint: ignore[queue-needs-name]\n    Type: AWS::SQS::Queue\n"
    )
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--format", "json", str(tmp_path / "t.yaml")])
    findings = json.loads(result.output)["findings"]
    assert [(f["rule"], f["name"], f["severity"], f["line"], f["resource"], f["message"]) for f in findings] == [
        ("ACME101", "queue-needs-name", "warning", 3, "Anonymous", "Queue Anonymous has no QueueName")
    ]
    assert result.exit_code == 0  # a warning is below the default fail level


def test_builtin_pack_is_registered_as_an_entry_point():
    from importlib.metadata import entry_points

    (builtin,) = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == "builtin"]
    assert builtin.value == "slint_rules"
    ids = {cls.id for cls in rules_in(builtin.load())}
    assert {"SL101", "SL102", "SL201", "SL601", "SL701", "SL801"} <= ids
    assert ids == {cls.id for cls in load_entry_points()}
