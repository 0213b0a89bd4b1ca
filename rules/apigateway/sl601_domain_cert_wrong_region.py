from __future__ import annotations

from slint.rule import Message, Rule, Severity, checks, entry

from .._certificates import check_certificate_region

_EDGE_REASON = "an edge-optimized custom domain uses a certificate in us-east-1"
_REGIONAL_REASON = "a regional custom domain uses a certificate in the API's own region"


class ApiDomainCertificateRegion(Rule):
    """
    ## What it does
    Checks the region of the ACM certificate of an API custom domain: an edge-optimized domain
    needs a certificate in us-east-1; a regional domain (and every HTTP API domain) needs one
    in the stack's region. Covers `AWS::ApiGateway::DomainName` (whose endpoint defaults to
    EDGE), SAM `Api`'s `Domain` (whose `EndpointConfiguration` defaults to REGIONAL), SAM
    `HttpApi`'s `Domain` and `AWS::ApiGatewayV2::DomainName`. It also flags the certificate
    property that does not match the endpoint type (`CertificateArn` for EDGE,
    `RegionalCertificateArn` for REGIONAL). A certificate created in the same stack lives in
    the stack's region; when that region is unknown (no `--region`, samconfig or `AWS_REGION`)
    the finding is only informational.
    ## Why is this bad?
    API Gateway rejects the domain name and the deployment fails.
    ## Example
    ```yaml
    Domain:
      Type: AWS::ApiGateway::DomainName
      Properties:
        DomainName: api.example.com
        CertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
    ```
    ## Use instead
    ```yaml
    Domain:
      Type: AWS::ApiGateway::DomainName
      Properties:
        DomainName: api.example.com
        CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
    ```
    ## References
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains-prerequisites.html
    - https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-edge-optimized-custom-domain-name.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-domainconfiguration.html
    """

    id = "SL601"
    name = "apigw-domain-cert-wrong-region"
    aliases = ("apigw-domain-cert-region",)
    severity = Severity.ERROR
    resource_types = (
        "AWS::ApiGateway::DomainName",
        "AWS::Serverless::Api",
        "AWS::Serverless::HttpApi",
        "AWS::ApiGatewayV2::DomainName",
    )
    source_url = "https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains-prerequisites.html"
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
        "wrong_property": (
            "{present} is set but the endpoint type is {endpoint}; {endpoint} custom domains take {expected}"
        ),
    }

    @checks("AWS::Serverless::HttpApi")
    def check_http_api(self, api, ctx):
        cert = api.get("Domain", "CertificateArn")
        if cert is not None:
            check_certificate_region(ctx, cert, required=None, reason=_REGIONAL_REASON, prop="Domain.CertificateArn")

    @checks("AWS::ApiGatewayV2::DomainName")
    def check_http_domain(self, domain, ctx):
        for config in domain.items("DomainNameConfigurations") or []:
            if isinstance(config.value, dict) and "CertificateArn" in config.value:
                cert = entry(config, "CertificateArn")
                check_certificate_region(ctx, cert, required=None, reason=_REGIONAL_REASON, prop="CertificateArn")

    @checks("AWS::ApiGateway::DomainName")
    def check_rest_domain(self, domain, ctx):
        for types in domain.each("EndpointConfiguration", "Types"):
            if not isinstance(types.value, list) or len(types.value) != 1:
                continue
            endpoint = str(entry(types, 0).value).upper()
            edge_cert, regional_cert = domain.get("CertificateArn"), domain.get("RegionalCertificateArn")
            if endpoint == "EDGE":
                if edge_cert is not None:
                    check_certificate_region(
                        ctx, edge_cert, required="us-east-1", reason=_EDGE_REASON, prop="CertificateArn"
                    )
                elif regional_cert is not None:
                    ctx.report(
                        regional_cert,
                        "wrong_property",
                        present="RegionalCertificateArn",
                        endpoint="EDGE",
                        expected="CertificateArn",
                    )
            elif endpoint == "REGIONAL":
                if regional_cert is not None:
                    check_certificate_region(
                        ctx, regional_cert, required=None, reason=_REGIONAL_REASON, prop="RegionalCertificateArn"
                    )
                elif edge_cert is not None:
                    ctx.report(
                        edge_cert,
                        "wrong_property",
                        present="CertificateArn",
                        endpoint="REGIONAL",
                        expected="RegionalCertificateArn",
                    )

    @checks("AWS::Serverless::Api")
    def check_sam_api(self, api, ctx):
        cert = api.get("Domain", "CertificateArn")
        if cert is None:
            return
        for endpoint in api.each("Domain", "EndpointConfiguration"):
            if not isinstance(endpoint.value, str):
                continue
            if endpoint.value.upper() == "EDGE":
                check_certificate_region(
                    ctx, cert, required="us-east-1", reason=_EDGE_REASON, prop="Domain.CertificateArn"
                )
            elif endpoint.value.upper() == "REGIONAL":
                check_certificate_region(
                    ctx, cert, required=None, reason=_REGIONAL_REASON, prop="Domain.CertificateArn"
                )
