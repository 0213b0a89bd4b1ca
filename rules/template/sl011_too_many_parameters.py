from __future__ import annotations

from slint.rule import Severity

from ._shared import QUOTAS, SectionCount


class TemplateParameterCount(SectionCount):
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
    name = "template-too-many-parameters"
    aliases = ("template-parameter-count",)
    severity = Severity.ERROR
    source_url = QUOTAS
    section = "Parameters"
    limit = 200
    messages = {"too_many": "The template declares {count} {section}; CloudFormation allows {limit}"}
