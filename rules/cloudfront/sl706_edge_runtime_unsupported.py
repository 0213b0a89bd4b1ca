from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

from ._shared import EDGE_RESTRICTIONS, _where


class EdgeRuntime(Rule):
    """
    ## What it does
    Checks that a function a distribution in this template associates uses a Node.js or
    Python runtime (after SAM merges `Globals`).
    ## Why is this bad?
    Lambda@Edge supports only Node.js and Python runtimes; CloudFront rejects the association
    of a function on any other runtime.
    ## Example
    ```yaml
    EdgeFn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: edge/
        Handler: example.Handler::handleRequest
        Runtime: java21
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
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
    """

    id = "SL706"
    name = "edge-runtime-unsupported"
    aliases = ("edge-runtime",)
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = EDGE_RESTRICTIONS
    SUPPORTED_PREFIXES = ("nodejs", "python")
    messages = {
        "unsupported": "Runtime {value} is not supported by Lambda@Edge, which runs Node.js and Python only ({where})"
    }

    def check_resource(self, function, ctx):
        associations = ctx.graph.edge_associations(function)
        if not associations:
            return
        for runtime in function.each("Runtime"):
            if isinstance(runtime.value, str) and not runtime.value.startswith(self.SUPPORTED_PREFIXES):
                ctx.report(runtime, "unsupported", value=runtime.value, where=_where(associations))
