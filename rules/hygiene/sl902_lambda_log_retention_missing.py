from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity, ref_name, sub_text

LOG_GROUP = "AWS::Logs::LogGroup"
LAMBDA_LOG_PREFIX = "/aws/lambda/"


def _name_pattern(value) -> str | None:
    """A name as text: resolved, else the `!Sub` string or `${Param}` for a `!Ref`, so that
    two names written from the same unknown parts still compare equal."""
    if value is None:
        return None
    if value.text is not None:
        return value.text
    if sub_text(value) is not None:
        return sub_text(value)
    return "${" + ref_name(value) + "}" if ref_name(value) is not None else None


def _may_name_any(group, pattern: str | None, graph) -> bool:
    """True when a group's name cannot be read far enough to rule out any function's group."""
    if not group.has("LogGroupName") or group.get("LogGroupName").text is not None:
        return False
    if pattern is not None and not pattern.startswith("${"):
        return False  # its literal start is known
    return not any(_in_group_name(edge) and edge.target.type in FUNCTION_TYPES for edge in graph.references(group))


def _in_group_name(edge) -> bool:
    """True when a reference is written inside a log group's LogGroupName."""
    return edge.value is not None and "LogGroupName" in edge.value.path


def _default_group(function, groups, names, graph):
    """The in-template log group named `/aws/lambda/<function>`, or None."""
    for edge in graph.referrers(function):
        if edge.source.type == LOG_GROUP and _in_group_name(edge):
            return edge.source
    own = _name_pattern(function.get("FunctionName"))
    if own is None:
        return None
    return next((g for g in groups if names[g.logical_id] == LAMBDA_LOG_PREFIX + own), None)


class LambdaLogRetention(Rule):
    """
    ## What it does
    For each function, looks for the log group it writes to: the group named in
    `LoggingConfig.LogGroup`, or an `AWS::Logs::LogGroup` named `/aws/lambda/<function name>`
    (written as a `!Sub`/`!Join` referring to the function, or matching a known or `!Sub`
    `FunctionName`). Notes a function without one, and a group without `RetentionInDays`. Silent
    when a group's name cannot be read (it may be this function's), for a `LoggingConfig`
    group kept outside the template, and for Lambda@Edge functions, which log to a group in
    every Region they run in.
    ## Why is this bad?
    Without a group in the template Lambda creates `/aws/lambda/<name>` on the first
    invocation with no expiry: logs are kept, and billed, forever, and the group outlives the
    stack.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: src/}
    ```
    ## Use instead
    ```yaml
    FnLogs:
      Type: AWS::Logs::LogGroup
      Properties:
        LogGroupName: !Sub /aws/lambda/${Fn}
        RetentionInDays: 30
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
    - https://awslabs.github.io/serverless-rules/rules/lambda/log_retention
    """

    id = "SL902"
    name = "lambda-log-retention-missing"
    aliases = ("lambda-log-retention",)
    severity = Severity.INFO
    default_enabled = False  # hygiene that fires on most templates: opt in with extend_select
    source_url = "https://awslabs.github.io/serverless-rules/rules/lambda/log_retention"
    messages = {
        "no_log_group": (
            "No AWS::Logs::LogGroup {group} in this template; Lambda creates it on first use and its logs never expire"
        ),
        "no_retention": "Log group of {functions} sets no RetentionInDays; its logs never expire",
    }

    def check_template(self, template, ctx):
        graph = ctx.graph
        groups = template.resources_of(LOG_GROUP)
        names = {group.logical_id: _name_pattern(group.get("LogGroupName")) for group in groups}
        opaque = any(_may_name_any(group, names[group.logical_id], graph) for group in groups)
        users: dict[str, list[str]] = {}
        for function in graph.functions():
            if graph.edge_associations(function):
                continue
            custom = function.get("LoggingConfig", "LogGroup")
            if custom is not None:
                group = graph.target(custom)
                if group is None and custom.text is not None:
                    group = next((g for g in groups if names[g.logical_id] == custom.text), None)
                if group is not None and group.type == LOG_GROUP:
                    users.setdefault(group.logical_id, []).append(function.logical_id)
                continue  # a group kept outside the template, or one slint cannot name
            default = _default_group(function, groups, names, graph)
            if default is not None:
                users.setdefault(default.logical_id, []).append(function.logical_id)
            elif not opaque:
                own = _name_pattern(function.get("FunctionName")) or f"${{{function.logical_id}}}"
                ctx.report(function, "no_log_group", group=LAMBDA_LOG_PREFIX + own)
        for group in groups:
            if group.logical_id in users and group.get("RetentionInDays") is None:
                ctx.report(group, "no_retention", functions=", ".join(users[group.logical_id]))
