from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

from ._shared import _VPC

_LISTS = ("SubnetIds", "SecurityGroupIds")


class LambdaVpcConfigPair(Rule):
    """
    ## What it does
    Checks that a function's `VpcConfig` names both subnets and security groups, or neither,
    after SAM merges `Globals` (Globals list items come first, so subnets in Globals and
    security groups in the function make a complete pair). Each branch of an undecided
    `Fn::If` around `VpcConfig` is checked.
    ## Why is this bad?
    Lambda rejects a VPC configuration with subnets but no security groups, or the reverse
    ("SubnetIds and SecurityIds must coexist or be both empty list"), and the deployment fails.
    ## Example
    ```yaml
    VpcConfig:
      SubnetIds: [!Ref SubnetA, !Ref SubnetB]
    ```
    ## Use instead
    ```yaml
    VpcConfig:
      SubnetIds: [!Ref SubnetA, !Ref SubnetB]
      SecurityGroupIds: [!Ref LambdaSecurityGroup]
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
    - https://docs.aws.amazon.com/lambda/latest/api/API_VpcConfig.html
    """

    id = "SL303"
    name = "lambda-vpc-config-incomplete"
    aliases = ("lambda-vpc-config-pair",)
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = _VPC
    messages = {
        "unpaired": "VpcConfig lists {count} {present} but {absent} is {state}; Lambda needs both or neither",
    }

    def check_resource(self, function, ctx):
        vpc = function.get("VpcConfig")
        if vpc is None:
            return
        for option in vpc.possibilities():
            data = option.resolved()
            if not isinstance(data, dict):
                continue
            lists = {key: data.get(key, []) for key in _LISTS}
            if not all(isinstance(items, list) for items in lists.values()):
                continue  # a list the template cannot know
            present = [key for key in _LISTS if lists[key]]
            if len(present) != 1:
                continue
            absent = _LISTS[1 - _LISTS.index(present[0])]
            target = function.get("VpcConfig", present[0]) if option is vpc else option
            state = "empty" if absent in data else "missing"
            ctx.report(target, "unpaired", count=len(lists[present[0]]), present=present[0], absent=absent, state=state)
