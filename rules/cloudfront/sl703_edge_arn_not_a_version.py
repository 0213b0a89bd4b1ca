from __future__ import annotations

from slint.aws import FUNCTION_TYPES, arn_parts
from slint.rule import Rule, Severity, getatt, intrinsic, ref_name

from ._shared import EDGE_RESTRICTIONS


def _getatt_beyond_arn(value) -> bool:
    """`!GetAtt Fn.Version.FunctionArn` and other attributes than `Arn`: not a plain function ARN."""
    if intrinsic(value) != "Fn::GetAtt":
        return False
    named = getatt(value)
    return named is None or named[1] != "Arn"


class EdgeVersionArn(Rule):
    """
    ## What it does
    Checks that each `LambdaFunctionAssociations[].LambdaFunctionARN` names a numbered
    function version: a `!Ref` to an `AWS::Lambda::Version`, SAM's `!Ref Fn.Version` (which
    needs `AutoPublishAlias` on the function), or a literal ARN ending in `:<number>`. It flags
    the function itself (`!Ref Fn`, `!GetAtt Fn.Arn`), an alias (`!Ref Fn.Alias`, an
    `AWS::Lambda::Alias`), `$LATEST`, and ARNs without a qualifier.
    ## Why is this bad?
    CloudFront requires a numbered version of the function, not `$LATEST` or an alias; the
    distribution fails to deploy otherwise.
    ## Example
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
                LambdaFunctionARN: !GetAtt EdgeFn.Arn
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
    ## Fix safety
    Unsafe: when the association names a SAM function (`!Ref EdgeFn`, `!GetAtt EdgeFn.Arn`)
    that has `AutoPublishAlias`, the fix writes `!Ref EdgeFn.Version`, the version SAM
    publishes; the distribution then serves that version and follows each new one on deploy.
    Other cases (no `AutoPublishAlias`, an alias, a literal ARN) have no single right version.
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
    """

    id = "SL703"
    name = "edge-arn-not-a-version"
    aliases = ("edge-version-arn",)
    severity = Severity.ERROR
    resource_types = ("AWS::CloudFront::Distribution",)
    source_url = EDGE_RESTRICTIONS
    fix_safety = "unsafe"
    messages = {
        "unqualified": (
            "LambdaFunctionARN names {target} without a version; Lambda@Edge needs a numbered version (for example "
            "!Ref {hint}.Version with AutoPublishAlias)"
        ),
        "alias": "LambdaFunctionARN names alias {target}; Lambda@Edge needs a numbered version, not an alias",
        "latest": "LambdaFunctionARN {target} uses $LATEST; Lambda@Edge needs a numbered version",
        "no_version": (
            "LambdaFunctionARN !Ref {target} needs AutoPublishAlias on {function}; without it SAM creates no version "
            "to refer to"
        ),
    }

    def check_resource(self, distribution, ctx):
        graph = ctx.graph
        for association in graph.edge_associations(distribution=distribution):
            arn = association.arn
            name, ref = intrinsic(arn), ref_name(arn)
            if ref is not None and "." in ref:
                base, _, suffix = ref.partition(".")
                function = association.function
                if function is None or function.logical_id != base:
                    continue
                if suffix == "Alias":
                    ctx.report(arn, "alias", target=ref)
                elif suffix == "Version" and association.version is None:
                    ctx.report(arn, "no_version", target=ref, function=base)
                continue
            if name in ("Ref", "Fn::GetAtt"):
                target = graph.target(arn)
                if target is None or _getatt_beyond_arn(arn):
                    continue
                if target.type in FUNCTION_TYPES:
                    ctx.report(
                        arn,
                        "unqualified",
                        target=target.logical_id,
                        hint=target.logical_id,
                        fix=_version_fix(arn, target, ctx),
                    )
                elif target.type == "AWS::Lambda::Alias":
                    ctx.report(arn, "alias", target=target.logical_id)
                continue
            for option in arn.possibilities():
                self._check_literal(option, ctx)

    def _check_literal(self, option, ctx):
        text = option.value
        parts = arn_parts(text)
        if parts is None or parts[2] != "lambda":
            return
        resource = parts[5].split(":")  # function:name[:qualifier]
        if len(resource) < 2 or resource[0] != "function":
            return
        if len(resource) == 2:
            ctx.report(option, "unqualified", target=text, hint="Fn")
        elif resource[2] == "$LATEST":
            ctx.report(option, "latest", target=text)
        elif not resource[2].isdigit():
            ctx.report(option, "alias", target=text)


def _version_fix(arn, function, ctx):
    """``!Ref Fn.Version`` for a SAM function that publishes versions (AutoPublishAlias)."""
    if not function.is_sam or not function.has("AutoPublishAlias"):
        return None
    version = f"{function.logical_id}.Version"
    return ctx.replace_node(arn, f"!Ref {version}", f'{{"Ref": "{version}"}}', f"Use !Ref {version}")
