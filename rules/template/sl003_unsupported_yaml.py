from __future__ import annotations

from slint.rule import Rule, Severity


class UnsupportedYaml(Rule):
    """
    ## What it does
    Flags YAML features CloudFormation does not support: anchors (`&name`), aliases (`*name`),
    merge keys (`<<`), complex keys and multiple documents. Aliases are never expanded, so an
    "alias bomb" costs nothing to check.
    ## Why is this bad?
    CloudFormation's YAML parser rejects them, so the template fails at deploy time even though
    local YAML tools accept it.
    ## Example
    ```yaml
    Globals:
      Function: &defaults {Timeout: 30}
    ```
    ## Use instead
    ```yaml
    Globals:
      Function:
        Timeout: 30
    ```
    Repeat the values, or move them into SAM `Globals`.
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
    """

    id = "SL003"
    name = "unsupported-yaml"
    severity = Severity.ERROR
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html"
    KINDS = ("yaml-anchor", "yaml-alias", "yaml-merge-key", "complex-key", "multiple-documents")
    messages = {"unsupported": "{detail}"}

    def check_template(self, template, ctx):
        for diagnostic in template.diagnostics:
            if diagnostic.kind in self.KINDS:
                ctx.report(diagnostic, "unsupported", detail=diagnostic.message)
