"""Template-level rules: what the parser noticed that CloudFormation rejects."""

from __future__ import annotations

from slint.rule import Rule, Severity


class _Located:
    """A parser diagnostic as something the engine can place (span + path)."""

    __slots__ = ("span", "path")

    def __init__(self, span, path):
        self.span = span
        self.path = path


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
    messages = {"duplicate": "{detail}"}
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html"

    def check_template(self, template, ctx):
        for diagnostic in template.diagnostics:
            if diagnostic.kind == "duplicate-key":
                ctx.report(_Located(diagnostic.span, diagnostic.path), "duplicate", detail=diagnostic.message)


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
    Repeat the values, or move them into SAM `Globals`.
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html
    """

    id = "SL003"
    name = "unsupported-yaml"
    severity = Severity.ERROR
    messages = {"unsupported": "{detail}"}
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html"
    KINDS = ("yaml-anchor", "yaml-alias", "yaml-merge-key", "complex-key", "multiple-documents")

    def check_template(self, template, ctx):
        for diagnostic in template.diagnostics:
            if diagnostic.kind in self.KINDS:
                ctx.report(_Located(diagnostic.span, diagnostic.path), "unsupported", detail=diagnostic.message)


class UnknownTag(Rule):
    """
    ## What it does
    Flags YAML tags that are not CloudFormation intrinsic functions (for example `!Reff`).
    ## Why is this bad?
    CloudFormation rejects a template with an unknown tag.
    ## Example
    ```yaml
    Role: !GetAttr FnRole.Arn
    ```
    ## Use instead
    ```yaml
    Role: !GetAtt FnRole.Arn
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html
    """

    id = "SL004"
    name = "unknown-yaml-tag"
    severity = Severity.ERROR
    messages = {"unknown": "{detail}; CloudFormation knows only its intrinsic function tags (!Ref, !GetAtt, !Sub, …)"}
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference.html"

    def check_template(self, template, ctx):
        for diagnostic in template.diagnostics:
            if diagnostic.kind == "unknown-tag":
                ctx.report(_Located(diagnostic.span, diagnostic.path), "unknown", detail=diagnostic.message)
