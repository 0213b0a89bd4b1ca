from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

from ._shared import EDGE_RESTRICTIONS, _where


def _present(value) -> bool:
    return value is not None and value.known and not value.is_default and value.value not in ({}, [], "")


class EdgeUnsupportedFeatures(Rule):
    """
    ## What it does
    Flags Lambda features that Lambda@Edge does not support on a function a distribution in
    this template associates, evaluated after SAM merges `Globals`: environment variables
    (`Environment.Variables`, often inherited from `Globals`), `VpcConfig`, a dead-letter queue
    (`DeadLetterQueue`/`DeadLetterConfig`), `Layers`, `ReservedConcurrentExecutions`,
    `ProvisionedConcurrencyConfig`, active X-Ray tracing (`Tracing`/`TracingConfig.Mode`),
    container images (`PackageType: Image`), `arm64`, `EphemeralStorage.Size` above 512 MB,
    and a `RuntimeManagementConfig.UpdateRuntimeOn` other than `Auto`.
    ## Why is this bad?
    CloudFront rejects the association of a function that uses any of these features, so the
    distribution fails to deploy.
    ## Example
    ```yaml
    Globals:
      Function:
        Environment:
          Variables: {TABLE: !Ref Table}
    Resources:
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
    Resources:
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
    Keep edge functions out of `Globals` settings that do not apply to them (or move the
    shared settings onto the regional functions), and put configuration in the code.
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
    """

    id = "SL705"
    name = "edge-unsupported-features"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = EDGE_RESTRICTIONS
    MAX_EPHEMERAL_MB = 512
    messages = {
        "unsupported": "{property} {detail}is not supported by Lambda@Edge ({where})",
    }

    def check_resource(self, function, ctx):
        associations = ctx.graph.edge_associations(function)
        if not associations:
            return
        where = _where(associations)

        def report(value, prop, detail=""):
            ctx.report(value, "unsupported", property=prop, detail=detail, where=where)

        for variables in function.each("Environment", "Variables"):
            if isinstance(variables.value, dict) and variables.value:
                report(variables, "Environment.Variables", f"({len(variables.value)} variables) ")
        for prop in (
            "VpcConfig",
            "DeadLetterQueue",
            "DeadLetterConfig",
            "ReservedConcurrentExecutions",
            "ProvisionedConcurrencyConfig",
            "Layers",
        ):
            value = function.get(prop)
            if _present(value):
                report(value, prop)
        for prop in (("Tracing",), ("TracingConfig", "Mode")):
            for tracing in function.each(*prop):
                if tracing.value == "Active":
                    report(tracing, ".".join(prop), "Active ")
        for package in function.each("PackageType"):
            if package.value == "Image" and not package.is_default:
                report(package, "PackageType", "Image ")
        for architectures in function.each("Architectures"):
            if isinstance(architectures.value, list) and "arm64" in architectures.value:
                report(architectures, "Architectures", "arm64 ")
        for size in function.each("EphemeralStorage", "Size"):
            if size.number is not None and size.number > self.MAX_EPHEMERAL_MB:
                report(size, "EphemeralStorage.Size", f"{size.describe()} (above {self.MAX_EPHEMERAL_MB} MB) ")
        for mode in function.each("RuntimeManagementConfig", "UpdateRuntimeOn"):
            if isinstance(mode.value, str) and mode.value != "Auto":
                report(mode, "RuntimeManagementConfig.UpdateRuntimeOn", f"{mode.value} ")
