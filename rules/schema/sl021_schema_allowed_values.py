from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import SCHEMA_DOCS, SchemaRule


class SchemaAllowedValues(SchemaRule, Rule):
    """
    ## What it does
    Checks each property that its resource type's provider schema limits to a list of values
    (`enum`, `const`) against that list, after SAM `Globals` are merged, on every value a
    parameter default or either branch of an `Fn::If` gives it.
    ## Why is this bad?
    The resource provider rejects a value outside the list and the stack rolls back.
    ## Example
    ```yaml
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: ON_DEMAND
    ```
    ## Use instead
    ```yaml
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
    ```
    ## References
    - https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
    """

    id = "SL021"
    name = "schema-allowed-values"
    severity = Severity.ERROR
    source_url = SCHEMA_DOCS
    kind = "enum"
    messages = {"not_allowed": "{property} {value} is not a value {type} accepts: {allowed}"}
