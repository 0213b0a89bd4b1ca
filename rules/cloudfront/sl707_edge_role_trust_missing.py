from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity, allow_statements

from ._shared import EDGE_RESTRICTIONS, _where


def trusted_services(document) -> set[str] | None:
    """Service principals an assume-role policy allows to call sts:AssumeRole; None when unknown."""
    statements = allow_statements(document)
    if statements is None:
        return None
    services: set[str] = set()
    for statement in statements:
        if not statement.allows_any("sts:AssumeRole", "sts:*", "*"):
            continue
        names = statement.services()
        if names is None:
            return None
        services.update(names)
    return services


class EdgeRoleTrust(Rule):
    """
    ## What it does
    Checks that the execution role of a function a distribution in this template associates
    trusts both `lambda.amazonaws.com` and `edgelambda.amazonaws.com`: an in-template
    `AWS::IAM::Role` named by `Role`, the SAM function's `AssumeRolePolicyDocument`, or, when a
    SAM function sets neither, the role SAM generates (which trusts only Lambda). Roles outside
    the template are not checked.
    ## Why is this bad?
    CloudFront replicates the function with the `edgelambda.amazonaws.com` principal; when the
    role does not trust it the distribution update fails ("The function execution role must be
    assumable with edgelambda.amazonaws.com as well as lambda.amazonaws.com principals").
    ## Example
    ```yaml
    EdgeFn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: edge/
        Handler: index.handler
        Runtime: nodejs22.x
        AutoPublishAlias: live      # no Role: SAM's role trusts lambda.amazonaws.com only
    Cdn:
      Type: AWS::CloudFront::Distribution
      Properties:
        DistributionConfig:
          Enabled: true
          Origins: [{Id: site, DomainName: example.com, CustomOriginConfig: {OriginProtocolPolicy: https-only}}]
          DefaultCacheBehavior:
            TargetOriginId: site
            ViewerProtocolPolicy: redirect-to-https
            CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6   # managed CachingOptimized
            LambdaFunctionAssociations:
              - EventType: viewer-request
                LambdaFunctionARN: !Ref EdgeFn.Version
    ```
    ## Use instead
    ```yaml
    EdgeFn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: edge/
        Handler: index.handler
        Runtime: nodejs22.x
        AutoPublishAlias: live
        AssumeRolePolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action: sts:AssumeRole
              Principal:
                Service: [lambda.amazonaws.com, edgelambda.amazonaws.com]
    Cdn:
      Type: AWS::CloudFront::Distribution
      Properties:
        DistributionConfig:
          Enabled: true
          Origins: [{Id: site, DomainName: example.com, CustomOriginConfig: {OriginProtocolPolicy: https-only}}]
          DefaultCacheBehavior:
            TargetOriginId: site
            ViewerProtocolPolicy: redirect-to-https
            CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6   # managed CachingOptimized
            LambdaFunctionAssociations:
              - EventType: viewer-request
                LambdaFunctionARN: !Ref EdgeFn.Version
    ```
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-permissions.html
    """

    id = "SL707"
    name = "edge-role-trust-missing"
    aliases = ("edge-role-trust",)
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = EDGE_RESTRICTIONS
    REQUIRED_PRINCIPALS = ("lambda.amazonaws.com", "edgelambda.amazonaws.com")
    messages = {
        "missing": (
            "{document} does not let {missing} assume the role of {function}; Lambda@Edge needs {required} ({where})"
        ),
        "generated_role": (
            "{function} has no Role, and the role SAM generates trusts only lambda.amazonaws.com; Lambda@Edge also "
            "needs edgelambda.amazonaws.com (set Role or AssumeRolePolicyDocument) ({where})"
        ),
    }

    def check_resource(self, function, ctx):
        associations = ctx.graph.edge_associations(function)
        if not associations:
            return
        where = _where(associations)
        document, owner = None, function
        role_value = function.get("Role")
        if role_value is not None:
            role = ctx.graph.target(role_value)
            if role is None or role.type != "AWS::IAM::Role":
                return
            document, owner = role.get("AssumeRolePolicyDocument"), role
        elif function.is_sam:
            document = function.get("AssumeRolePolicyDocument")
            if document is None:
                ctx.report(function, "generated_role", function=function.logical_id, where=where)
                return
        if document is None:
            return
        principals = trusted_services(document.resolved())
        if principals is None:
            return
        missing = [p for p in self.REQUIRED_PRINCIPALS if p not in principals]
        if missing:
            label = (
                f"AssumeRolePolicyDocument of {owner.logical_id}"
                if owner is not function
                else "AssumeRolePolicyDocument"
            )
            ctx.report(
                document,
                "missing",
                document=label,
                missing=" and ".join(missing),
                function=function.logical_id,
                required=" and ".join(self.REQUIRED_PRINCIPALS),
                where=where,
                resource=owner,
            )
