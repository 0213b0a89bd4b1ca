from __future__ import annotations

from fnmatch import fnmatchcase

from slint.aws import FUNCTION_TYPES
from slint.rule import Message, Rule, Severity, allow_statements, sub_text

from ._shared import _VPC, vpc_subnets

# Actions Lambda needs to attach a function to a VPC; AWS managed policies known to grant them.
_ENI_ACTIONS = ("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface")
_GRANTING_POLICIES = (
    "AWSLambdaVPCAccessExecutionRole",
    "AWSLambdaENIManagementAccess",
    "AdministratorAccess",
    "PowerUserAccess",
    "AmazonEC2FullAccess",
)
_AWS_POLICY_PREFIX = ":iam::aws:policy/"
_POLICY_TYPES = ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy")


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
    if text is None:
        text = sub_text(arn)
    if text is None or _AWS_POLICY_PREFIX not in text:
        return None
    return text.rsplit("/", 1)[-1]


def _allowed_actions(document) -> list[str] | None:
    """Action patterns a policy document allows; None when the document cannot be read."""
    statements = allow_statements(document)
    if statements is None or not all(statement.actions_known for statement in statements):
        return None
    return [action for statement in statements for action in statement.actions]


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
    FunctionRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Service: lambda.amazonaws.com}
              Action: sts:AssumeRole
        ManagedPolicyArns:
          - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Role: !GetAtt FunctionRole.Arn
        VpcConfig:
          SubnetIds: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]
          SecurityGroupIds: [sg-0a1b2c3d4e5f60003]
    ```
    ## Use instead
    ```yaml
    FunctionRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Service: lambda.amazonaws.com}
              Action: sts:AssumeRole
        ManagedPolicyArns:
          - arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/
        Handler: app.handler
        Runtime: python3.13
        Role: !GetAtt FunctionRole.Arn
        VpcConfig:
          SubnetIds: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]
          SecurityGroupIds: [sg-0a1b2c3d4e5f60003]
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
    """

    id = "SL305"
    name = "lambda-vpc-role-missing-permissions"
    aliases = ("lambda-vpc-role-permissions",)
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = _VPC
    messages = {
        "missing": (
            "Role {role} of this VPC function has no AWSLambdaVPCAccessExecutionRole and does not allow {actions}; "
            "Lambda cannot manage the function's network interfaces"
        ),
        "external": Message(
            "Role {role} is defined outside this template; this VPC function needs it to allow {actions} (for example "
            "AWSLambdaVPCAccessExecutionRole), which the template cannot tell",
            Severity.INFO,
        ),
    }

    def check_resource(self, function, ctx):
        role_value = function.get("Role")
        if role_value is None or not vpc_subnets(function):
            return
        role = ctx.graph.target(role_value)
        actions = ", ".join(_ENI_ACTIONS)
        if role is None:
            if role_value.text:
                ctx.report(role_value, "external", role=role_value.text, actions=actions)
            return
        missing = _missing_eni_actions(role, ctx) if role.type == "AWS::IAM::Role" and not role.implicit else None
        if missing:
            ctx.report(role_value, "missing", role=role.logical_id, actions=", ".join(missing))
