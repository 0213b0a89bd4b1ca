"""Lambda in a VPC: subnets and security groups, Availability Zones, the execution role, databases."""

from __future__ import annotations

import json
from fnmatch import fnmatchcase

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity
from slint.values import UNKNOWN

_VPC = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html"
_LISTS = ("SubnetIds", "SecurityGroupIds")


def vpc_subnets(function):
    """The function's subnets after the Globals prepend: [] when not in a VPC, None when unknown."""
    return function.items("VpcConfig", "SubnetIds")


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
    name = "lambda-vpc-config-pair"
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
    VpcConfig:
      SubnetIds: [!Ref PrivateSubnetA]
      SecurityGroupIds: [!Ref LambdaSecurityGroup]
    ```
    ## Use instead
    ```yaml
    VpcConfig:
      SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
      SecurityGroupIds: [!Ref LambdaSecurityGroup]
    ```
    ## References
    - https://docs.aws.amazon.com/config/latest/developerguide/lambda-vpc-multi-az-check.html
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
    """

    id = "SL304"
    name = "lambda-vpc-multi-az"
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/config/latest/developerguide/lambda-vpc-multi-az-check.html"
    MIN_ZONES = 2
    messages = {
        "single_subnet": "VpcConfig.SubnetIds has a single subnet ({subnet}); use subnets in at least {limit} Availability Zones",
        "single_zone": "VpcConfig.SubnetIds: all {count} subnets are in one Availability Zone ({zone}); use at least {limit}",
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
        return json.dumps(zone.raw, sort_keys=True, default=str), f"the same {key} expression"  # same expression, same zone
    return None


# Actions Lambda needs to attach a function to a VPC; AWS managed policies known to grant them.
_ENI_ACTIONS = ("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface")
_GRANTING_POLICIES = ("AWSLambdaVPCAccessExecutionRole", "AWSLambdaENIManagementAccess", "AdministratorAccess", "PowerUserAccess", "AmazonEC2FullAccess")
_AWS_POLICY_PREFIX = ":iam::aws:policy/"
_POLICY_TYPES = ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy")


class LambdaVpcRolePermissions(Rule):
    """
    ## What it does
    For a VPC function whose `Role` is an in-template `AWS::IAM::Role`, checks that the role
    can manage the function's network interfaces: the AWS managed policy
    `AWSLambdaVPCAccessExecutionRole` (or another that grants them), or allowed actions
    `ec2:CreateNetworkInterface`, `ec2:DescribeNetworkInterfaces` and
    `ec2:DeleteNetworkInterface` in the role's inline policies or in `AWS::IAM::Policy` /
    `ManagedPolicy` resources attached to it. Silent when a policy cannot be read (customer
    managed ARNs, intrinsics in actions). SAM functions without `Role` get the managed policy
    from SAM and are skipped; a role from outside the template gets an info note.
    ## Why is this bad?
    Lambda checks the execution role when the function is created or its VPC settings change,
    and fails with "The provided execution role does not have permissions to call
    CreateNetworkInterface on EC2".
    ## Example
    ```yaml
    Role:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument: ...
        ManagedPolicyArns:
          - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
    ```
    ## Use instead
    ```yaml
        ManagedPolicyArns:
          - arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
    """

    id = "SL305"
    name = "lambda-vpc-role-permissions"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = _VPC
    messages = {
        "missing": "Role {role} of this VPC function has no AWSLambdaVPCAccessExecutionRole and does not allow {actions}; Lambda cannot manage the function's network interfaces",
        "external": "Role {role} is defined outside this template; this VPC function needs it to allow {actions} (for example AWSLambdaVPCAccessExecutionRole), which the template cannot tell",
    }

    def check_resource(self, function, ctx):
        role_value = function.get("Role")
        if role_value is None or not vpc_subnets(function):
            return
        role = ctx.graph.target(role_value)
        actions = ", ".join(_ENI_ACTIONS)
        if role is None:
            if role_value.text:
                ctx.report(role_value, "external", severity=Severity.INFO, role=role_value.text, actions=actions)
            return
        missing = _missing_eni_actions(role, ctx) if role.type == "AWS::IAM::Role" and not role.implicit else None
        if missing:
            ctx.report(role_value, "missing", role=role.logical_id, actions=", ".join(missing))


def _missing_eni_actions(role, ctx) -> list[str] | None:
    """The ENI actions the role provably lacks ([] when granted), None when it cannot be told."""
    arns = role.items("ManagedPolicyArns")
    inline = role.items("Policies")
    if arns is None or inline is None:
        return None
    documents = []  # resolved policy documents
    unknown = False
    for arn in arns:
        policy = ctx.graph.target(arn)
        name = _aws_managed_policy(arn)
        if policy is not None and policy.type == "AWS::IAM::ManagedPolicy":
            documents.append(policy.get("PolicyDocument").resolved() if policy.has("PolicyDocument") else None)
        elif name is None:
            unknown = True  # a customer managed policy: its document is elsewhere
        elif name in _GRANTING_POLICIES:
            return []
    for policy in inline:
        resolved = policy.resolved()
        documents.append(resolved.get("PolicyDocument") if isinstance(resolved, dict) else None)
    for edge in ctx.graph.referrers(role):
        if edge.source.type in _POLICY_TYPES and edge.source.has("PolicyDocument"):
            documents.append(edge.source.get("PolicyDocument").resolved())
    granted: set[str] = set()
    for document in documents:
        actions = _allowed_actions(document)
        if actions is None:
            unknown = True
            continue
        granted.update(a for a in _ENI_ACTIONS if any(fnmatchcase(a.lower(), pattern.lower()) for pattern in actions))
    missing = [a for a in _ENI_ACTIONS if a not in granted]
    return None if missing and unknown else missing


def _aws_managed_policy(arn) -> str | None:
    """The name of an AWS managed policy ARN, also inside ``!Sub arn:${AWS::Partition}:…``."""
    text = arn.value if isinstance(arn.value, str) else None
    raw = arn.raw
    if text is None and isinstance(raw, dict) and isinstance(raw.get("Fn::Sub"), str):
        text = raw["Fn::Sub"]
    if text is None or _AWS_POLICY_PREFIX not in text:
        return None
    return text.rsplit("/", 1)[-1]


def _allowed_actions(document) -> list[str] | None:
    """Action patterns a policy document allows; None when the document cannot be read."""
    if not isinstance(document, dict):
        return None
    statements = document.get("Statement")
    statements = [statements] if isinstance(statements, dict) else statements
    if not isinstance(statements, list):
        return None
    out = []
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect") is UNKNOWN:
            return None
        if statement.get("Effect") != "Allow":
            continue
        if "NotAction" in statement:
            return None
        actions = statement.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
            return None
        out.extend(actions)
    return out


_DATABASE_TYPES = ("AWS::RDS::DBInstance", "AWS::RDS::DBCluster")
_ENDPOINT_ATTRIBUTES = ("Endpoint", "ReadEndpoint")


class LambdaRdsWithoutProxy(Rule):
    """
    ## What it does
    Notes a function whose environment variables name the endpoint of an in-template RDS
    instance or Aurora cluster (`!GetAtt Db.Endpoint.Address`, `ReadEndpoint.Address`, or the
    same inside `!Sub`) instead of an `AWS::RDS::DBProxy` endpoint.
    ## Why is this bad?
    Each concurrent execution environment opens its own database connections; a burst of
    invocations can exhaust the database's connection limit. RDS Proxy pools and shares
    connections. This is a design recommendation (not re-verified against the RDS Proxy
    pages), hence info.
    ## Example
    ```yaml
    Environment:
      Variables:
        DB_HOST: !GetAtt Database.Endpoint.Address
    ```
    ## Use instead
    ```yaml
    Environment:
      Variables:
        DB_HOST: !GetAtt DatabaseProxy.Endpoint
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-database.html
    - https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html
    """

    id = "SL306"
    name = "lambda-rds-without-proxy"
    severity = Severity.INFO
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-database.html"
    messages = {
        "direct": "Environment variable {variable} points at {database} ({attribute}) directly; consider an RDS Proxy so that concurrent executions share connections",
    }

    def check_resource(self, function, ctx):
        for edge in ctx.graph.references(function):
            if edge.kind not in ("getatt", "sub") or edge.target.type not in _DATABASE_TYPES or edge.value is None:
                continue
            path = edge.value.path
            if not (edge.attribute or "").startswith(_ENDPOINT_ATTRIBUTES) or "Environment" not in path:
                continue
            variable = path[path.index("Environment") + 2] if len(path) > path.index("Environment") + 2 else "?"
            ctx.report(edge.value, "direct", variable=variable, database=edge.target.logical_id, attribute=edge.attribute)
