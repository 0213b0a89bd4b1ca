from __future__ import annotations

from slint.rule import Rule, Severity

from .._asl import MACHINE_TYPES, definition_of
from ._shared import _tasks

_LAMBDA_RETRY = "https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html"


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
    Workflow:
      Type: AWS::Serverless::StateMachine
      Properties:
        Type: STANDARD
        Definition:
          StartAt: Charge
          States:
            Charge:
              Type: Task
              Resource: arn:aws:states:::lambda:invoke
              Parameters: {FunctionName: !GetAtt ChargeFn.Arn, Payload.$: $}
              End: true
    ```
    ## Use instead
    ```yaml
    Workflow:
      Type: AWS::Serverless::StateMachine
      Properties:
        Type: STANDARD
        Definition:
          StartAt: Charge
          States:
            Charge:
              Type: Task
              Resource: arn:aws:states:::lambda:invoke
              Parameters: {FunctionName: !GetAtt ChargeFn.Arn, Payload.$: $}
              Retry:
                - ErrorEquals:
                    - Lambda.ServiceException
                    - Lambda.AWSLambdaException
                    - Lambda.SdkClientException
                    - Lambda.TooManyRequestsException
                  IntervalSeconds: 1
                  MaxAttempts: 3
                  BackoffRate: 2
              End: true
    ```
    ## References
    - https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
    """

    id = "SL853"
    name = "sfn-lambda-retry-missing"
    aliases = ("sfn-lambda-retry",)
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
