from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import SCHEMA_DOCS, SchemaRule


class SchemaLength(SchemaRule, Rule):
    """
    ## What it does
    Checks sizes against the resource type's provider schema: the length of strings
    (`minLength`, `maxLength`, in characters), the number of items in lists (`minItems`,
    `maxItems`) and of keys in mappings (`minProperties`, `maxProperties`), after SAM
    `Globals` are merged and intrinsics resolved.
    ## Why is this bad?
    The resource provider rejects a value of the wrong size and the stack rolls back.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Lambda::Function
      Properties:
        Architectures: [x86_64, arm64]
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Lambda::Function
      Properties:
        Architectures: [arm64]
    ```
    ## References
    - https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html
    """

    id = "SL023"
    name = "schema-length"
    severity = Severity.ERROR
    source_url = SCHEMA_DOCS
    kind = "length"
    messages = {
        "too_short": "{property} is {length} characters; {type} needs at least {limit}",
        "too_long": "{property} is {length} characters; {type} accepts at most {limit}",
        "too_few_items": "{property} has {count} items; {type} needs at least {limit}",
        "too_many_items": "{property} has {count} items; {type} accepts at most {limit}",
        "too_few_properties": "{property} has {count} keys; {type} needs at least {limit}",
        "too_many_properties": "{property} has {count} keys; {type} accepts at most {limit}",
    }
