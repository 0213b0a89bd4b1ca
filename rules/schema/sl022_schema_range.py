from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import SCHEMA_DOCS, SchemaRule


class SchemaRange(SchemaRule, Rule):
    """
    ## What it does
    Checks numeric properties against the `minimum`, `maximum` and `multipleOf` of their
    resource type's provider schema, after SAM `Globals` are merged, on every value a
    parameter default or either branch of an `Fn::If` gives them.
    ## Why is this bad?
    The resource provider rejects a number out of range and the stack rolls back.
    ## Example
    ```yaml
    Queue:
      Type: AWS::SQS::Queue
      Properties:
        MessageRetentionPeriod: 30
    ```
    ## Use instead
    ```yaml
    Queue:
      Type: AWS::SQS::Queue
      Properties:
        MessageRetentionPeriod: 60
    ```
    ## References
    - https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
    """

    id = "SL022"
    name = "schema-range"
    severity = Severity.ERROR
    source_url = SCHEMA_DOCS
    kind = "range"
    messages = {
        "below_minimum": "{property} {value} is below the minimum {limit} that {type} accepts",
        "above_maximum": "{property} {value} is above the maximum {limit} that {type} accepts",
        "not_multiple": "{property} {value} must be a multiple of {step} for {type}",
    }
