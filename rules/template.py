"""Template-level rules: what the parser noticed that CloudFormation rejects, and template quotas."""

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


# ---------------------------------------------------------------------------------------------
# CloudFormation template quotas

_QUOTAS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html"


def _section_entry(template, section: str, index: int) -> _Located | None:
    """The ``index``-th key of a top-level section, located (for "the 201st parameter")."""
    node = template.root.get(section)
    if not isinstance(node, dict) or index >= len(node):
        return None
    name = list(node)[index]
    return _Located(key_span(node, name), (section, name))


class TemplateResourceCount(Rule):
    """
    ## What it does
    Counts the resources a stack will hold: the template's own, plus (for SAM templates) the
    ones SAM is known to generate (execution roles, versions, aliases, implicit APIs), and
    flags more than 500. SAM generates more than slint models (permissions, stages,
    deployments), so the count is a lower bound.
    ## Why is this bad?
    CloudFormation rejects a template that declares more than 500 resources ("Number of
    resources … is greater than maximum allowed"); for SAM templates the limit applies after
    the transform.
    ## Example
    A SAM template with 260 functions and no `Role`: 520 resources once SAM adds a role each.
    ## Use instead
    Split the application into nested stacks or several stacks.
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
    """

    id = "SL010"
    name = "template-resource-count"
    severity = Severity.ERROR
    source_url = _QUOTAS
    MAX_RESOURCES = 500
    messages = {
        "too_many": "The template declares {count} resources; CloudFormation allows {limit}",
        "too_many_generated": "The template declares {declared} resources and SAM adds at least {generated} more ({count} in all); CloudFormation allows {limit}",
    }

    def check_template(self, template, ctx):
        declared = len(template.resources)
        if declared > self.MAX_RESOURCES:
            ctx.report(_section_entry(template, "Resources", self.MAX_RESOURCES), "too_many", count=declared, limit=self.MAX_RESOURCES)
            return
        generated = {id(r) for r in ctx.graph.implicit.values() if r.logical_id not in template.resources}
        if declared + len(generated) > self.MAX_RESOURCES:
            ctx.report(_Located(key_span(template.root, "Resources"), ("Resources",)), "too_many_generated", declared=declared, generated=len(generated), count=declared + len(generated), limit=self.MAX_RESOURCES)


class _SectionCount(Rule):
    """Shared check: a top-level section with more entries than CloudFormation accepts."""

    section = ""
    limit = 0

    def check_template(self, template, ctx):
        node = template.root.get(self.section)
        if isinstance(node, dict) and len(node) > self.limit:
            ctx.report(_section_entry(template, self.section, self.limit), "too_many", count=len(node), section=self.section, limit=self.limit)


class TemplateParameterCount(_SectionCount):
    """
    ## What it does
    Flags a template with more than 200 `Parameters`, at the 201st.
    ## Why is this bad?
    CloudFormation rejects templates that declare more than 200 parameters.
    ## Example
    A template with 201 entries under `Parameters`.
    ## Use instead
    Group values into `CommaDelimitedList` parameters, `Mappings`, or SSM parameters.
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
    """

    id = "SL011"
    name = "template-parameter-count"
    severity = Severity.ERROR
    source_url = _QUOTAS
    section = "Parameters"
    limit = 200
    messages = {"too_many": "The template declares {count} {section}; CloudFormation allows {limit}"}


class TemplateOutputCount(_SectionCount):
    """
    ## What it does
    Flags a template with more than 200 `Outputs`, at the 201st.
    ## Why is this bad?
    CloudFormation rejects templates that declare more than 200 outputs.
    ## Example
    A template with 201 entries under `Outputs`.
    ## Use instead
    Export fewer values, or publish them as SSM parameters.
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
    """

    id = "SL012"
    name = "template-output-count"
    severity = Severity.ERROR
    source_url = _QUOTAS
    section = "Outputs"
    limit = 200
    messages = {"too_many": "The template declares {count} {section}; CloudFormation allows {limit}"}


class TemplateMappingCount(_SectionCount):
    """
    ## What it does
    Flags a template with more than 200 `Mappings`, at the 201st.
    ## Why is this bad?
    CloudFormation rejects templates that declare more than 200 mappings.
    ## Example
    A template with 201 entries under `Mappings`.
    ## Use instead
    Merge mappings (each holds up to 200 attributes) or split the template into nested stacks.
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
    """

    id = "SL013"
    name = "template-mapping-count"
    severity = Severity.ERROR
    source_url = _QUOTAS
    section = "Mappings"
    limit = 200
    messages = {"too_many": "The template declares {count} {section}; CloudFormation allows {limit}"}


class TemplateBodySize(Rule):
    """
    ## What it does
    Flags a template file larger than 1 MB (1,048,576 bytes), the largest template body
    CloudFormation reads from S3 (SAM and `aws cloudformation deploy` upload it there).
    AWS writes the quota as "1 MB"; cfn-lint counts it as 1,000,000 bytes, so the limit is
    an option (`max_bytes`) for teams that want the stricter reading.
    ## Why is this bad?
    CloudFormation rejects a larger template body and the deployment fails.
    ## Example
    A template with thousands of inline state machine definitions or policies.
    ## Use instead
    Move definitions to files (`DefinitionUri`, `CodeUri`), or split into nested stacks.
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
    """

    id = "SL014"
    name = "template-body-size"
    severity = Severity.ERROR
    source_url = _QUOTAS
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"max_bytes": {"type": "integer", "minimum": 1}},
    }
    default_options = {"max_bytes": 1_048_576}
    messages = {"too_large": "The template is {size:,} bytes; CloudFormation accepts a template body of at most {limit:,} bytes"}

    def check_template(self, template, ctx):
        size = len(template.text.encode("utf-8"))
        limit = ctx.options["max_bytes"]
        if size > limit:
            ctx.report(_Located((1, 1, 1, 2), ()), "too_large", size=size, limit=limit)
