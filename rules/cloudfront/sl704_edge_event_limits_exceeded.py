from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity, resolve_artifact

from ._shared import CF_QUOTAS, VIEWER_EVENTS, _where

ORIGIN_EVENTS = ("origin-request", "origin-response")


class EdgeEventLimits(Rule):
    """
    ## What it does
    Checks a Lambda@Edge function against the quotas of the events it is associated with,
    after SAM merges `Globals`: viewer-request/viewer-response functions allow `MemorySize` up
    to 128 MB, `Timeout` up to 5 s and a 1 MB compressed package; origin-request/origin-response
    functions allow `Timeout` up to 30 s and a 50 MB compressed package. The package is
    measured only when `CodeUri`/`Code` names a local `.zip` (a directory's compressed size is
    not known before packaging).
    ## Why is this bad?
    CloudFront rejects the association and the deployment fails. A `Globals` `Timeout: 30` that
    suits every other function breaks viewer functions.
    ## Example
    ```yaml
    Globals:
      Function:
        Timeout: 30
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
    Globals:
      Function:
        Timeout: 30
    Resources:
      EdgeFn:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: edge/
          Handler: index.handler
          Runtime: nodejs22.x
          AutoPublishAlias: live
          Timeout: 5
          MemorySize: 128
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
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
    """

    id = "SL704"
    name = "edge-event-limits-exceeded"
    aliases = ("edge-event-limits",)
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = CF_QUOTAS
    VIEWER_MAX_MEMORY_MB = 128
    VIEWER_MAX_TIMEOUT = 5
    ORIGIN_MAX_TIMEOUT = 30
    VIEWER_MAX_PACKAGE_BYTES = 1_048_576  # 1 MB compressed
    ORIGIN_MAX_PACKAGE_BYTES = 52_428_800  # 50 MB compressed
    messages = {
        "timeout": "Timeout {value} exceeds the {limit}-second maximum for {kind} events ({where})",
        "memory": "MemorySize {value} exceeds the {limit} MB maximum for {kind} events ({where})",
        "package": "{property} {path} is {size:,} bytes compressed; {kind} events allow {limit:,} bytes ({where})",
    }

    def check_resource(self, function, ctx):
        associations = ctx.graph.edge_associations(function)
        viewer = [a for a in associations if a.event_type in VIEWER_EVENTS]
        origin = [a for a in associations if a.event_type in ORIGIN_EVENTS]
        if viewer:
            self._check(function, ctx, viewer, "viewer", self.VIEWER_MAX_TIMEOUT, self.VIEWER_MAX_PACKAGE_BYTES)
            for memory in function.each("MemorySize"):
                if memory.number is not None and memory.number > self.VIEWER_MAX_MEMORY_MB:
                    ctx.report(
                        memory,
                        "memory",
                        value=memory.describe(),
                        limit=self.VIEWER_MAX_MEMORY_MB,
                        kind="viewer",
                        where=_where(viewer),
                    )
        if origin:
            self._check(function, ctx, origin, "origin", self.ORIGIN_MAX_TIMEOUT, self.ORIGIN_MAX_PACKAGE_BYTES)

    def _check(self, function, ctx, associations, kind, max_timeout, max_package):
        where = _where(associations)
        for timeout in function.each("Timeout"):
            if timeout.number is not None and timeout.number > max_timeout:
                ctx.report(timeout, "timeout", value=timeout.describe(), limit=max_timeout, kind=kind, where=where)
        if ctx.template.base_dir is None:
            return
        for artifact in ctx.graph.artifacts(function):
            path = artifact.path
            if path is None or not path.lower().endswith(".zip"):
                continue
            try:
                size = resolve_artifact(ctx.template.base_dir, path).stat().st_size
            except OSError:
                continue  # a missing package is lambda-package-size's finding
            if size > max_package:
                ctx.report(
                    artifact.value,
                    "package",
                    property=artifact.property,
                    path=path,
                    size=size,
                    limit=max_package,
                    kind=kind,
                    where=where,
                )
