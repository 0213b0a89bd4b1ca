from __future__ import annotations

from slint.rule import Message, Rule, Severity

from ._shared import VIEWER_EVENTS, _associations, behavior_paths


class CloudFrontAssociationRules(Rule):
    """
    ## What it does
    Checks each cache behavior's function associations: at most four
    `LambdaFunctionAssociations`, one per event type; `FunctionAssociations` (CloudFront
    Functions) only on `viewer-request`/`viewer-response`, one per event type; not a CloudFront
    Function and a Lambda@Edge function on the same event type; and `IncludeBody: true` only
    on `viewer-request`/`origin-request`. Combining the two kinds across the two viewer events
    of one behavior is a warning only.
    ## Why is this bad?
    CloudFront rejects these configurations and the distribution fails to deploy.
    ## Example
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
              - EventType: origin-request
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
    - https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_LambdaFunctionAssociations.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-functionassociation.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html
    """

    id = "SL708"
    name = "cf-associations-invalid"
    aliases = ("cf-association-rules",)
    severity = Severity.ERROR
    resource_types = ("AWS::CloudFront::Distribution",)
    source_url = "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_LambdaFunctionAssociations.html"
    MAX_LAMBDA_ASSOCIATIONS = 4
    FUNCTION_EVENTS = VIEWER_EVENTS
    BODY_EVENTS = ("viewer-request", "origin-request")
    messages = {
        "too_many": (
            "LambdaFunctionAssociations lists {count} functions; a cache behavior takes at most {limit}, one per event "
            "type"
        ),
        "duplicate_event": (
            "EventType {event} appears twice in this cache behavior's {property}; each event type takes one function"
        ),
        "function_event": (
            "EventType {event} on a CloudFront Function; CloudFront Functions run only on viewer-request and "
            "viewer-response"
        ),
        "both_kinds": (
            "EventType {event} has both a CloudFront Function and a Lambda@Edge function in this cache behavior; an "
            "event type takes one function"
        ),
        "mixed_viewer": Message(
            "This cache behavior runs a CloudFront Function on {function_event} and Lambda@Edge on {lambda_event}; "
            "AWS documents that the two cannot be combined in viewer events",
            Severity.WARNING,
        ),
        "include_body": (
            "IncludeBody is true on a {event} association; only viewer-request and origin-request functions can "
            "receive the body"
        ),
    }

    def check_resource(self, distribution, ctx):
        for behavior in behavior_paths(distribution):
            lambdas = _associations(distribution, behavior, "LambdaFunctionAssociations")
            functions = _associations(distribution, behavior, "FunctionAssociations")
            if len(lambdas) > self.MAX_LAMBDA_ASSOCIATIONS:
                ctx.report(
                    distribution.get(*behavior, "LambdaFunctionAssociations"),
                    "too_many",
                    count=len(lambdas),
                    limit=self.MAX_LAMBDA_ASSOCIATIONS,
                )
            for prop, associations in (("LambdaFunctionAssociations", lambdas), ("FunctionAssociations", functions)):
                seen = set()
                for path, event in associations:
                    if event is None:
                        continue
                    if event in seen:
                        ctx.report(distribution.get(*path, "EventType"), "duplicate_event", event=event, property=prop)
                    seen.add(event)
            lambda_events = {event for _, event in lambdas if event}
            for path, event in functions:
                if event is None:
                    continue
                if event not in self.FUNCTION_EVENTS:
                    ctx.report(distribution.get(*path, "EventType"), "function_event", event=event)
                elif event in lambda_events:
                    ctx.report(distribution.get(*path, "EventType"), "both_kinds", event=event)
                else:
                    other = [e for e in VIEWER_EVENTS if e in lambda_events and e != event]
                    if other:
                        ctx.report(
                            distribution.get(*path, "EventType"),
                            "mixed_viewer",
                            function_event=event,
                            lambda_event=other[0],
                        )
            for path, event in lambdas:
                if event is None or event in self.BODY_EVENTS:
                    continue
                for body in distribution.each(*path, "IncludeBody"):
                    if body.boolean:
                        ctx.report(body, "include_body", event=event)
