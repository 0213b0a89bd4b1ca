from __future__ import annotations

from slint.rule import Rule, Severity

from .._asl import MACHINE_TYPES, definition_of, is_express, number
from ._shared import _resource, _tasks

_TIMEOUTS = "https://docs.aws.amazon.com/step-functions/latest/dg/sfn-stuck-execution.html"


def _waits(resource: str) -> bool:
    """A task that waits for a worker, a callback or a job to finish (not a request-response call)."""
    return (
        ":activity:" in resource or resource.endswith(".waitForTaskToken") or ".sync" in resource.rpartition(":::")[2]
    )


class TaskTimeouts(Rule):
    """
    ## What it does
    In Standard state machines, flags `Task` states that wait on something outside Step
    Functions (an activity, a `.waitForTaskToken` callback, a `.sync` job) without
    `TimeoutSeconds` (or `TimeoutSecondsPath`), `.waitForTaskToken` tasks without
    `HeartbeatSeconds`, and a `HeartbeatSeconds` that is not smaller than `TimeoutSeconds`.
    Request-response calls (a DynamoDB, SQS, SNS or Lambda call, `aws-sdk:*`) answer when the
    call does, so they are not flagged. Express workflows are skipped: their executions end
    after five minutes anyway.
    ## Why is this bad?
    ASL sets no default task timeout: a task waiting on a lost callback, a hung worker or a
    job that never ends keeps the execution running until the one-year Standard limit.
    ## Example
    ```yaml
    Workflow:
      Type: AWS::Serverless::StateMachine
      Properties:
        Type: STANDARD
        Definition:
          StartAt: Approve
          States:
            Approve:
              Type: Task
              Resource: arn:aws:states:::sqs:sendMessage.waitForTaskToken
              End: true
    ```
    ## Use instead
    ```yaml
    Workflow:
      Type: AWS::Serverless::StateMachine
      Properties:
        Type: STANDARD
        Definition:
          StartAt: Approve
          States:
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
    name = "sfn-task-timeout-missing"
    aliases = ("sfn-task-timeouts",)
    severity = Severity.WARNING
    resource_types = MACHINE_TYPES
    source_url = _TIMEOUTS
    messages = {
        "no_timeout": (
            "Task state {state} has no TimeoutSeconds; without one it can wait until the execution's one-year limit"
        ),
        "no_heartbeat": (
            "Task state {state} waits for a task token without HeartbeatSeconds; a lost callback is noticed only at "
            "the timeout"
        ),
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
            resource = _resource(state) or ""
            if not has_timeout and _waits(resource):
                ctx.report(definition.state_value(state), "no_timeout", state=state.name)
            if (
                resource.endswith(".waitForTaskToken")
                and "HeartbeatSeconds" not in body
                and "HeartbeatSecondsPath" not in body
            ):
                ctx.report(definition.value(state, "Resource"), "no_heartbeat", state=state.name)
            heartbeat, timeout = number(body.get("HeartbeatSeconds")), number(body.get("TimeoutSeconds"))
            if heartbeat is not None and timeout is not None and heartbeat >= timeout:
                ctx.report(
                    definition.value(state, "HeartbeatSeconds"),
                    "heartbeat",
                    state=state.name,
                    heartbeat=heartbeat,
                    timeout=timeout,
                )
