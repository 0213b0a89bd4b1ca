from __future__ import annotations

import re

from slint.rule import Message, Rule, Severity, did_you_mean

PARAMETERS_DOC = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html"


class ParameterOverride(Rule):
    """
    ## What it does
    Checks the parameter values slint was given for a template (`--parameter`, `parameters` in
    the configuration, `parameter_overrides` in samconfig): a `--parameter` or samconfig name
    the template does not declare (with the closest declared name), and a value outside the
    parameter's `AllowedValues` or not matching its `AllowedPattern` (for `String` and each item
    of a `CommaDelimitedList`). Configuration `parameters` apply to every template, so a name a
    template does not declare is not reported for them.
    ## Why is this bad?
    CloudFormation rejects a parameter value outside `AllowedValues` or `AllowedPattern`, and a
    mistyped name leaves the parameter at its default, so slint (and the deployment) see another
    value than the one meant.
    ## Example
    ```yaml
    # slint lint --parameter Stage=prd template.yaml
    AWSTemplateFormatVersion: "2010-09-09"
    Parameters:
      Stage:
        Type: String
        AllowedValues: [dev, prod]
    ```
    ## Use instead
    ```yaml
    # slint lint --parameter Stage=prod template.yaml
    AWSTemplateFormatVersion: "2010-09-09"
    Parameters:
      Stage:
        Type: String
        AllowedValues: [dev, prod]
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
    """

    id = "SL006"
    name = "parameter-override"
    severity = Severity.ERROR
    source_url = PARAMETERS_DOC
    messages = {
        "undeclared": Message(
            "parameter override '{name}' (from {source}) names no parameter of this template{hint}", Severity.WARNING
        ),
        "not_allowed": "Parameter {name} value '{value}' (from {source}) is not one of AllowedValues {allowed}{hint}",
        "no_match": "Parameter {name} value '{value}' (from {source}) does not match AllowedPattern '{pattern}'",
    }

    def check_template(self, template, ctx):
        settings = ctx.settings
        declared = template.parameters
        for name, raw in template.parameter_values.items():
            if name in settings.option_parameters:
                source = "--parameter"
            else:
                source = "configuration" if name in settings.parameters else "samconfig"
            parameter = declared.get(name)
            if parameter is not None:
                self._check_value(parameter, raw, source, ctx)
            elif source != "configuration":  # configuration parameters apply to every template
                hint = did_you_mean(name, declared)
                ctx.report_at(("Parameters",), "undeclared", key=True, name=name, source=source, hint=hint)

    def _check_value(self, parameter, raw, source, ctx):
        if isinstance(raw, (dict, list)) or raw is None:
            return
        if parameter.type not in ("String", "CommaDelimitedList", "Number"):
            return
        value = _text(raw)
        items = [item.strip() for item in value.split(",")] if parameter.type == "CommaDelimitedList" else [value]
        allowed = parameter.allowed_values
        if isinstance(allowed, list) and allowed and all(isinstance(a, (str, int, float, bool)) for a in allowed):
            allowed_texts = [_text(a) for a in allowed]
            for item in items:
                if item not in allowed_texts:
                    ctx.report_at(
                        (*parameter.path, "AllowedValues"), "not_allowed", name=parameter.name, value=item,
                        source=source, allowed=f"[{', '.join(allowed_texts)}]", hint=did_you_mean(item, allowed_texts),
                    )  # fmt: skip
        pattern = parameter.allowed_pattern
        if isinstance(pattern, str) and parameter.type != "Number":
            try:
                compiled = re.compile(pattern)
            except re.error:  # a Java-only construct: slint cannot tell
                return
            for item in items:
                if compiled.fullmatch(item) is None:
                    ctx.report_at(
                        (*parameter.path, "AllowedPattern"), "no_match", name=parameter.name, value=item,
                        source=source, pattern=pattern,
                    )  # fmt: skip


def _text(value) -> str:
    """A value as CloudFormation receives it: a string (YAML's true is 'true')."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
