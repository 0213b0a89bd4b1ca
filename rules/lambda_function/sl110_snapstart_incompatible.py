from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Message, Rule, Severity

from .._runtimes import runtime_version


class LambdaSnapStartCompat(Rule):
    """
    ## What it does
    For a function with `SnapStart.ApplyOn: PublishedVersions` (in the function or SAM
    `Globals`), checks that its runtime supports SnapStart (Java 11+, Python 3.12+, .NET 8+)
    and that it uses none of what SnapStart excludes: a container image, EFS
    (`FileSystemConfigs`), `EphemeralStorage` above 512 MB, provisioned concurrency (SAM
    `ProvisionedConcurrencyConfig`, or a CloudFormation alias or version of the function that
    sets it). Notes (info) a function that publishes no version in the template (no SAM
    `AutoPublishAlias`, no `AWS::Lambda::Version`): SnapStart applies only to published
    versions, which may also be published outside the template. SnapStart is not offered
    in every region; that is not checked.
    ## Why is this bad?
    Lambda rejects these combinations and the deployment fails; without a published version
    SnapStart does nothing.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Runtime: nodejs22.x
        SnapStart:
          ApplyOn: PublishedVersions
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Runtime: python3.13
        AutoPublishAlias: live
        SnapStart:
          ApplyOn: PublishedVersions
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html
    """

    id = "SL110"
    name = "lambda-snapstart-incompatible"
    aliases = ("lambda-snapstart-compat",)
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html"
    MIN_VERSIONS = {"java": (11,), "python": (3, 12), "dotnet": (8,)}
    MAX_EPHEMERAL_MB = 512
    VERSION_TYPES = ("AWS::Lambda::Version", "AWS::Lambda::Alias")
    messages = {
        "runtime": "SnapStart does not support Runtime {runtime}; it needs Java 11+, Python 3.12+ or .NET 8+",
        "image": "SnapStart does not support container images (PackageType Image)",
        "efs": "SnapStart does not support Amazon EFS (FileSystemConfigs)",
        "ephemeral": "SnapStart does not support EphemeralStorage.Size {value} MB; at most {limit} MB",
        "provisioned": "SnapStart cannot be combined with provisioned concurrency ({where})",
        "no_version": Message(
            "SnapStart applies only to published versions, and this template publishes none for the function ({hint})",
            Severity.INFO,
        ),
    }

    def check_resource(self, function, ctx):
        if not any(apply_on.text == "PublishedVersions" for apply_on in function.each("SnapStart", "ApplyOn")):
            return
        for runtime in function.each("Runtime"):
            if runtime.text and not self._supports(runtime.text):
                ctx.report(runtime, "runtime", runtime=runtime.text)
        for package_type in function.each("PackageType"):
            if package_type.text == "Image":
                ctx.report(package_type, "image")
        file_systems = function.items("FileSystemConfigs")
        if file_systems:
            ctx.report(function.get("FileSystemConfigs"), "efs")
        for size in function.each("EphemeralStorage", "Size"):
            if size.number is not None and size.number > self.MAX_EPHEMERAL_MB:
                ctx.report(size, "ephemeral", value=size.describe(), limit=self.MAX_EPHEMERAL_MB)
        if function.has("ProvisionedConcurrencyConfig"):
            ctx.report(
                function.get("ProvisionedConcurrencyConfig"), "provisioned", where="ProvisionedConcurrencyConfig"
            )
        versions = ctx.graph.attached(function, *self.VERSION_TYPES)
        for version in versions:
            if version.has("ProvisionedConcurrencyConfig"):
                ctx.report(
                    version.get("ProvisionedConcurrencyConfig"),
                    "provisioned",
                    where=f"{version.type} {version.logical_id}",
                )
        if function.is_sam:
            if not function.has("AutoPublishAlias"):
                ctx.report(function.get("SnapStart"), "no_version", hint="set AutoPublishAlias")
        elif not any(v.type == "AWS::Lambda::Version" for v in versions):
            ctx.report(function.get("SnapStart"), "no_version", hint="add an AWS::Lambda::Version")

    def _supports(self, runtime: str) -> bool:
        parsed = runtime_version(runtime)
        if parsed is None:
            return False
        family, version = parsed
        minimum = self.MIN_VERSIONS.get(family)
        return minimum is not None and version >= minimum
