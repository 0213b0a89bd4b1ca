"""Lambda concurrency: reserved concurrency against the account pool, provisioned within reserved."""

from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

_RESERVED = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html"
_PROVISIONED = "https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html"
_PROVISIONED_PATH = ("ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions")


class LambdaReservedConcurrency(Rule):
    """
    ## What it does
    Adds up `ReservedConcurrentExecutions` over every function in the template (a value in SAM
    `Globals` counts once per function that inherits it; behind an undecided `Fn::If`, the larger
    branch counts) and flags a total that leaves fewer than 100 of the account's concurrency
    unreserved. The account concurrency is assumed to be the default 1,000 per Region (option
    `account_concurrency`). Also flags `ReservedConcurrentExecutions: 0`, which throttles every
    invocation, and notes once (info) that any reservation needs an account whose concurrency
    is at least the total reserved plus 100.
    ## Why is this bad?
    Lambda keeps at least 100 concurrent executions unreserved for the functions without a
    reservation; a reservation that would go below that fails with "Specified
    ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution
    below its minimum value". The account limit depends on the account (raisable; new accounts
    often start far lower, 10 or 50), which the template cannot tell: hence a warning, and the
    limit is an option.
    ## Example
    ```yaml
    Globals:
      Function:
        ReservedConcurrentExecutions: 200   # x 5 functions = 1,000
    ```
    ## Use instead
    Reserve only for the functions that need a guaranteed share or a cap, and keep the total
    at most the account concurrency minus 100.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    """

    id = "SL301"
    name = "lambda-reserved-concurrency"
    severity = Severity.WARNING
    source_url = _RESERVED
    MIN_UNRESERVED = 100
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"account_concurrency": {"type": "integer", "minimum": 1}},
    }
    default_options = {"account_concurrency": 1000}
    messages = {
        "over_pool": "ReservedConcurrentExecutions add up to {total} over {count} function(s); assuming an account concurrency of {account} (the template cannot tell the account's quota), at most {limit} can be reserved, since {unreserved} must stay unreserved",
        "throttled": "ReservedConcurrentExecutions 0 throttles every invocation of this function",
        "needs_account": "This template reserves {total} concurrent executions; the deployment fails in accounts whose concurrency is below {needed} (new accounts can start at 10 or 50), which the template cannot tell",
    }

    def check_template(self, template, ctx):
        reservations = []  # (function, the largest value it may reserve)
        for function in ctx.graph.functions():
            values = [v for v in function.each("ReservedConcurrentExecutions") if v.number is not None]
            for value in values:
                if value.number == 0:
                    ctx.report(value, "throttled")
            if values and max(v.number for v in values) > 0:
                reservations.append(max(values, key=lambda v: v.number))
        if not reservations:
            return
        total = int(sum(v.number for v in reservations))
        account = ctx.options["account_concurrency"]
        limit = account - self.MIN_UNRESERVED
        largest = max(reservations, key=lambda v: v.number)
        if total > limit:
            ctx.report(largest, "over_pool", total=total, count=len(reservations), account=account, limit=limit, unreserved=self.MIN_UNRESERVED)
        else:
            ctx.report(largest, "needs_account", severity=Severity.INFO, total=total, needed=total + self.MIN_UNRESERVED)


class LambdaProvisionedLeReserved(Rule):
    """
    ## What it does
    For a function with `ReservedConcurrentExecutions`, adds up the provisioned concurrency
    configured for it: SAM `ProvisionedConcurrencyConfig` (on the `AutoPublishAlias` alias)
    and `ProvisionedConcurrencyConfig` of every `AWS::Lambda::Alias` / `AWS::Lambda::Version`
    of the function, and flags a total above the reservation.
    ## Why is this bad?
    Provisioned concurrency counts towards a function's reserved concurrency, so Lambda refuses
    provisioned concurrency beyond what is reserved and the alias or version fails to deploy.
    This was only partly verified against the AWS pages, hence a warning.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        AutoPublishAlias: live
        ReservedConcurrentExecutions: 5
        ProvisionedConcurrencyConfig:
          ProvisionedConcurrentExecutions: 10
    ```
    ## Use instead
    Reserve at least as much as is provisioned over all aliases and versions, or drop the
    reservation.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
    """

    id = "SL302"
    name = "lambda-provisioned-le-reserved"
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = _PROVISIONED
    messages = {
        "over_reserved": "ProvisionedConcurrentExecutions {provisioned}{detail} exceeds the function's ReservedConcurrentExecutions {reserved}; provisioned concurrency must fit in the reservation",
    }

    def check_resource(self, function, ctx):
        reserved = function.get("ReservedConcurrentExecutions")
        if reserved is None or reserved.number is None:
            return
        provisioned = []
        own = function.get(*_PROVISIONED_PATH) if function.has("AutoPublishAlias") else None
        if own is not None:
            provisioned.append(own)
        for holder in ctx.template.resources_of("AWS::Lambda::Alias", "AWS::Lambda::Version"):
            value = holder.get(*_PROVISIONED_PATH)
            if value is not None and ctx.graph.function_of(holder.get("FunctionName")) is function:
                provisioned.append(value)
        if any(v.number is None for v in provisioned):
            return
        total = 0
        for value in provisioned:
            total += value.number
            if total > reserved.number:
                detail = f" (total {total:g} over {len(provisioned)} aliases/versions)" if total != value.number else ""
                ctx.report(value, "over_reserved", provisioned=value.describe(), detail=detail, reserved=reserved.describe())
                return
