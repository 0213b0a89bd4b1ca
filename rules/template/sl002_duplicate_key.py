from __future__ import annotations

from slint.rule import Rule, Severity


class DuplicateKey(Rule):
    """
    ## What it does
    Flags a mapping key written twice in the same mapping, at the second occurrence.
    ## Why is this bad?
    CloudFormation rejects templates with duplicate keys; YAML parsers that accept them keep
    only one of the two values, so the template does not say what it seems to.
    ## Example
    ```yaml
    Properties:
      Timeout: 30
      Timeout: 60
    ```
    ## Use instead
    ```yaml
    Properties:
      Timeout: 60
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
    """

    id = "SL002"
    name = "duplicate-key"
    severity = Severity.ERROR
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html"
    messages = {"duplicate": "{detail}"}

    def check_template(self, template, ctx):
        for diagnostic in template.diagnostics:
            if diagnostic.kind == "duplicate-key":
                ctx.report(diagnostic, "duplicate", detail=diagnostic.message)
