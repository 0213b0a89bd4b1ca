from __future__ import annotations

from slint.rule import Message, Rule, Severity

from .._certificates import check_certificate_region


class CloudFrontViewerCertificateRegion(Rule):
    """
    ## What it does
    Checks that a distribution's `ViewerCertificate.AcmCertificateArn` is an ACM certificate in
    us-east-1. A certificate created in the same stack lives in the stack's region, so the stack
    must deploy to us-east-1; when the region is unknown that finding is only informational.
    ## Why is this bad?
    CloudFront reads ACM certificates only from US East (N. Virginia); the distribution fails to
    create or update with a certificate from any other region.
    ## Example
    ```yaml
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
          ViewerCertificate:
            AcmCertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
            SslSupportMethod: sni-only
    ```
    ## Use instead
    ```yaml
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
          ViewerCertificate:
            AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
            SslSupportMethod: sni-only
    ```
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html
    - https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html
    """

    id = "SL701"
    name = "cf-viewer-cert-wrong-region"
    aliases = ("cf-viewer-cert-region",)
    severity = Severity.ERROR
    resource_types = ("AWS::CloudFront::Distribution",)
    source_url = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html"
    messages = {
        "wrong_region": "{property} is a certificate in {cert_region}, not {required}: {reason}",
        "stack_region": (
            "{property} refers to certificate {cert}, created by this stack in {region}, not {required}: {reason}"
        ),
        "stack_region_unknown": Message(
            "{property} refers to certificate {cert}, created by this stack: {reason}, so the stack must deploy to "
            "{required} (region unknown; pass --region to check)",
            Severity.INFO,
        ),
    }

    def check_resource(self, distribution, ctx):
        cert = distribution.get("DistributionConfig", "ViewerCertificate", "AcmCertificateArn")
        if cert is not None:
            check_certificate_region(
                ctx,
                cert,
                required="us-east-1",
                reason="CloudFront uses certificates in us-east-1 only",
                prop="AcmCertificateArn",
            )
