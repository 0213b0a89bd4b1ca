from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity

_CFN_FUNCTION = (
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html"
)


class LambdaPackageTypeConsistency(Rule):
    """
    ## What it does
    Checks that a function's properties match its `PackageType` (after the SAM `Globals`
    merge): an `Image` function sets none of `Runtime`, `Handler`, `Layers`; a `Zip` function
    (the default) sets both `Runtime` and `Handler` and no image (`ImageUri`,
    `Code.ImageUri`, `ImageConfig`); and `PackageType` is `Zip` or `Image`.
    ## Why is this bad?
    SAM refuses to transform the template ("Runtime, Handler, Layers cannot be present when
    PackageType is of type Image"), and Lambda rejects the same mix in plain CloudFormation:
    the deployment fails. A `Runtime` or `Handler` in `Globals.Function` applies to image
    functions too, so one image function in a template of zip functions fails this way.
    ## Example
    ```yaml
    Globals:
      Function:
        Runtime: python3.13
        Handler: app.handler
    Resources:
      ImageFn:
        Type: AWS::Serverless::Function
        Properties:
          PackageType: Image
          ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:latest
    ```
    ## Use instead
    ```yaml
    Resources:
      ZipFn:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: src/
          Runtime: python3.13
          Handler: app.handler
      ImageFn:
        Type: AWS::Serverless::Function
        Properties:
          PackageType: Image
          ImageUri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:latest
          ImageConfig:
            Command: [app.handler]
    ```
    Set `Runtime` and `Handler` on the zip functions themselves, not in `Globals`, and give
    image functions `ImageConfig` (command, entry point) instead.
    ## References
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    """

    id = "SL107"
    name = "lambda-package-type-mismatch"
    aliases = ("lambda-package-type-consistency",)
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = _CFN_FUNCTION
    PACKAGE_TYPES = ("Zip", "Image")
    IMAGE_FORBIDS = ("Runtime", "Handler", "Layers")
    ZIP_REQUIRES = ("Runtime", "Handler")
    messages = {
        "invalid": "PackageType {value} is not valid; use Zip or Image",
        "image_with_zip_property": "{property} cannot be set on a function with PackageType Image",
        "zip_missing": "A Zip function (PackageType {value}) needs {missing}",
        "zip_with_image": "{property} is for PackageType Image, but this function's PackageType is {value}",
    }

    def check_resource(self, function, ctx):
        image_properties = (
            (("ImageUri",), ("ImageConfig",)) if function.is_sam else (("Code", "ImageUri"), ("ImageConfig",))
        )
        for package_type in function.each("PackageType"):
            kind = package_type.text
            if kind not in self.PACKAGE_TYPES:
                ctx.report(package_type, "invalid", value=package_type.describe())
            elif kind == "Image":
                for name in self.IMAGE_FORBIDS:
                    value = function.get(name) if function.has(name) else None
                    if value is not None:
                        ctx.report(value, "image_with_zip_property", property=name)
            elif package_type.is_default and function.is_sam and function.has("ImageUri"):
                continue  # newer SAM tooling may infer Image from ImageUri; not confirmed, so stay silent
            else:
                missing = [name for name in self.ZIP_REQUIRES if not function.has(name)]
                if missing:
                    ctx.report(
                        package_type if not package_type.is_default else function,
                        "zip_missing",
                        value=kind,
                        missing=" and ".join(missing),
                    )
                for path in image_properties:
                    if function.has(*path):
                        ctx.report(function.get(*path), "zip_with_image", property=".".join(path), value=kind)
