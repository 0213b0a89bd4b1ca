from __future__ import annotations

import re

from slint.rule import Rule, Severity

_FOREACH = (
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html"
)
FOR_EACH = "Fn::ForEach::"


class ForEachInvalid(Rule):
    """
    ## What it does
    Checks each `Fn::ForEach` loop as written (in `Resources`, `Conditions`, `Outputs` and inside
    their values): the template declares the `AWS::LanguageExtensions` transform; the loop is a
    list of an identifier, a collection and a mapping of output keys; each output key contains
    `${Identifier}` or `&{Identifier}` when the collection has more than one item; and a loop in
    `Resources` is not named like a resource.
    ## Why is this bad?
    CloudFormation rejects the template: `Fn::ForEach` exists only through the transform, every
    output key must contain the identifier (or every copy gets the same key), and the loop's
    logical name must not conflict with a logical ID in `Resources`. (A key without the
    identifier passes when the collection has a single item, so that case is not reported; nor
    is a collection the template does not decide.)
    ## Example
    ```yaml
    Transform: AWS::LanguageExtensions
    Resources:
      Fn::ForEach::Topics:
        - Name
        - [Orders, Refunds]
        - Topic:
            Type: AWS::SNS::Topic
    ```
    ## Use instead
    ```yaml
        - Topic${Name}:
            Type: AWS::SNS::Topic
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-foreach.html
    """

    id = "SL015"
    name = "foreach-invalid"
    severity = Severity.ERROR
    source_url = _FOREACH
    messages = {
        "no_transform": "{loop} needs the AWS::LanguageExtensions transform, which the template does not declare",
        "malformed": "{loop} must be a list of an identifier, a collection and a mapping of output keys",
        "key_without_identifier": "Output key {output_key} of {loop} contains neither ${{{identifier}}} nor &{{{identifier}}}; every copy would get the same key",
        "name_conflict": "Loop name {name} of {loop} is also a logical ID in Resources",
    }

    def check_template(self, template, ctx):
        loops = template.for_each_loops
        if not loops:
            return
        transform = template.declares_language_extensions
        resources = template.root.get("Resources")
        written_ids = set(resources) if isinstance(resources, dict) else set()
        for loop in loops:
            if not transform:
                ctx.report_at(loop.path, "no_transform", key=True, loop=loop.key)
            args = loop.args
            if not (
                isinstance(args, list)
                and len(args) == 3
                and isinstance(args[0], str)
                and args[0]
                and isinstance(args[2], dict)
            ):
                ctx.report_at(loop.path, "malformed", key=True, loop=loop.key)
                continue
            if (
                loop.path[:1] == ("Resources",)
                and len(loop.path) == 2
                and (loop.name in written_ids or loop.name in template.resources)
            ):
                ctx.report_at(loop.path, "name_conflict", key=True, name=loop.name, loop=loop.key)
            items = template.for_each_collection(loop)
            if isinstance(items, list) and len(items) > 1:  # one copy has no twin to clash with
                self._check_keys(loop, args[0], args[2], ctx)

    def _check_keys(self, loop, identifier, body, ctx):
        placeholder = re.compile(r"[$&]\{" + re.escape(identifier) + r"\}")
        for key in body:
            if not isinstance(key, str) or key.startswith(FOR_EACH):
                continue
            if not placeholder.search(key):
                ctx.report_at(
                    (*loop.path, 2, key), "key_without_identifier", key=True, output_key=key, loop=loop.key, identifier=identifier
                )  # fmt: skip
