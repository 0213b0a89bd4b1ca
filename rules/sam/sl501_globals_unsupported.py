from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from slint.rule import GLOBALS_SECTIONS, Rule, Severity, intrinsic_name

_GLOBALS_URL = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html"


@lru_cache(maxsize=1)
def globals_allow_lists() -> dict[str, tuple[str, ...]]:
    """Globals section -> the properties SAM accepts in it (rules/data/sam_globals.json)."""
    data = json.loads((Path(__file__).parent.parent / "data" / "sam_globals.json").read_text(encoding="utf-8"))
    return {section: tuple(props) for section, props in data["sections"].items()}


class SamGlobalsUnsupported(Rule):
    """
    ## What it does
    Checks every section of a SAM template's `Globals` against what SAM accepts: the section name
    must be one of SAM's resource kinds (`Function`, `Api`, `HttpApi`, `SimpleTable`,
    `StateMachine`, `LayerVersion`, `CapacityProvider`, `WebSocketApi`) and each property in it
    must be on SAM's allow-list for that kind. Notably `Role`, `Policies`, `FunctionName`,
    `Events`, `InlineCode`, `PackageType` and `ImageUri` cannot be global, nor `StageName` or
    `DefinitionBody` for APIs.
    ## Why is this bad?
    The SAM transform rejects the template ("'X' is not a supported property of 'Function'") and
    nothing is deployed.
    ## Example
    ```yaml
    Globals:
      Function:
        Runtime: python3.12
        Policies: [AWSLambdaBasicExecutionRole]
    ```
    ## Use instead
    ```yaml
    Globals:
      Function:
        Runtime: python3.12
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Policies: [AWSLambdaBasicExecutionRole]
    ```
    ## References
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
    """

    id = "SL501"
    name = "sam-globals-unsupported"
    severity = Severity.ERROR
    source_url = _GLOBALS_URL
    messages = {
        "unknown_section": "Globals section '{section}' is not supported by SAM; supported sections: {supported}",
        "unsupported_property": (
            "'{prop}' cannot be set in Globals.{section}; SAM supports it only on each {type} resource"
        ),
    }

    def check_template(self, template, ctx):
        if not template.is_sam:
            return
        allowed = globals_allow_lists()
        globals_node = template.globals
        for section, props in globals_node.items():
            if section not in allowed:
                ctx.report_at(
                    ("Globals", section), "unknown_section", key=True, section=section, supported=", ".join(allowed)
                )
                continue
            if not isinstance(props, dict) or intrinsic_name(props):
                continue
            for prop in props:
                if prop not in allowed[section]:
                    ctx.report_at(
                        ("Globals", section, prop),
                        "unsupported_property",
                        key=True,
                        prop=prop,
                        section=section,
                        type=GLOBALS_SECTIONS.get(section, section),
                    )
