from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity, written_as

from ._shared import vpc_subnets


def _subnet_key(item, ctx) -> str | None:
    subnet = ctx.graph.target(item)
    if subnet is not None:
        return subnet.logical_id
    return item.value if isinstance(item.value, str) else None


def _zone(subnet) -> tuple[str, str] | None:
    """(comparison key, how to name it) of an in-template subnet's Availability Zone."""
    if subnet is None or subnet.type != "AWS::EC2::Subnet":
        return None
    for key in ("AvailabilityZone", "AvailabilityZoneId"):
        zone = subnet.get(key)
        if zone is None:
            continue
        if isinstance(zone.value, str):
            return zone.value, zone.value
        return written_as(zone), f"the same {key} expression"  # same expression, same zone
    return None


class LambdaVpcMultiAz(Rule):
    """
    ## What it does
    Flags a VPC function (after the SAM `Globals` merge) with a single subnet, or whose subnets
    are all in-template `AWS::EC2::Subnet` resources in the same Availability Zone
    (`AvailabilityZone`/`AvailabilityZoneId`, compared resolved, or as written when both use
    the same expression). Subnets from parameters count by their default or override.
    ## Why is this bad?
    When that Availability Zone is impaired the function cannot run. AWS recommends at least
    two subnets in different Availability Zones for a VPC function (AWS Config
    `lambda-vpc-multi-az-check`, Security Hub Lambda.5).
    ## Example
    ```yaml
    SubnetA:
      Type: AWS::EC2::Subnet
      Properties:
        VpcId: !Ref Vpc
        CidrBlock: 10.0.1.0/24
        AvailabilityZone: !Select [0, !GetAZs ""]
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        VpcConfig:
          SubnetIds: [!Ref SubnetA]
          SecurityGroupIds: [!Ref FunctionSecurityGroup]
    ```
    ## Use instead
    ```yaml
    SubnetA:
      Type: AWS::EC2::Subnet
      Properties:
        VpcId: !Ref Vpc
        CidrBlock: 10.0.1.0/24
        AvailabilityZone: !Select [0, !GetAZs ""]
    SubnetB:
      Type: AWS::EC2::Subnet
      Properties:
        VpcId: !Ref Vpc
        CidrBlock: 10.0.2.0/24
        AvailabilityZone: !Select [1, !GetAZs ""]
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        VpcConfig:
          SubnetIds: [!Ref SubnetA, !Ref SubnetB]
          SecurityGroupIds: [!Ref FunctionSecurityGroup]
    ```
    ## References
    - https://docs.aws.amazon.com/config/latest/developerguide/lambda-vpc-multi-az-check.html
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
    """

    id = "SL304"
    name = "lambda-vpc-single-az"
    aliases = ("lambda-vpc-multi-az",)
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/config/latest/developerguide/lambda-vpc-multi-az-check.html"
    MIN_ZONES = 2
    messages = {
        "single_subnet": (
            "VpcConfig.SubnetIds has a single subnet ({subnet}); use subnets in at least {limit} Availability Zones"
        ),
        "single_zone": (
            "VpcConfig.SubnetIds: all {count} subnets are in one Availability Zone ({zone}); use at least {limit}"
        ),
    }

    def check_resource(self, function, ctx):
        subnets = vpc_subnets(function)
        if not subnets:
            return
        keys = {_subnet_key(item, ctx) for item in subnets}
        if None in keys:
            return
        where = function.get("VpcConfig", "SubnetIds")
        if len(keys) == 1:
            ctx.report(where, "single_subnet", subnet=keys.pop(), limit=self.MIN_ZONES)
            return
        zones = {_zone(ctx.graph.target(item)) for item in subnets}
        if len(zones) == 1 and None not in zones:
            ctx.report(where, "single_zone", count=len(keys), zone=zones.pop()[1], limit=self.MIN_ZONES)
