from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import SCHEMA_DOCS, SchemaRule


class SchemaType(SchemaRule, Rule):
    """
    ## What it does
    Checks the JSON type of each property against its resource type's provider schema (for
    SAM types, the SAM schema), after SAM `Globals` are merged and intrinsics resolved: a
    mapping or a list where a single value is expected, or the reverse, and a number or boolean
    property whose value is not one (CloudFormation converts `"30"` to 30 and `"true"` to true,
    so those pass). Values slint cannot resolve are not checked.
    ## Why is this bad?
    CloudFormation (or the SAM transform) validates properties against the schema and rejects
    the resource: the stack rolls back.
    ## Example
    ```yaml
    Queue:
      Type: AWS::SQS::Queue
      Properties:
        DelaySeconds: soon
    ```
    ## Use instead
    ```yaml
    Queue:
      Type: AWS::SQS::Queue
      Properties:
        DelaySeconds: 30
    ```
    ## References
    - https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
    """

    id = "SL020"
    name = "schema-type"
    severity = Severity.ERROR
    source_url = SCHEMA_DOCS
    kind = "type"
    messages = {"type": "{property} must be {expected} for {type}, not {found}"}
