from __future__ import annotations

from slint.rule import Rule, Severity

from .._asl import MACHINE_TYPES, definition_of, is_express
from ._shared import _resource, _tasks

_INTEGRATIONS = "https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html"

WAIT_PATTERNS = (".sync", ".sync:2", ".waitForTaskToken")


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
    Workflow:
      Type: AWS::Serverless::StateMachine
      Properties:
        Type: EXPRESS
        Definition:
          StartAt: Build
          States:
            Build: {Type: Task, Resource: "arn:aws:states:::codebuild:startBuild.sync", End: true}
    ```
    ## Use instead
    ```yaml
    Workflow:
      Type: AWS::Serverless::StateMachine
      Properties:
        Type: STANDARD
        Definition:
          StartAt: Build
          States:
            Build: {Type: Task, Resource: "arn:aws:states:::codebuild:startBuild.sync", End: true}
    ```
    Use a Standard workflow, or the request-response form of the integration.
    ## References
    - https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
    """

    id = "SL850"
    name = "sfn-express-unsupported-pattern"
    aliases = ("sfn-express-patterns",)
    severity = Severity.ERROR
    resource_types = MACHINE_TYPES
    source_url = _INTEGRATIONS
    messages = {
        "pattern": "State {state} uses {integration}; Express workflows support only request-response integrations"
    }

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
