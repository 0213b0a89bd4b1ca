from __future__ import annotations

from slint.rule import Rule, Severity

from ._shared import CF_FUNCTION_TYPE, _associations, behavior_paths


class CloudFrontFunctionPublished(Rule):
    """
    ## What it does
    Checks that every `FunctionAssociations[].FunctionARN` of a distribution that names an
    `AWS::CloudFront::Function` in this template refers to a function with `AutoPublish: true`.
    ## Why is this bad?
    A function must be published to the LIVE stage before a distribution can use it; without
    `AutoPublish` it stays in DEVELOPMENT and the distribution fails to deploy.
    ## Example
    ```yaml
    Rewrite:
      Type: AWS::CloudFront::Function
      Properties:
        Name: rewrite
        FunctionCode: "function handler(event) { return event.request; }"
        FunctionConfig: {Comment: rewrite, Runtime: cloudfront-js-2.0}
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
            FunctionAssociations:
              - EventType: viewer-request
                FunctionARN: !GetAtt Rewrite.FunctionARN
    ```
    ## Use instead
    ```yaml
    Rewrite:
      Type: AWS::CloudFront::Function
      Properties:
        Name: rewrite
        AutoPublish: true
        FunctionCode: "function handler(event) { return event.request; }"
        FunctionConfig: {Comment: rewrite, Runtime: cloudfront-js-2.0}
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
            FunctionAssociations:
              - EventType: viewer-request
                FunctionARN: !GetAtt Rewrite.FunctionARN
    ```
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/associate-function.html
    """

    id = "SL710"
    name = "cf-function-unpublished"
    aliases = ("cf-function-published",)
    severity = Severity.ERROR
    resource_types = ("AWS::CloudFront::Distribution",)
    source_url = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/associate-function.html"
    messages = {
        "unpublished": (
            "FunctionARN refers to {function}, whose AutoPublish is {value}; a distribution can use only a function "
            "published to LIVE"
        )
    }

    def check_resource(self, distribution, ctx):
        for behavior in behavior_paths(distribution):
            for path, _event in _associations(distribution, behavior, "FunctionAssociations"):
                arn = distribution.get(*path, "FunctionARN")
                function = ctx.graph.target(arn) if arn is not None else None
                if function is None or function.type != CF_FUNCTION_TYPE:
                    continue
                publish = function.get("AutoPublish")
                if publish is None:
                    ctx.report(arn, "unpublished", function=function.logical_id, value="not set")
                elif publish.known and publish.boolean is False:
                    ctx.report(arn, "unpublished", function=function.logical_id, value=publish.describe())
