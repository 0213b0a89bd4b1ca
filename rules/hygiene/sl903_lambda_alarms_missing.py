from __future__ import annotations

from slint.rule import Rule, Severity


class LambdaAlarms(Rule):
    """
    ## What it does
    Notes a template that has Lambda functions but no `AWS::CloudWatch::Alarm` on an `AWS/Lambda`
    metric among `Errors`, `Throttles` and `ConcurrentExecutions` (as `MetricName` or inside
    `Metrics` metric math), and no `AWS::Budgets::Budget`. One note per template, on its first
    function; an alarm whose namespace or metric cannot be read counts as one.
    ## Why is this bad?
    Without an alarm, failing, throttled or runaway functions go unnoticed until users (or the
    bill) report them. This is a hygiene note (off by default): the alarms may live in another
    stack.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
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
    name = "lambda-alarms-missing"
    aliases = ("lambda-alarms",)
    severity = Severity.INFO
    default_enabled = False  # hygiene that fires on most templates: opt in with extend_select
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html"
    NAMESPACE = "AWS/Lambda"
    METRICS = ("Errors", "Throttles", "ConcurrentExecutions")
    messages = {
        "no_alarms": (
            "{count} function(s) but no AWS::CloudWatch::Alarm on {namespace} {metrics} and no AWS::Budgets::Budget in "
            "this template"
        ),
    }

    def check_template(self, template, ctx):
        functions = ctx.graph.functions()
        if not functions or template.resources_of("AWS::Budgets::Budget"):
            return
        if any(self._may_watch_lambda(alarm) for alarm in template.resources_of("AWS::CloudWatch::Alarm")):
            return
        ctx.report(
            functions[0],
            "no_alarms",
            count=len(functions),
            namespace=self.NAMESPACE,
            metrics=f"{', '.join(self.METRICS[:-1])} or {self.METRICS[-1]}",
        )

    def _may_watch_lambda(self, alarm) -> bool:
        """True unless the alarm's metrics are known and none is a watched AWS/Lambda metric."""
        entries = alarm.items("Metrics")
        if entries is None:
            return True
        metric_stat = ("MetricStat", "Metric")
        metrics = [(alarm.get("Namespace"), alarm.get("MetricName"))]
        metrics += [
            (alarm.get("Metrics", i, *metric_stat, "Namespace"), alarm.get("Metrics", i, *metric_stat, "MetricName"))
            for i in range(len(entries))
        ]
        for namespace, metric in metrics:
            if namespace is None or metric is None:
                continue
            if (not namespace.known or namespace.value == self.NAMESPACE) and (
                not metric.known or metric.value in self.METRICS
            ):
                return True
        return False
