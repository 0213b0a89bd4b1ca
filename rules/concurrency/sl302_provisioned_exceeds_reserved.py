from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

_PROVISIONED = "https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html"
_PROVISIONED_PATH = ("ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions")


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
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        AutoPublishAlias: live
        ReservedConcurrentExecutions: 10
        ProvisionedConcurrencyConfig:
          ProvisionedConcurrentExecutions: 10
    ```
    Reserve at least as much as is provisioned over all aliases and versions, or drop the
    reservation.
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
    """

    id = "SL302"
    name = "lambda-provisioned-exceeds-reserved"
    aliases = ("lambda-provisioned-le-reserved",)
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = _PROVISIONED
    messages = {
        "over_reserved": (
            "ProvisionedConcurrentExecutions {provisioned}{detail} exceeds the function's ReservedConcurrentExecutions "
            "{reserved}; provisioned concurrency must fit in the reservation"
        ),
    }

    def check_resource(self, function, ctx):
        reserved = function.get("ReservedConcurrentExecutions")
        if reserved is None or reserved.number is None:
            return
        provisioned = []
        own = function.get(*_PROVISIONED_PATH) if function.has("AutoPublishAlias") else None
        if own is not None:
            provisioned.append(own)
        for holder in ctx.graph.attached(function, "AWS::Lambda::Alias", "AWS::Lambda::Version"):
            value = holder.get(*_PROVISIONED_PATH)
            if value is not None:
                provisioned.append(value)
        if any(v.number is None for v in provisioned):
            return
        total = 0
        for value in provisioned:
            total += value.number
            if total > reserved.number:
                detail = f" (total {total:g} over {len(provisioned)} aliases/versions)" if total != value.number else ""
                ctx.report(
                    value, "over_reserved", provisioned=value.describe(), detail=detail, reserved=reserved.describe()
                )
                return
