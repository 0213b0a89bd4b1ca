from __future__ import annotations

from slint.rule import Severity

from ._shared import QUOTAS, SectionCount


class TemplateMappingCount(SectionCount):
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
    name = "template-too-many-mappings"
    aliases = ("template-mapping-count",)
    severity = Severity.ERROR
    source_url = QUOTAS
    section = "Mappings"
    limit = 200
    messages = {"too_many": "The template declares {count} {section}; CloudFormation allows {limit}"}
