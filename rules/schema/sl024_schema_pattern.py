from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import SCHEMA_DOCS, SchemaRule


class SchemaPattern(SchemaRule, Rule):
    """
    ## What it does
    Checks string properties against the regular expression (`pattern`) of their resource
    type's provider schema, after SAM `Globals` are merged and intrinsics resolved; values
    built from what slint cannot know (a `!GetAtt`, a `!Sub` of an unknown) are not checked.
    ## Why is this bad?
    The resource provider rejects a value that does not match. Patterns in provider schemas
    are sometimes stricter than the service itself, hence a warning rather than an error.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Lambda::Function
      Properties:
        FunctionName: orders handler
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Lambda::Function
      Properties:
        FunctionName: orders-handler
    ```
    ## References
    - https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
    """

    id = "SL024"
    name = "schema-pattern"
    severity = Severity.WARNING
    source_url = SCHEMA_DOCS
    kind = "pattern"
    messages = {"no_match": "{property} {value} does not match the pattern {type} requires: {pattern}"}
