from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import SCHEMA_DOCS, SchemaRule


class SchemaRequired(SchemaRule, Rule):
    """
    ## What it does
    Checks which properties must, or must not, be written together, as the resource type's
    provider schema says: `required` properties, properties that need others
    (`dependentRequired`), properties that exclude each other (`oneOf` groups,
    `dependentExcluded`, cfn-lint's `requiredXor`), after SAM `Globals` are merged. A property
    written only in one branch of an `Fn::If` counts as written.
    ## Why is this bad?
    CloudFormation rejects a resource without a required property, or with two properties
    that exclude each other, and the stack rolls back.
    ## Example
    ```yaml
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
    ```
    ## Use instead
    ```yaml
    Table:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
        KeySchema: [{AttributeName: pk, KeyType: HASH}]
    ```
    ## References
    - https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
    """

    id = "SL025"
    name = "schema-required"
    severity = Severity.ERROR
    source_url = SCHEMA_DOCS
    kind = "structure"
    messages = {
        "required": "{owner} of {type} is missing required {missing}",
        "dependent": "{owner} of {type} sets {name}, which needs {missing}",
        "exclusive": "{owner} of {type} sets {names}; only one of them may be set",
        "one_of": "{owner} of {type} needs one of: {options}",
    }
