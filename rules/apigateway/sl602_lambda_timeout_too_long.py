from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

from ._shared import QUOTAS_URL, rest_integration

_API_TRIGGERS = {"Api": "REST API", "HttpApi": "HTTP API", "WebSocket": "WebSocket API"}


def _seconds(milliseconds) -> str:
    seconds = milliseconds / 1000
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"


class ApiLambdaTimeout(Rule):
    """
    ## What it does
    Compares the `Timeout` of each function behind an API with the API's integration timeout:
    29 seconds for a REST API (or the integration's `TimeoutInMillis`), 30 seconds for an HTTP
    API (or its `TimeoutInMillis`), 29 seconds for a WebSocket API. The function's triggers come
    from SAM `Api`/`HttpApi` events (explicit or implicit API) and from CloudFormation
    `AWS::ApiGateway::Method` (`AWS`/`AWS_PROXY` integrations) and
    `AWS::ApiGatewayV2::Integration` resources; `Timeout` is read after the Globals merge, from
    parameter defaults and from both branches of an `Fn::If`.

    A REST integration that streams its response (`ResponseTransferMode: STREAM`, or
    `responseTransferMode` in the API's OpenAPI body) is held to its own `TimeoutInMillis` only:
    streaming may last up to 15 minutes. An integration that invokes the function
    asynchronously (request parameter `X-Amz-Invocation-Type: 'Event'`) is skipped: API Gateway
    answers at once and does not wait for the function.
    ## Why is this bad?
    API Gateway stops waiting at the integration timeout and answers 504 while the function
    keeps running: the client sees an error, and the invocation still costs duration and holds
    concurrency.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 60
        Events:
          Get:
            Type: Api
            Properties: {Path: /, Method: get}
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 29
    ```
    For longer work, answer at once and continue asynchronously (SQS, Step Functions).
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
    - https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-integration-async.html
    """

    id = "SL602"
    name = "apigw-lambda-timeout-too-long"
    aliases = ("apigw-lambda-timeout",)
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = QUOTAS_URL
    DEFAULT_LIMIT_MS = {"Api": 29_000, "HttpApi": 30_000, "WebSocket": 29_000}
    messages = {
        "exceeds": (
            "Timeout {value} s exceeds the {api} integration timeout of {limit} s ({event}); API Gateway answers 504 "
            "while the function keeps running"
        ),
    }

    def check_resource(self, function, ctx):
        limits = []  # (limit in ms, trigger)
        for trigger in ctx.graph.triggers(function):
            if trigger.kind not in self.DEFAULT_LIMIT_MS:
                continue
            configured = trigger.get("TimeoutInMillis")
            integration = rest_integration(trigger) if trigger.kind == "Api" else {}
            if integration.get("invocation_type") == "Event":
                continue  # asynchronous: API Gateway answers 202 without waiting
            if configured is not None and configured.number:
                limit = configured.number
            elif integration.get("timeout_ms"):
                limit = integration["timeout_ms"]
            elif integration.get("transfer_mode") == "STREAM":
                continue  # streaming lasts up to 15 minutes; no shorter timeout is written
            else:
                limit = self.DEFAULT_LIMIT_MS[trigger.kind]
            limits.append((limit, trigger))
        if not limits:
            return
        limit, trigger = min(limits, key=lambda pair: pair[0])
        for timeout in function.each("Timeout"):
            if timeout.number is not None and timeout.number * 1000 > limit:
                event = f"event {trigger.name}" if trigger.declared_by is function else trigger.name
                ctx.report(
                    timeout,
                    "exceeds",
                    value=timeout.describe(),
                    api=_API_TRIGGERS[trigger.kind],
                    limit=_seconds(limit),
                    event=event,
                )
