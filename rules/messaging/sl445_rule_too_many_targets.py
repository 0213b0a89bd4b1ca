from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import EVENTS_RULE


class EventRuleTooManyTargets(Rule):
    """
    ## What it does
    Counts the `Targets` of an `AWS::Events::Rule` (after `Fn::If` branches that remove an item
    with `AWS::NoValue`) and flags more than five, at the sixth.
    ## Why is this bad?
    An EventBridge rule can have at most five targets at a time; CloudFormation fails to create
    or update the rule. SAM events (`EventBridgeRule`, `Schedule`) each make their own rule and
    are not affected.
    ## Example
    ```yaml
    Nightly:
      Type: AWS::Events::Rule
      Properties:
        ScheduleExpression: rate(1 day)
        Targets:  # six targets
          - {Id: a, Arn: !GetAtt A.Arn}
          - {Id: b, Arn: !GetAtt B.Arn}
          - {Id: c, Arn: !GetAtt C.Arn}
          - {Id: d, Arn: !GetAtt D.Arn}
          - {Id: e, Arn: !GetAtt E.Arn}
          - {Id: f, Arn: !GetAtt F.Arn}
    ```
    ## Use instead
    ```yaml
    Nightly:
      Type: AWS::Events::Rule
      Properties:
        ScheduleExpression: rate(1 day)
        Targets:
          - {Id: a, Arn: !GetAtt A.Arn}
          - {Id: b, Arn: !GetAtt B.Arn}
          - {Id: c, Arn: !GetAtt C.Arn}
    NightlyMore:
      Type: AWS::Events::Rule
      Properties:
        ScheduleExpression: rate(1 day)
        Targets:
          - {Id: d, Arn: !GetAtt D.Arn}
          - {Id: e, Arn: !GetAtt E.Arn}
          - {Id: f, Arn: !GetAtt F.Arn}
    ```
    Split the targets over two rules with the same pattern or schedule, or send the events to one
    target (an SNS topic, a state machine) that fans out.
    ## References
    - https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html
    """

    id = "SL445"
    name = "events-rule-too-many-targets"
    severity = Severity.ERROR
    resource_types = (EVENTS_RULE,)
    source_url = "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html"
    MAX_TARGETS = 5
    messages = {"too_many": "Rule has {count} Targets; EventBridge allows at most {limit} per rule"}

    def check_resource(self, rule, ctx):
        targets = rule.items("Targets")
        if targets and len(targets) > self.MAX_TARGETS:
            ctx.report(targets[self.MAX_TARGETS], "too_many", count=len(targets), limit=self.MAX_TARGETS)
