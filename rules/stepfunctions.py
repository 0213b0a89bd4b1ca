"""Step Functions state machines: definitions inline, as strings, or in local files."""

from __future__ import annotations

from slint.rule import Rule, Severity

from ._asl import MACHINE_TYPES, definition_of, is_express, number

_INTEGRATIONS = "https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html"
_TIMEOUTS = "https://docs.aws.amazon.com/step-functions/latest/dg/sfn-stuck-execution.html"
_WORKFLOW_TYPES = "https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html"
_LAMBDA_RETRY = "https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html"
WAIT_PATTERNS = (".sync", ".sync:2", ".waitForTaskToken")


def _resource(state) -> str | None:
    resource = state.body.get("Resource")
    return resource if isinstance(resource, str) else None


def _tasks(definition):
    return [state for state in definition.states() if state.body.get("Type") == "Task"]


class ExpressPatterns(Rule):
    """
    ## What it does
    Flags `Task` states of an Express state machine (SAM `Type: EXPRESS`, CloudFormation
    `StateMachineType: EXPRESS`) that use the run-a-job (`.sync`, `.sync:2`) or wait-for-
    callback (`.waitForTaskToken`) integration patterns, or an activity. The definition is read
    inline, from `DefinitionString`, or from a local `DefinitionUri` file.
    ## Why is this bad?
    Express workflows support only request-response integrations; Step Functions rejects the
    definition and the stack fails.
    ## Example
    ```yaml
    Type: EXPRESS
    Definition:
      StartAt: Build
      States:
        Build: {Type: Task, Resource: "arn:aws:states:::codebuild:startBuild.sync", End: true}
    ```
    ## Use instead
    Use a Standard workflow, or the request-response form of the integration.
    ## References
    - https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
    """

    id = "SL850"
    name = "sfn-express-patterns"
    severity = Severity.ERROR
    resource_types = MACHINE_TYPES
    source_url = _INTEGRATIONS
    messages = {"pattern": "State {state} uses {integration}; Express workflows support only request-response integrations"}

    def check_resource(self, machine, ctx):
        if not is_express(machine):
            return
        definition = definition_of(machine, ctx)
        if definition is None:
            return
        for state in _tasks(definition):
            resource = _resource(state)
            if resource and (resource.endswith(WAIT_PATTERNS) or ":activity:" in resource):
                ctx.report(definition.value(state, "Resource"), "pattern", state=state.name, integration=resource)


class TaskTimeouts(Rule):
    """
    ## What it does
    In Standard state machines, flags `Task` states without `TimeoutSeconds` (or
    `TimeoutSecondsPath`), `.waitForTaskToken` tasks without `HeartbeatSeconds`, and a
    `HeartbeatSeconds` that is not smaller than `TimeoutSeconds`. Express workflows are
    skipped: their executions end after five minutes anyway.
    ## Why is this bad?
    ASL sets no default task timeout: a task waiting on a lost callback or a hung worker keeps
    the execution running until the one-year Standard limit.
    ## Example
    ```yaml
    Approve:
      Type: Task
      Resource: arn:aws:states:::sqs:sendMessage.waitForTaskToken
      End: true
    ```
    ## Use instead
    ```yaml
    Approve:
      Type: Task
      Resource: arn:aws:states:::sqs:sendMessage.waitForTaskToken
      TimeoutSeconds: 86400
      HeartbeatSeconds: 3600
      End: true
    ```
    ## References
    - https://docs.aws.amazon.com/step-functions/latest/dg/sfn-stuck-execution.html
    """

    id = "SL851"
    name = "sfn-task-timeouts"
    severity = Severity.WARNING
    resource_types = MACHINE_TYPES
    source_url = _TIMEOUTS
    messages = {
        "no_timeout": "Task state {state} has no TimeoutSeconds; without one it can wait until the execution's one-year limit",
        "no_heartbeat": "Task state {state} waits for a task token without HeartbeatSeconds; a lost callback is noticed only at the timeout",
        "heartbeat": "Task state {state} has HeartbeatSeconds {heartbeat} not smaller than TimeoutSeconds {timeout}",
    }

    def check_resource(self, machine, ctx):
        if is_express(machine):
            return
        definition = definition_of(machine, ctx)
        if definition is None:
            return
        for state in _tasks(definition):
            body = state.body
            has_timeout = "TimeoutSeconds" in body or "TimeoutSecondsPath" in body
            if not has_timeout:
                ctx.report(definition.state_value(state), "no_timeout", state=state.name)
            resource = _resource(state) or ""
            if resource.endswith(".waitForTaskToken") and "HeartbeatSeconds" not in body and "HeartbeatSecondsPath" not in body:
                ctx.report(definition.value(state, "Resource"), "no_heartbeat", state=state.name)
            heartbeat, timeout = number(body.get("HeartbeatSeconds")), number(body.get("TimeoutSeconds"))
            if heartbeat is not None and timeout is not None and heartbeat >= timeout:
                ctx.report(definition.value(state, "HeartbeatSeconds"), "heartbeat", state=state.name, heartbeat=heartbeat, timeout=timeout)


class ExpressDuration(Rule):
    """
    ## What it does
    In Express state machines, flags a `TimeoutSeconds` (of the machine or of a state) or a
    `Wait` state's `Seconds` above 300.
    ## Why is this bad?
    An Express execution runs for at most five minutes; a longer timeout or wait can never
    complete, and the execution fails when the five minutes are up.
    ## Example
    ```yaml
    Pause: {Type: Wait, Seconds: 600, Next: Done}
    ```
    ## Use instead
    Use a Standard workflow for waits and tasks longer than five minutes.
    ## References
    - https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html
    """

    id = "SL852"
    name = "sfn-express-duration"
    severity = Severity.WARNING
    resource_types = MACHINE_TYPES
    source_url = _WORKFLOW_TYPES
    MAX_SECONDS = 300
    messages = {"too_long": "{what} {value} seconds exceeds the {limit}-second (five-minute) maximum of an Express execution"}

    def check_resource(self, machine, ctx):
        if not is_express(machine):
            return
        definition = definition_of(machine, ctx)
        if definition is None:
            return
        top = number(definition.data.get("TimeoutSeconds"))
        if top is not None and top > self.MAX_SECONDS:
            anchor = machine.get("Definition", "TimeoutSeconds") if definition.inline else definition.anchor
            ctx.report(anchor, "too_long", what="TimeoutSeconds", value=top, limit=self.MAX_SECONDS)
        for state in definition.states():
            for key in ("TimeoutSeconds", "Seconds" if state.body.get("Type") == "Wait" else None):
                seconds = number(state.body.get(key)) if key else None
                if seconds is not None and seconds > self.MAX_SECONDS:
                    ctx.report(definition.value(state, key), "too_long", what=f"State {state.name} {key}", value=seconds, limit=self.MAX_SECONDS)


class LambdaRetry(Rule):
    """
    ## What it does
    Notes Lambda `Task` states (`arn:aws:states:::lambda:invoke`, a function ARN, or a
    reference to a function in this template) whose `Retry` does not cover the transient
    Lambda errors `Lambda.ServiceException`, `Lambda.AWSLambdaException` and
    `Lambda.SdkClientException` (directly, or through `States.ALL`/`States.TaskFailed`).
    ## Why is this bad?
    Lambda occasionally returns these service errors; without a retrier the whole execution
    fails on a transient problem.
    ## Example
    ```yaml
    Charge: {Type: Task, Resource: arn:aws:states:::lambda:invoke, End: true}
    ```
    ## Use instead
    ```yaml
    Charge:
      Type: Task
      Resource: arn:aws:states:::lambda:invoke
      Retry:
        - ErrorEquals: [Lambda.ServiceException, Lambda.AWSLambdaException, Lambda.SdkClientException, Lambda.TooManyRequestsException]
          IntervalSeconds: 1
          MaxAttempts: 3
          BackoffRate: 2
      End: true
    ```
    ## References
    - https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
    """

    id = "SL853"
    name = "sfn-lambda-retry"
    severity = Severity.INFO
    resource_types = MACHINE_TYPES
    source_url = _LAMBDA_RETRY
    TRANSIENT = ("Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException")
    CATCH_ALL = ("States.ALL", "States.TaskFailed")
    messages = {"no_retry": "Lambda task {state} does not retry {missing}"}

    def check_resource(self, machine, ctx):
        definition = definition_of(machine, ctx)
        if definition is None:
            return
        for state in _tasks(definition):
            if not self._invokes_lambda(state, machine, ctx):
                continue
            covered: set[str] = set()
            retriers = state.body.get("Retry")
            for retrier in retriers if isinstance(retriers, list) else []:
                errors = retrier.get("ErrorEquals") if isinstance(retrier, dict) else None
                covered.update(e for e in errors or [] if isinstance(e, str))
            if covered & set(self.CATCH_ALL):
                continue
            missing = [error for error in self.TRANSIENT if error not in covered]
            if missing:
                ctx.report(definition.state_value(state), "no_retry", state=state.name, missing=", ".join(missing))

    @staticmethod
    def _invokes_lambda(state, machine, ctx) -> bool:
        resource = state.body.get("Resource")
        if not isinstance(resource, str):
            return ctx.graph.function_of(resource) is not None
        if resource.startswith("arn:aws:states:::lambda:invoke") and not resource.endswith(".waitForTaskToken"):
            return True
        if ":lambda:" in resource and ":function:" in resource:
            return True
        if resource.startswith("${") and resource.endswith("}") and machine.is_sam:
            substitution = machine.get("DefinitionSubstitutions", resource[2:-1])
            return substitution is not None and ctx.graph.function_of(substitution) is not None
        return False
