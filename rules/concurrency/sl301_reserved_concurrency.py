from __future__ import annotations

from slint.rule import Message, Rule, Severity

_RESERVED = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html"


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
        Runtime: python3.13
        Handler: app.handler
        ReservedConcurrentExecutions: 500   # x 2 functions = 1,000
    Resources:
      Api:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: api/
      Worker:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: worker/
    ```
    ## Use instead
    ```yaml
    Globals:
      Function:
        Runtime: python3.13
        Handler: app.handler
    Resources:
      Api:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: api/
      Worker:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: worker/
    ```
    Reserve only for the functions that need a guaranteed share or a cap, and keep the total
    at most the account concurrency minus 100 (the rule then notes, as info, the account
    concurrency the template needs).
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
        "over_pool": (
            "ReservedConcurrentExecutions add up to {total} over {count} function(s); assuming an account concurrency "
            "of {account} (the template cannot tell the account's quota), at most {limit} can be reserved, since "
            "{unreserved} must stay unreserved"
        ),
        "throttled": "ReservedConcurrentExecutions 0 throttles every invocation of this function",
        "needs_account": Message(
            "This template reserves {total} concurrent executions; the deployment fails in accounts whose concurrency "
            "is below {needed} (new accounts can start at 10 or 50), which the template cannot tell",
            Severity.INFO,
        ),
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
            ctx.report(
                largest,
                "over_pool",
                total=total,
                count=len(reservations),
                account=account,
                limit=limit,
                unreserved=self.MIN_UNRESERVED,
            )
        else:
            ctx.report(largest, "needs_account", total=total, needed=total + self.MIN_UNRESERVED)
