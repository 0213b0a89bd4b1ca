"""Observability, hygiene and containers."""

from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.nodes import intrinsic_name
from slint.rule import Rule, Severity

from ._apis import stage_path

LOG_GROUP = "AWS::Logs::LogGroup"
LAMBDA_LOG_PREFIX = "/aws/lambda/"


class EcsTaskDefinitionContainers(Rule):
    """
    ## What it does
    Flags an `AWS::ECS::TaskDefinition` whose `ContainerDefinitions` lists more than ten
    containers.
    ## Why is this bad?
    A task definition holds at most ten containers; ECS rejects a larger one and the stack
    fails.
    ## Example
    A task definition with eleven entries under `ContainerDefinitions`.
    ## Use instead
    Split the containers across task definitions (services) that scale independently.
    ## References
    - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/welcome-features.html
    """

    id = "SL901"
    name = "ecs-taskdef-containers"
    severity = Severity.ERROR
    resource_types = ("AWS::ECS::TaskDefinition",)
    source_url = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/welcome-features.html"
    MAX_CONTAINERS = 10
    messages = {"too_many": "ContainerDefinitions lists {count} containers; a task definition holds at most {limit}"}

    def check_resource(self, task, ctx):
        containers = task.items("ContainerDefinitions")
        if containers is not None and len(containers) > self.MAX_CONTAINERS:
            ctx.report(containers[self.MAX_CONTAINERS], "too_many", count=len(containers), limit=self.MAX_CONTAINERS)


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
    default_enabled = False  # hygiene that fires on most templates: opt in with extend_select
    name = "lambda-log-retention"
    severity = Severity.INFO
    source_url = "https://awslabs.github.io/serverless-rules/rules/lambda/log_retention"
    messages = {
        "no_log_group": "No AWS::Logs::LogGroup {group} in this template; Lambda creates it on first use and its logs never expire",
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
                own = _name_pattern(function.get("FunctionName")) or "${%s}" % function.logical_id
                ctx.report(function, "no_log_group", group=LAMBDA_LOG_PREFIX + own)
        for group in groups:
            if group.logical_id in users and group.get("RetentionInDays") is None:
                ctx.report(group, "no_retention", functions=", ".join(users[group.logical_id]))


def _name_pattern(value) -> str | None:
    """A name as text: resolved, else the `!Sub` string or `${Param}` for a `!Ref`, so that
    two names written from the same unknown parts still compare equal."""
    if value is None:
        return None
    if value.text is not None:
        return value.text
    kind = intrinsic_name(value.raw)
    if kind == "Fn::Sub" and isinstance(value.raw[kind], str):
        return value.raw[kind]
    if kind == "Ref" and isinstance(value.raw[kind], str):
        return "${" + value.raw[kind] + "}"
    return None


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


class LambdaAlarms(Rule):
    """
    ## What it does
    Notes a template that has Lambda functions but no `AWS::CloudWatch::Alarm` on an `AWS/Lambda`
    metric among `Errors`, `Throttles` and `ConcurrentExecutions` (as `MetricName` or inside
    `Metrics` metric math), and no `AWS::Budgets::Budget`. One note per template, on its first
    function; an alarm whose namespace or metric cannot be read counts as one.
    ## Why is this bad?
    Without an alarm, failing, throttled or runaway functions go unnoticed until users (or the
    bill) report them. This is a hygiene note: the recommendation comes from study notes, not
    from an AWS page slint verified, and the alarms may live in another stack.
    ## Example
    A template with functions and no alarms.
    ## Use instead
    ```yaml
    FnErrors:
      Type: AWS::CloudWatch::Alarm
      Properties:
        Namespace: AWS/Lambda
        MetricName: Errors
        Dimensions: [{Name: FunctionName, Value: !Ref Fn}]
        Statistic: Sum
        Period: 60
        EvaluationPeriods: 1
        Threshold: 1
        ComparisonOperator: GreaterThanOrEqualToThreshold
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
    """

    id = "SL903"
    default_enabled = False  # hygiene that fires on most templates: opt in with extend_select
    name = "lambda-alarms"
    severity = Severity.INFO
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html"
    NAMESPACE = "AWS/Lambda"
    METRICS = ("Errors", "Throttles", "ConcurrentExecutions")
    messages = {
        "no_alarms": "{count} function(s) but no AWS::CloudWatch::Alarm on {namespace} {metrics} and no AWS::Budgets::Budget in this template",
    }

    def check_template(self, template, ctx):
        functions = ctx.graph.functions()
        if not functions or template.resources_of("AWS::Budgets::Budget"):
            return
        if any(self._may_watch_lambda(alarm) for alarm in template.resources_of("AWS::CloudWatch::Alarm")):
            return
        ctx.report(functions[0], "no_alarms", count=len(functions), namespace=self.NAMESPACE, metrics=f"{', '.join(self.METRICS[:-1])} or {self.METRICS[-1]}")

    def _may_watch_lambda(self, alarm) -> bool:
        """True unless the alarm's metrics are known and none is a watched AWS/Lambda metric."""
        entries = alarm.items("Metrics")
        if entries is None:
            return True
        metric_stat = ("MetricStat", "Metric")
        metrics = [(alarm.get("Namespace"), alarm.get("MetricName"))]
        metrics += [(alarm.get("Metrics", i, *metric_stat, "Namespace"), alarm.get("Metrics", i, *metric_stat, "MetricName")) for i in range(len(entries))]
        for namespace, metric in metrics:
            if namespace is None or metric is None:
                continue
            if (not namespace.known or namespace.value == self.NAMESPACE) and (not metric.known or metric.value in self.METRICS):
                return True
        return False


REST_STAGE_TYPES = ("AWS::Serverless::Api", "AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment")
HTTP_STAGE_TYPES = ("AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Stage")
STATE_MACHINE_TYPES = ("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine")


class TracingAndAccessLogs(Rule):
    """
    ## What it does
    One note per resource that records less than it could: a function whose `Tracing` (SAM) or
    `TracingConfig.Mode` is not `Active` (Lambda@Edge functions excepted: X-Ray does not run
    there); a REST API stage (SAM `Api`, `AWS::ApiGateway::Stage`, a `Deployment`'s
    `StageDescription`) without `TracingEnabled: true` or without `AccessLogSetting`; an HTTP or
    WebSocket stage (SAM `HttpApi`, `AWS::ApiGatewayV2::Stage`) without `AccessLogSettings`; a
    state machine without logging (`Logging`/`LoggingConfiguration`, level not `OFF`) or
    tracing (`Tracing`/`TracingConfiguration` `Enabled: true`). Globals, SAM's implicit APIs,
    parameter defaults and both branches of an `Fn::If` are read.
    ## Why is this bad?
    Without traces and access logs a failed or slow request cannot be followed across API
    Gateway, Lambda and Step Functions. Express state machines keep no execution history of
    their own: without logging it is gone. This is hygiene (info); tracing and logs cost money.
    ## Example
    ```yaml
    Globals:
      Function:
        Tracing: PassThrough
    ```
    ## Use instead
    ```yaml
    Globals:
      Function:
        Tracing: Active
      Api:
        TracingEnabled: true
        AccessLogSetting:
          DestinationArn: !GetAtt ApiLogs.Arn
          Format: $context.requestId $context.status
    ```
    ## References
    - https://awslabs.github.io/serverless-rules/rules (WS1000 Lambda tracing, WS2002 API Gateway
      tracing, ES2000 API Gateway logging, WS5000 Step Functions tracing)
    - https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html
    """

    id = "SL904"
    default_enabled = False  # hygiene that fires on most templates: opt in with extend_select
    name = "tracing-and-access-logs"
    severity = Severity.INFO
    resource_types = FUNCTION_TYPES + REST_STAGE_TYPES + HTTP_STAGE_TYPES + STATE_MACHINE_TYPES
    include_implicit = True  # SAM's ServerlessRestApi/ServerlessHttpApi take Globals too
    source_url = "https://awslabs.github.io/serverless-rules/rules"
    messages = {
        "function_tracing": "{property} is {value}, not Active: X-Ray records no traces for this function",
        "unobserved": "{gaps}: {subject} leave {effects}",
    }

    def check_resource(self, resource, ctx):
        if resource.type in FUNCTION_TYPES:
            self._check_function(resource, ctx)
            return
        if resource.type == "AWS::ApiGateway::Deployment" and not resource.has("StageName"):
            return  # a deployment without a stage records nothing by itself
        if resource.type in STATE_MACHINE_TYPES:
            gaps, subject = _state_machine_gaps(resource), "executions"
        else:
            gaps, subject = _stage_gaps(resource), "requests through this stage"
        if not gaps:
            return
        at = next((value for _, _, value in gaps if value is not None), resource)
        if resource.implicit and at is resource:  # SAM's implicit API: report at the first event using it
            events = [trigger.properties for trigger in ctx.graph.triggers_from(resource) if trigger.properties is not None]
            if not events:
                return
            at = events[0]
        gap_text = " and ".join(gap for gap, _, _ in gaps)
        ctx.report(at, "unobserved", resource=resource, gaps=gap_text, subject=subject, effects=" and ".join(effect for _, effect, _ in gaps))

    def _check_function(self, function, ctx):
        if ctx.graph.edge_associations(function):
            return  # Lambda@Edge does not support X-Ray
        path = ("Tracing",) if function.is_sam else ("TracingConfig", "Mode")
        prop = ".".join(path)
        if not function.has(*path):
            ctx.report(function, "function_tracing", property=prop, value="not set (PassThrough)")
            return
        passive = next((mode for mode in function.each(*path) if mode.text not in (None, "Active")), None)
        if passive is not None:
            ctx.report(passive, "function_tracing", property=prop, value=passive.describe())


def _stage_gaps(stage) -> list[tuple[str, str, object]]:
    """What a stage does not record: (gap, effect, the Value to report or None)."""
    gaps = []
    if stage.type in REST_STAGE_TYPES:
        gaps.append(_switched_off(stage, stage_path(stage, "TracingEnabled"), "no X-Ray traces"))
        access_logs = stage_path(stage, "AccessLogSetting")
    else:
        access_logs = ("AccessLogSettings",)
    if not stage.has(*access_logs):
        gaps.append((f"no {'.'.join(access_logs)}", "no access logs", None))
    return [gap for gap in gaps if gap is not None]


def _state_machine_gaps(machine) -> list[tuple[str, str, object]]:
    sam = machine.type == "AWS::Serverless::StateMachine"
    logging, tracing = ("Logging", "Tracing") if sam else ("LoggingConfiguration", "TracingConfiguration")
    kind = machine.get("Type" if sam else "StateMachineType")
    express = kind is not None and kind.text == "EXPRESS"
    history = "no execution history (Express workflows keep it only in CloudWatch Logs)" if express else "no CloudWatch execution logs"
    gaps = []
    if not machine.has(logging):
        gaps.append((f"no {logging}", history, None))
    else:
        off = next((level for level in machine.each(logging, "Level") if level.text == "OFF"), None)
        if off is not None:
            gaps.append((f"{logging}.Level OFF", history, off))
    gaps.append(_switched_off(machine, (tracing, "Enabled"), "no X-Ray traces"))
    return [gap for gap in gaps if gap is not None]


def _switched_off(resource, path: tuple, effect: str):
    """A boolean switch that is not set (off by default) or false in some branch, else None."""
    name = ".".join(path)
    if not resource.has(*path):
        return (f"{name} not set", effect, None)
    off = next((value for value in resource.each(*path) if value.boolean is False), None)
    return (f"{name} false", effect, off) if off is not None else None


class IamWildcardActions(Rule):
    """
    ## What it does
    Notes an `Allow` statement that a function's role holds with `Action: "*"` or a whole
    service (`s3:*`): statements in SAM `Policies` (Globals included), and in the policies of
    an in-template execution role (inline, or `AWS::IAM::Policy`/`ManagedPolicy` attached to it).
    One note per resource that writes such statements, at the first wildcard `Action`, naming
    every wildcard action there and the functions that hold it.
    ## Why is this bad?
    A wildcard grants every current and future action of the service; a bug or an injected
    input in the function can then delete or expose far more than the function needs.
    ## Example
    ```yaml
    Policies:
      - Statement:
          - Effect: Allow
            Action: "dynamodb:*"
            Resource: !GetAtt Table.Arn
    ```
    ## Use instead
    ```yaml
    Policies:
      - DynamoDBReadPolicy: {TableName: !Ref Table}
    ```
    ## References
    - https://awslabs.github.io/serverless-rules/rules (WS1003 Lambda star permissions)
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html
    """

    id = "SL905"
    name = "iam-wildcard-actions"
    severity = Severity.INFO
    source_url = "https://awslabs.github.io/serverless-rules/rules"
    messages = {
        "wildcard": "Action {actions} grants every action of {scope} to {functions}; allow only the actions they need",
    }

    def check_template(self, template, ctx):
        by_owner: dict[tuple, list] = {}  # where the statement is written -> [(Action Value, actions, functions)]
        for function in ctx.graph.functions():
            for grant in ctx.graph.grants(function):
                wildcards = [action for action in grant.actions if _is_wildcard(action)]
                if grant.kind != "statement" or grant.action is None or not wildcards:
                    continue
                entries = by_owner.setdefault(grant.action.path[:2], [])  # ("Resources", id) or ("Globals", "Function")
                entry = next((e for e in entries if e[0].path == grant.action.path), None)
                if entry is None:
                    entries.append((grant.action, wildcards, [function.logical_id]))
                elif function.logical_id not in entry[2]:
                    entry[2].append(function.logical_id)
        for entries in by_owner.values():
            actions = list(dict.fromkeys(a for _, wildcards, _ in entries for a in wildcards))
            functions = list(dict.fromkeys(f for _, _, names in entries for f in names))
            scope = "every service" if "*" in actions else "the service" if len(actions) == 1 else "these services"
            ctx.report(entries[0][0], "wildcard", actions=", ".join(actions), scope=scope, functions=", ".join(functions))


def _is_wildcard(action: str) -> bool:
    return action == "*" or action.endswith(":*")
