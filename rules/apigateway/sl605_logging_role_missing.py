from __future__ import annotations

from slint.rule import Rule, Severity

from .._apis import implicit_api, method_settings, route_settings, setting


class ApiLoggingAccountRole(Rule):
    """
    ## What it does
    Finds API Gateway execution logging (`MethodSettings[].LoggingLevel` INFO or ERROR, or
    `DataTraceEnabled: true`, on SAM `Api` (Globals and implicit API included),
    `AWS::ApiGateway::Stage` or `AWS::ApiGateway::Deployment` `StageDescription`; WebSocket
    `AWS::ApiGatewayV2::Stage` `DefaultRouteSettings`/`RouteSettings`) in a template without an
    `AWS::ApiGateway::Account` that sets `CloudWatchRoleArn`. It also flags more than one
    `AWS::ApiGateway::Account` (the setting is one per account and Region).
    ## Why is this bad?
    Execution logging needs a CloudWatch Logs role in the API Gateway account settings of the
    Region. Where it was never set, the stage fails to deploy: "CloudWatch Logs role ARN must be
    set in account settings to enable logging". Whether it is set depends on the account, so this
    is a warning. Two Account resources overwrite each other.
    ## Example
    ```yaml
    Api:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
        MethodSettings:
          - {ResourcePath: "/*", HttpMethod: "*", LoggingLevel: INFO}
    ```
    ## Use instead
    ```yaml
    ApiGatewayAccount:
      Type: AWS::ApiGateway::Account
      Properties:
        CloudWatchRoleArn: !GetAtt ApiGatewayLogsRole.Arn
    ```
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-account.html
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
    """

    id = "SL605"
    name = "apigw-logging-role-missing"
    aliases = ("apigw-logging-account-role",)
    severity = Severity.WARNING
    source_url = (
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-account.html"
    )
    LOGGING_LEVELS = ("INFO", "ERROR")
    messages = {
        "no_account_role": (
            "{setting} enables execution logging but this template sets no AWS::ApiGateway::Account CloudWatchRoleArn; "
            "deployment fails unless the account's API Gateway settings in this Region already have a CloudWatch Logs "
            "role"
        ),
        "several_accounts": (
            "AWS::ApiGateway::Account {name} is one of {count} in this template; the setting is one per account and "
            "Region, so they overwrite each other"
        ),
    }

    def check_template(self, template, ctx):
        accounts = template.resources_of("AWS::ApiGateway::Account")
        if len(accounts) > 1:
            for account in accounts[1:]:
                ctx.report(account, "several_accounts", name=account.logical_id, count=len(accounts))
        if any(account.has("CloudWatchRoleArn") for account in accounts):
            return
        apis = template.resources_of("AWS::Serverless::Api", "AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment")
        implicit = implicit_api(ctx, "AWS::Serverless::Api")
        for resource in apis + ([implicit] if implicit is not None else []):
            for item in method_settings(resource):
                self._check_settings(resource, item, ctx)
        for stage in template.resources_of("AWS::ApiGatewayV2::Stage"):
            for entry in route_settings(stage):
                self._check_settings(stage, entry, ctx)

    def _check_settings(self, resource, item, ctx):
        level = setting(resource, item, "LoggingLevel")
        for option in level.possibilities() if level is not None else ():
            if isinstance(option.value, str) and option.value.upper() in self.LOGGING_LEVELS:
                ctx.report(option, "no_account_role", setting=f"LoggingLevel {option.value}")
                return
        trace = setting(resource, item, "DataTraceEnabled")
        for option in trace.possibilities() if trace is not None else ():
            if option.boolean:
                ctx.report(option, "no_account_role", setting="DataTraceEnabled true")
                return
