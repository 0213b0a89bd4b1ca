from __future__ import annotations

from slint.aws import arn_region, arn_service
from slint.rule import Message, Rule, Severity

from ._shared import EDGE_RESTRICTIONS

EDGE_REGION = "us-east-1"


class EdgeRegion(Rule):
    """
    ## What it does
    For each `LambdaFunctionAssociations[].LambdaFunctionARN` of a distribution: when the ARN
    names a function defined in this template, checks that the stack deploys to us-east-1;
    when it is a literal ARN, checks that its region is us-east-1. When the stack's region is
    unknown (no `--region`, samconfig or environment), the finding is only informational.
    ## Why is this bad?
    CloudFront accepts Lambda@Edge functions only from US East (N. Virginia); associating a
    function from any other region fails the distribution update.
    ## Example
    ```yaml
    # slint lint --region eu-west-1 template.yaml
    EdgeFn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: edge/
        Handler: index.handler
        Runtime: nodejs22.x
        AutoPublishAlias: live
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
    # slint lint --region us-east-1 template.yaml
    EdgeFn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: edge/
        Handler: index.handler
        Runtime: nodejs22.x
        AutoPublishAlias: live
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
    Deploy the edge functions in a us-east-1 stack; a regional stack can reference their version
    ARNs (for example through an SSM parameter).
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
    """

    id = "SL702"
    name = "edge-function-wrong-region"
    aliases = ("edge-region",)
    severity = Severity.ERROR
    resource_types = ("AWS::CloudFront::Distribution",)
    source_url = EDGE_RESTRICTIONS
    messages = {
        "stack_region": (
            "LambdaFunctionARN refers to {function}, created by this stack in {region}; Lambda@Edge functions must be "
            "in {required}"
        ),
        "stack_region_unknown": Message(
            "LambdaFunctionARN refers to {function}, created by this stack, so the stack must deploy to {required} "
            "(region unknown; pass --region to check)",
            Severity.INFO,
        ),
        "wrong_region": "LambdaFunctionARN is a function in {arn_region}; Lambda@Edge functions must be in {required}",
    }

    def check_resource(self, distribution, ctx):
        for association in ctx.graph.edge_associations(distribution=distribution):
            if association.function is not None:
                if ctx.region is None:
                    ctx.report(
                        association.arn,
                        "stack_region_unknown",
                        function=association.function.logical_id,
                        required=EDGE_REGION,
                    )
                elif ctx.region != EDGE_REGION:
                    ctx.report(
                        association.arn,
                        "stack_region",
                        function=association.function.logical_id,
                        region=ctx.region,
                        required=EDGE_REGION,
                    )
                continue
            for option in association.arn.possibilities():
                region = arn_region(option.value)
                if region is not None and arn_service(option.value) == "lambda" and region != EDGE_REGION:
                    ctx.report(option, "wrong_region", arn_region=region, required=EDGE_REGION)
