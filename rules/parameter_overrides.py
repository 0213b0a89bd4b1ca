"""Parameter values given from outside the template: --parameter, configuration, samconfig."""

from __future__ import annotations

import re

from slint.config import did_you_mean
from slint.nodes import NO_SPAN, child_span, key_span
from slint.rule import Rule, Severity

_PARAMETERS_DOC = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html"


class _Located:
    __slots__ = ("span", "path")

    def __init__(self, span, path):
        self.span = span
        self.path = path


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
    Parameters:
      Stage:
        Type: String
        AllowedValues: [dev, prod]
    ```
    ## Use instead
    ```yaml
    # slint lint --parameter Stage=prod template.yaml
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
    source_url = _PARAMETERS_DOC
    messages = {
        "undeclared": "parameter override '{name}' (from {source}) names no parameter of this template{hint}",
        "not_allowed": "Parameter {name} value '{value}' (from {source}) is not one of AllowedValues {allowed}{hint}",
        "no_match": "Parameter {name} value '{value}' (from {source}) does not match AllowedPattern '{pattern}'",
    }

    def check_template(self, template, ctx):
        settings = ctx.settings
        declared = template.parameters
        for name, raw in template.parameter_values.items():
            source = "--parameter" if name in settings.option_parameters else "configuration" if name in settings.parameters else "samconfig"
            parameter = declared.get(name)
            if parameter is None:
                if source != "configuration":
                    section = template.root.get("Parameters")
                    span = key_span(template.root, "Parameters") if isinstance(section, dict) else NO_SPAN
                    ctx.report(_Located(span, ("Parameters",)), "undeclared", severity=Severity.WARNING, name=name, source=source, hint=did_you_mean(name, declared))
                continue
            self._check_value(parameter, raw, source, ctx)

    def _check_value(self, parameter, raw, source, ctx):
        if isinstance(raw, (dict, list)) or raw is None:
            return
        node = parameter.node if isinstance(parameter.node, dict) else {}
        value = _text(raw)
        items = [item.strip() for item in value.split(",")] if parameter.type == "CommaDelimitedList" else [value]
        if parameter.type not in ("String", "CommaDelimitedList", "Number"):
            return
        allowed = node.get("AllowedValues")
        if isinstance(allowed, list) and allowed and all(isinstance(a, (str, int, float, bool)) for a in allowed):
            allowed_texts = [_text(a) for a in allowed]
            for item in items:
                if item not in allowed_texts:
                    at = _Located(child_span(node, "AllowedValues"), (*parameter.path, "AllowedValues"))
                    ctx.report(at, "not_allowed", name=parameter.name, value=item, source=source, allowed=f"[{', '.join(allowed_texts)}]", hint=did_you_mean(item, allowed_texts))
        pattern = node.get("AllowedPattern")
        if isinstance(pattern, str) and parameter.type != "Number":
            try:
                compiled = re.compile(pattern)
            except re.error:  # a Java-only construct: slint cannot tell
                return
            for item in items:
                if compiled.fullmatch(item) is None:
                    at = _Located(child_span(node, "AllowedPattern"), (*parameter.path, "AllowedPattern"))
                    ctx.report(at, "no_match", name=parameter.name, value=item, source=source, pattern=pattern)


def _text(value) -> str:
    """A value as CloudFormation receives it: a string (YAML's true is 'true')."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
