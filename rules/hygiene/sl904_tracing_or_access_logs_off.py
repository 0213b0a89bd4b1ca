from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity, checks

from .._apis import stage_path

REST_STAGE_TYPES = ("AWS::Serverless::Api", "AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment")
HTTP_STAGE_TYPES = ("AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Stage")
STATE_MACHINE_TYPES = ("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine")


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
    history = (
        "no execution history (Express workflows keep it only in CloudWatch Logs)"
        if express
        else "no CloudWatch execution logs"
    )
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
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Tracing: PassThrough
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Tracing: Active
    ```
    A REST API stage also wants `TracingEnabled: true` and `AccessLogSetting`, an HTTP API stage
    `AccessLogSettings`, and a state machine `Logging` and `Tracing`.
    ## References
    - https://awslabs.github.io/serverless-rules/rules (WS1000 Lambda tracing, WS2002 API Gateway
      tracing, ES2000 API Gateway logging, WS5000 Step Functions tracing)
    - https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html
    """

    id = "SL904"
    name = "tracing-or-access-logs-off"
    aliases = ("tracing-and-access-logs",)
    severity = Severity.INFO
    default_enabled = False  # hygiene that fires on most templates: opt in with extend_select
    resource_types = FUNCTION_TYPES + REST_STAGE_TYPES + HTTP_STAGE_TYPES + STATE_MACHINE_TYPES
    include_implicit = True  # SAM's ServerlessRestApi/ServerlessHttpApi take Globals too
    source_url = "https://awslabs.github.io/serverless-rules/rules"
    messages = {
        "function_tracing": "{property} is {value}, not Active: X-Ray records no traces for this function",
        "unobserved": "{gaps}: {subject} leave {effects}",
    }

    @checks(*REST_STAGE_TYPES, *HTTP_STAGE_TYPES, *STATE_MACHINE_TYPES)
    def check_stage_or_state_machine(self, resource, ctx):
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
            events = [
                trigger.properties for trigger in ctx.graph.triggers_from(resource) if trigger.properties is not None
            ]
            if not events:
                return
            at = events[0]
        gap_text = " and ".join(gap for gap, _, _ in gaps)
        ctx.report(
            at,
            "unobserved",
            resource=resource,
            gaps=gap_text,
            subject=subject,
            effects=" and ".join(effect for _, effect, _ in gaps),
        )

    @checks(*FUNCTION_TYPES)
    def check_function(self, function, ctx):
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
