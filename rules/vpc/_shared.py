"""Helpers shared by the vpc rules."""

from __future__ import annotations

_VPC = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html"


def vpc_subnets(function):
    """The function's subnets after the Globals prepend: [] when not in a VPC, None when unknown."""
    return function.items("VpcConfig", "SubnetIds")
