from __future__ import annotations

from slint.rule import Rule, Severity

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
      Queue:
        Type: AWS::SQS::Queue
        Properties:
          - VisibilityTimeout: 60
    ```
    ## Use instead
    ```yaml
    Resources:
      Queue:
        Type: AWS::SQS::Queue
        Properties:
          VisibilityTimeout: 60
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
    """

    id = "SL008"
    name = "template-structure-invalid"
    aliases = ("template-structure",)
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
            self._expect_mapping(root, (section,), section, ctx)
        globals_node = root.get("Globals") if template.is_sam else None
        if isinstance(globals_node, dict):
            for name in globals_node:
                self._expect_mapping(globals_node, ("Globals", name), f"Globals.{name}", ctx)
        resources = root.get("Resources")
        if not isinstance(resources, dict):
            return
        for logical_id, node in resources.items():
            if str(logical_id).startswith("Fn::"):  # Fn::Transform (AWS::Include) in place of resources
                continue
            if not isinstance(node, dict):
                ctx.report_at(("Resources", logical_id), "resource", name=logical_id, found=_kind_of(node))
                continue
            if "Type" not in node:
                ctx.report_at(("Resources", logical_id), "no_type", key=True, name=logical_id)
            elif not isinstance(node["Type"], str):
                ctx.report_at(("Resources", logical_id, "Type"), "type", name=logical_id, found=_kind_of(node["Type"]))
            properties = node.get("Properties")
            if "Properties" in node and properties is not None and not isinstance(properties, dict):
                ctx.report_at(
                    ("Resources", logical_id, "Properties"), "properties", name=logical_id, found=_kind_of(properties)
                )

    @staticmethod
    def _expect_mapping(container, path, label, ctx) -> None:
        key = path[-1]
        if key in container and container[key] is not None and not isinstance(container[key], dict):
            ctx.report_at(path, "section", section=label, found=_kind_of(container[key]))
