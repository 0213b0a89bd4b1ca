from __future__ import annotations

from slint.rule import Severity

from ._shared import QUOTAS, SectionCount


class TemplateOutputCount(SectionCount):
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
    name = "template-too-many-outputs"
    aliases = ("template-output-count",)
    severity = Severity.ERROR
    source_url = QUOTAS
    section = "Outputs"
    limit = 200
    messages = {"too_many": "The template declares {count} {section}; CloudFormation allows {limit}"}
