"""Template-level rules: what the parser noticed that CloudFormation rejects."""

from __future__ import annotations

from slint.nodes import child_span, key_span
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


_SECTIONS = ("Parameters", "Mappings", "Conditions", "Resources", "Outputs")


def _kind_of(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "a mapping"


class TemplateStructure(Rule):
    """
    ## What it does
    Checks the shape of the template itself: the sections `Parameters`, `Mappings`,
    `Conditions`, `Resources`, `Outputs` (and SAM's `Globals` with each of its sections) are
    mappings; each resource is a mapping with a string `Type`; `Properties`, when written, is
    a mapping. slint cannot check a resource written in another shape, so this rule says why.
    ## Why is this bad?
    CloudFormation (and the SAM transform, for `Globals`) rejects a template whose sections
    or resources have the wrong shape; nothing in them is deployed.
    ## Example
    ```yaml
    Resources:
      - Type: AWS::SQS::Queue
    ```
    ## Use instead
    ```yaml
    Resources:
      Queue:
        Type: AWS::SQS::Queue
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
    """

    id = "SL008"
    name = "template-structure"
    severity = Severity.ERROR
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html"
    messages = {
        "section": "{section} must be a mapping, not {found}; slint cannot check what it holds",
        "resource": "resource {name} must be a mapping with a Type, not {found}",
        "no_type": "resource {name} has no Type; CloudFormation requires one",
        "type": "Type of resource {name} must be a string, not {found}",
        "properties": "Properties of resource {name} must be a mapping, not {found}; slint cannot check them",
    }

    def check_template(self, template, ctx):
        root = template.root
        sections = _SECTIONS + (("Globals",) if template.is_sam else ())
        for section in sections:
            self._expect_mapping(root, section, section, ctx)
        globals_node = root.get("Globals") if template.is_sam else None
        if isinstance(globals_node, dict):
            for name in globals_node:
                self._expect_mapping(globals_node, name, f"Globals.{name}", ctx)
        resources = root.get("Resources")
        if not isinstance(resources, dict):
            return
        for logical_id, node in resources.items():
            if str(logical_id).startswith("Fn::"):  # Fn::Transform (AWS::Include) in place of resources
                continue
            if not isinstance(node, dict):
                ctx.report(_at(resources, logical_id), "resource", name=logical_id, found=_kind_of(node))
                continue
            if "Type" not in node:
                ctx.report(_Located(key_span(resources, logical_id), ("Resources", logical_id)), "no_type", name=logical_id)
            elif not isinstance(node["Type"], str):
                ctx.report(_at(node, "Type"), "type", name=logical_id, found=_kind_of(node["Type"]))
            properties = node.get("Properties")
            if "Properties" in node and properties is not None and not isinstance(properties, dict):
                ctx.report(_at(node, "Properties"), "properties", name=logical_id, found=_kind_of(properties))

    @staticmethod
    def _expect_mapping(container, key, label, ctx) -> None:
        if key in container and container[key] is not None and not isinstance(container[key], dict):
            ctx.report(_at(container, key), "section", section=label, found=_kind_of(container[key]))


def _at(container, key) -> _Located:
    return _Located(child_span(container, key), tuple(getattr(container, "path", ())) + (key,))
