"""CloudFront distributions, Lambda@Edge and CloudFront Functions."""

from __future__ import annotations

from slint.artifacts import resolve_artifact
from slint.aws import FUNCTION_TYPES, arn_parts, arn_region, arn_service
from slint.nodes import intrinsic_name
from slint.rule import Rule, Severity
from slint.values import UNKNOWN

from ._certificates import check_certificate_region


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
    ViewerCertificate:
      AcmCertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
      SslSupportMethod: sni-only
    ```
    ## Use instead
    ```yaml
    ViewerCertificate:
      AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
      SslSupportMethod: sni-only
    ```
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html
    - https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html
    """

    id = "SL701"
    name = "cf-viewer-cert-region"
    severity = Severity.ERROR
    resource_types = ("AWS::CloudFront::Distribution",)
    source_url = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html"
    messages = {
        "wrong_region": "{property} is a certificate in {cert_region}, not {required}: {reason}",
        "stack_region": "{property} refers to certificate {cert}, created by this stack in {region}, not {required}: {reason}",
        "stack_region_unknown": "{property} refers to certificate {cert}, created by this stack: {reason}, so the stack must deploy to {required} (region unknown; pass --region to check)",
    }

    def check_resource(self, distribution, ctx):
        cert = distribution.get("DistributionConfig", "ViewerCertificate", "AcmCertificateArn")
        if cert is not None:
            check_certificate_region(ctx, cert, required="us-east-1", reason="CloudFront uses certificates in us-east-1 only", prop="AcmCertificateArn")


# ---------------------------------------------------------------------------------------------
# Lambda@Edge: functions a distribution in this template associates with a cache behavior

_EDGE_RESTRICTIONS = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html"
_CF_QUOTAS = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html"
EDGE_REGION = "us-east-1"
VIEWER_EVENTS = ("viewer-request", "viewer-response")
ORIGIN_EVENTS = ("origin-request", "origin-response")


def _where(associations) -> str:
    """"viewer-request association on Cdn" — names the event type(s) and the distribution(s)."""
    parts = []
    for association in associations:
        part = f"{association.event_type or 'an'} association on {association.distribution.logical_id}"
        if part not in parts:
            parts.append(part)
    return ", ".join(parts)


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
    # deployed with --region eu-west-1
    LambdaFunctionAssociations:
      - EventType: viewer-request
        LambdaFunctionARN: !Ref EdgeFn.Version
    ```
    ## Use instead
    Deploy the edge functions in a us-east-1 stack, and reference their version ARNs (for
    example through an SSM parameter) from the regional stack.
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
    """

    id = "SL702"
    name = "edge-region"
    severity = Severity.ERROR
    resource_types = ("AWS::CloudFront::Distribution",)
    source_url = _EDGE_RESTRICTIONS
    messages = {
        "stack_region": "LambdaFunctionARN refers to {function}, created by this stack in {region}; Lambda@Edge functions must be in {required}",
        "stack_region_unknown": "LambdaFunctionARN refers to {function}, created by this stack, so the stack must deploy to {required} (region unknown; pass --region to check)",
        "wrong_region": "LambdaFunctionARN is a function in {arn_region}; Lambda@Edge functions must be in {required}",
    }

    def check_resource(self, distribution, ctx):
        for association in ctx.graph.edge_associations(distribution=distribution):
            if association.function is not None:
                if ctx.region is None:
                    ctx.report(association.arn, "stack_region_unknown", function=association.function.logical_id, required=EDGE_REGION, severity=Severity.INFO)
                elif ctx.region != EDGE_REGION:
                    ctx.report(association.arn, "stack_region", function=association.function.logical_id, region=ctx.region, required=EDGE_REGION)
                continue
            for option in association.arn.possibilities():
                region = arn_region(option.value)
                if region is not None and arn_service(option.value) == "lambda" and region != EDGE_REGION:
                    ctx.report(option, "wrong_region", arn_region=region, required=EDGE_REGION)


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
    LambdaFunctionARN: !GetAtt EdgeFn.Arn
    ```
    ## Use instead
    ```yaml
    EdgeFn:
      Type: AWS::Serverless::Function
      Properties:
        AutoPublishAlias: live
    # …
    LambdaFunctionARN: !Ref EdgeFn.Version
    ```
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
    """

    id = "SL703"
    name = "edge-version-arn"
    severity = Severity.ERROR
    resource_types = ("AWS::CloudFront::Distribution",)
    source_url = _EDGE_RESTRICTIONS
    messages = {
        "unqualified": "LambdaFunctionARN names {target} without a version; Lambda@Edge needs a numbered version (for example !Ref {hint}.Version with AutoPublishAlias)",
        "alias": "LambdaFunctionARN names alias {target}; Lambda@Edge needs a numbered version, not an alias",
        "latest": "LambdaFunctionARN {target} uses $LATEST; Lambda@Edge needs a numbered version",
        "no_version": "LambdaFunctionARN !Ref {target} needs AutoPublishAlias on {function}; without it SAM creates no version to refer to",
    }

    def check_resource(self, distribution, ctx):
        graph = ctx.graph
        for association in graph.edge_associations(distribution=distribution):
            arn = association.arn
            raw = arn.raw
            name = intrinsic_name(raw)
            if name == "Ref" and isinstance(raw["Ref"], str) and "." in raw["Ref"]:
                base, _, suffix = raw["Ref"].partition(".")
                function = association.function
                if function is None or function.logical_id != base:
                    continue
                if suffix == "Alias":
                    ctx.report(arn, "alias", target=raw["Ref"])
                elif suffix == "Version" and association.version is None:
                    ctx.report(arn, "no_version", target=raw["Ref"], function=base)
                continue
            if name in ("Ref", "Fn::GetAtt"):
                target = graph.target(raw)
                if target is None or _getatt_beyond_arn(raw):
                    continue
                if target.type in FUNCTION_TYPES:
                    ctx.report(arn, "unqualified", target=target.logical_id, hint=target.logical_id)
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


def _getatt_beyond_arn(raw) -> bool:
    """`!GetAtt Fn.Version.FunctionArn` and other attributes than `Arn`: not a plain function ARN."""
    if intrinsic_name(raw) != "Fn::GetAtt":
        return False
    args = raw["Fn::GetAtt"]
    parts = args if isinstance(args, list) else str(args).split(".", 1)
    return len(parts) != 2 or parts[1] != "Arn"


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
    # EdgeFn is associated as viewer-request
    ```
    ## Use instead
    ```yaml
    EdgeFn:
      Type: AWS::Serverless::Function
      Properties:
        Timeout: 5
        MemorySize: 128
    ```
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
    """

    id = "SL704"
    name = "edge-event-limits"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = _CF_QUOTAS
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
                    ctx.report(memory, "memory", value=memory.describe(), limit=self.VIEWER_MAX_MEMORY_MB, kind="viewer", where=_where(viewer))
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
                ctx.report(artifact.value, "package", property=artifact.property, path=path, size=size, limit=max_package, kind=kind, where=where)


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
    # EdgeFn inherits the variables and is associated with a distribution
    ```
    ## Use instead
    Keep edge functions out of `Globals` settings that do not apply to them (or move the
    shared settings onto the regional functions), and put configuration in the code.
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
    """

    id = "SL705"
    name = "edge-unsupported-features"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = _EDGE_RESTRICTIONS
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
        for prop in ("VpcConfig", "DeadLetterQueue", "DeadLetterConfig", "ReservedConcurrentExecutions", "ProvisionedConcurrencyConfig", "Layers"):
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
        Runtime: java21
    ```
    ## Use instead
    ```yaml
    EdgeFn:
      Type: AWS::Serverless::Function
      Properties:
        Runtime: nodejs22.x
    ```
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
    """

    id = "SL706"
    name = "edge-runtime"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = _EDGE_RESTRICTIONS
    SUPPORTED_PREFIXES = ("nodejs", "python")
    messages = {"unsupported": "Runtime {value} is not supported by Lambda@Edge, which runs Node.js and Python only ({where})"}

    def check_resource(self, function, ctx):
        associations = ctx.graph.edge_associations(function)
        if not associations:
            return
        for runtime in function.each("Runtime"):
            if isinstance(runtime.value, str) and not runtime.value.startswith(self.SUPPORTED_PREFIXES):
                ctx.report(runtime, "unsupported", value=runtime.value, where=_where(associations))


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
        AutoPublishAlias: live      # no Role: SAM's role trusts lambda.amazonaws.com only
    ```
    ## Use instead
    ```yaml
    EdgeFn:
      Type: AWS::Serverless::Function
      Properties:
        AutoPublishAlias: live
        AssumeRolePolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action: sts:AssumeRole
              Principal:
                Service: [lambda.amazonaws.com, edgelambda.amazonaws.com]
    ```
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-edge-permissions.html
    """

    id = "SL707"
    name = "edge-role-trust"
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = _EDGE_RESTRICTIONS
    REQUIRED_PRINCIPALS = ("lambda.amazonaws.com", "edgelambda.amazonaws.com")
    messages = {
        "missing": "{document} does not let {missing} assume the role of {function}; Lambda@Edge needs {required} ({where})",
        "generated_role": "{function} has no Role, and the role SAM generates trusts only lambda.amazonaws.com; Lambda@Edge also needs edgelambda.amazonaws.com (set Role or AssumeRolePolicyDocument) ({where})",
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
            label = f"AssumeRolePolicyDocument of {owner.logical_id}" if owner is not function else "AssumeRolePolicyDocument"
            ctx.report(document, "missing", document=label, missing=" and ".join(missing), function=function.logical_id, required=" and ".join(self.REQUIRED_PRINCIPALS), where=where, resource=owner)


def trusted_services(document) -> set[str] | None:
    """Service principals an assume-role policy allows to call sts:AssumeRole; None when unknown."""
    if not isinstance(document, dict):
        return None
    statements = document.get("Statement")
    statements = [statements] if isinstance(statements, dict) else statements
    if not isinstance(statements, list):
        return None
    services: set[str] = set()
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect") is UNKNOWN:
            return None
        if statement.get("Effect") != "Allow":
            continue
        actions = statement.get("Action")
        actions = [actions] if isinstance(actions, str) else actions
        if not isinstance(actions, list) or not any(a in ("sts:AssumeRole", "sts:*", "*") for a in actions):
            continue
        principal = statement.get("Principal")
        if principal == "*":
            return None
        service = principal.get("Service") if isinstance(principal, dict) else None
        names = [service] if isinstance(service, str) else service if isinstance(service, list) else []
        if any(not isinstance(name, str) for name in names):
            return None
        services.update(names)
    return services


# ---------------------------------------------------------------------------------------------
# Cache behaviors and CloudFront Functions

_CF_FUNCTION_TYPE = "AWS::CloudFront::Function"


def _behavior_paths(distribution) -> list[tuple]:
    """Property paths of the default cache behavior and of each listed cache behavior."""
    paths = []
    if distribution.has("DistributionConfig", "DefaultCacheBehavior"):
        paths.append(("DistributionConfig", "DefaultCacheBehavior"))
    behaviors = distribution.get("DistributionConfig", "CacheBehaviors")
    if behaviors is not None and isinstance(behaviors.value, list):
        paths.extend(("DistributionConfig", "CacheBehaviors", index) for index in range(len(behaviors.value)))
    return paths


def _associations(distribution, behavior: tuple, prop: str) -> list[tuple[tuple, str | None]]:
    """(path, event type) of each item of a behavior's association list; the type None when unknown."""
    items = distribution.get(*behavior, prop)
    if items is None or not isinstance(items.value, list):
        return []
    out = []
    for index in range(len(items.value)):
        event = distribution.get(*behavior, prop, index, "EventType")
        out.append(((*behavior, prop, index), event.value if event is not None and isinstance(event.value, str) else None))
    return out


class CloudFrontAssociationRules(Rule):
    """
    ## What it does
    Checks each cache behavior's function associations: at most four
    `LambdaFunctionAssociations`, one per event type; `FunctionAssociations` (CloudFront
    Functions) only on `viewer-request`/`viewer-response`, one per event type; not a CloudFront
    Function and a Lambda@Edge function on the same event type; and `IncludeBody: true` only
    on `viewer-request`/`origin-request`. Combining the two kinds across the two viewer events
    of one behavior is a warning: AWS documented it as unsupported in 2023 and the current
    wording was not confirmed.
    ## Why is this bad?
    CloudFront rejects these configurations and the distribution fails to deploy.
    ## Example
    ```yaml
    FunctionAssociations:
      - EventType: origin-request
        FunctionARN: !GetAtt Rewrite.FunctionARN
    ```
    ## Use instead
    ```yaml
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
    name = "cf-association-rules"
    severity = Severity.ERROR
    resource_types = ("AWS::CloudFront::Distribution",)
    source_url = "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_LambdaFunctionAssociations.html"
    MAX_LAMBDA_ASSOCIATIONS = 4
    FUNCTION_EVENTS = VIEWER_EVENTS
    BODY_EVENTS = ("viewer-request", "origin-request")
    messages = {
        "too_many": "LambdaFunctionAssociations lists {count} functions; a cache behavior takes at most {limit}, one per event type",
        "duplicate_event": "EventType {event} appears twice in this cache behavior's {property}; each event type takes one function",
        "function_event": "EventType {event} on a CloudFront Function; CloudFront Functions run only on viewer-request and viewer-response",
        "both_kinds": "EventType {event} has both a CloudFront Function and a Lambda@Edge function in this cache behavior; an event type takes one function",
        "mixed_viewer": "This cache behavior runs a CloudFront Function on {function_event} and Lambda@Edge on {lambda_event}; AWS documents that the two cannot be combined in viewer events",
        "include_body": "IncludeBody is true on a {event} association; only viewer-request and origin-request functions can receive the body",
    }

    def check_resource(self, distribution, ctx):
        for behavior in _behavior_paths(distribution):
            lambdas = _associations(distribution, behavior, "LambdaFunctionAssociations")
            functions = _associations(distribution, behavior, "FunctionAssociations")
            if len(lambdas) > self.MAX_LAMBDA_ASSOCIATIONS:
                ctx.report(distribution.get(*behavior, "LambdaFunctionAssociations"), "too_many", count=len(lambdas), limit=self.MAX_LAMBDA_ASSOCIATIONS)
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
                        ctx.report(distribution.get(*path, "EventType"), "mixed_viewer", function_event=event, lambda_event=other[0], severity=Severity.WARNING)
            for path, event in lambdas:
                if event is None or event in self.BODY_EVENTS:
                    continue
                for body in distribution.each(*path, "IncludeBody"):
                    if body.boolean:
                        ctx.report(body, "include_body", event=event)


class CloudFrontFunctionCode(Rule):
    """
    ## What it does
    Checks an `AWS::CloudFront::Function`: `FunctionCode` at most 10 KB, `FunctionConfig.Runtime`
    one of `cloudfront-js-1.0` and `cloudfront-js-2.0`, and `KeyValueStoreAssociations` only
    with `cloudfront-js-2.0`.
    ## Why is this bad?
    CloudFront rejects a function over the size quota or on an unknown runtime, and key value
    stores are available only to the 2.0 runtime; the stack fails to create the function.
    ## Example
    ```yaml
    Rewrite:
      Type: AWS::CloudFront::Function
      Properties:
        FunctionConfig:
          Runtime: cloudfront-js-1.0
          KeyValueStoreAssociations: [{KeyValueStoreARN: !GetAtt Store.Arn}]
    ```
    ## Use instead
    ```yaml
        FunctionConfig:
          Runtime: cloudfront-js-2.0
    ```
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudfront-function.html
    """

    id = "SL709"
    name = "cf-function-code"
    severity = Severity.ERROR
    resource_types = (_CF_FUNCTION_TYPE,)
    source_url = _CF_QUOTAS
    MAX_CODE_BYTES = 10_240
    RUNTIMES = ("cloudfront-js-1.0", "cloudfront-js-2.0")
    KVS_RUNTIME = "cloudfront-js-2.0"
    messages = {
        "code_size": "FunctionCode is {size:,} bytes; CloudFront Functions allow {limit:,} bytes (10 KB)",
        "runtime": "FunctionConfig.Runtime {value} is not a CloudFront Functions runtime ({allowed})",
        "kvs_runtime": "KeyValueStoreAssociations need Runtime {required}; this function uses {value}",
    }

    def check_resource(self, function, ctx):
        for code in function.each("FunctionCode"):
            if isinstance(code.value, str):
                size = len(code.value.encode("utf-8"))
                if size > self.MAX_CODE_BYTES:
                    ctx.report(code, "code_size", size=size, limit=self.MAX_CODE_BYTES)
        has_stores = bool(function.items("FunctionConfig", "KeyValueStoreAssociations"))
        for runtime in function.each("FunctionConfig", "Runtime"):
            if not isinstance(runtime.value, str):
                continue
            if runtime.value not in self.RUNTIMES:
                ctx.report(runtime, "runtime", value=runtime.value, allowed=", ".join(self.RUNTIMES))
            elif has_stores and runtime.value != self.KVS_RUNTIME:
                ctx.report(runtime, "kvs_runtime", value=runtime.value, required=self.KVS_RUNTIME)


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
    ```
    ## Use instead
    ```yaml
        AutoPublish: true
    ```
    ## References
    - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/associate-function.html
    """

    id = "SL710"
    name = "cf-function-published"
    severity = Severity.ERROR
    resource_types = ("AWS::CloudFront::Distribution",)
    source_url = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/associate-function.html"
    messages = {"unpublished": "FunctionARN refers to {function}, whose AutoPublish is {value}; a distribution can use only a function published to LIVE"}

    def check_resource(self, distribution, ctx):
        for behavior in _behavior_paths(distribution):
            for path, _event in _associations(distribution, behavior, "FunctionAssociations"):
                arn = distribution.get(*path, "FunctionARN")
                function = ctx.graph.target(arn) if arn is not None else None
                if function is None or function.type != _CF_FUNCTION_TYPE:
                    continue
                publish = function.get("AutoPublish")
                if publish is None:
                    ctx.report(arn, "unpublished", function=function.logical_id, value="not set")
                elif publish.known and publish.boolean is False:
                    ctx.report(arn, "unpublished", function=function.logical_id, value=publish.describe())
