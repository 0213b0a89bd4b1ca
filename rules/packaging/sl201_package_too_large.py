from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Message, Rule, Severity, measure, repository_root, resolve_artifact


def _measured(template) -> dict:
    """Local artifacts already measured for this template: path -> its measurement."""
    return {}


class LambdaPackageSize(Rule):
    """
    ## What it does
    Adds up the unzipped size of a function's local code (`CodeUri`, or `Code` given as a local
    path) and of every in-template layer it uses (`ContentUri`/`Content`), and flags a total
    above 250 MB (262,144,000 bytes). Directories count apparent file sizes (a sparse file at
    its full size); `.zip`/`.jar` files are measured from their central directory, never
    extracted. A local path that is unreadable is reported as a warning; a missing one is left
    to `lambda-codeuri-exists` (SL202).
    ## Why is this bad?
    Lambda rejects a deployment package whose unzipped size, including layers, is over 250 MB:
    "Unzipped size must be smaller than 262144000 bytes". The SAM build succeeds and the
    deploy fails.
    ## Example
    ```yaml
    Deps:
      Type: AWS::Serverless::LayerVersion
      Properties:
        ContentUri: ./deps/       # 80 MB
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: ./big-model/     # 200 MB
        Handler: app.handler
        Runtime: python3.13
        Layers: [!Ref Deps]
    ```
    ## Use instead
    ```yaml
    Deps:
      Type: AWS::Serverless::LayerVersion
      Properties:
        ContentUri: ./deps/       # 80 MB
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: ./src/           # the code alone; the model is read from S3 at run time
        Handler: app.handler
        Runtime: python3.13
        Layers: [!Ref Deps]
        Environment:
          Variables:
            MODEL_BUCKET: !Ref ModelBucket
    ```
    Trim dependencies, move large data to S3 or EFS, or use a container image (up to 10 GB).
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    """

    id = "SL201"
    name = "lambda-package-too-large"
    aliases = ("lambda-package-size",)
    severity = Severity.ERROR
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
    options_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"max_unzipped_bytes": {"type": "integer", "minimum": 1}},
    }
    default_options = {"max_unzipped_bytes": 262_144_000}
    messages = {
        "too_large": (
            "{property} {path} unzipped is {size:,} bytes{layers}; Lambda allows {limit:,} bytes unzipped, including "
            "layers"
        ),
        "unmeasurable": Message("{property} {path} {problem}; cannot check the 250 MB package limit", Severity.WARNING),
    }

    def check_resource(self, function, ctx):
        base_dir = ctx.template.base_dir
        if base_dir is None:
            return
        code = ctx.graph.artifacts(function)
        if not code:
            return
        code_artifact = code[0]
        code_size = self._size(code_artifact, ctx)
        if code_size is None:
            return
        layer_total = 0
        layer_count = 0
        for _item, layer in ctx.graph.layers(function):
            if layer is None:
                continue  # a published layer: its size is not in this repository
            for artifact in ctx.graph.artifacts(layer):
                size = self._size(artifact, ctx)
                if size is None:
                    return
                layer_total += size
                layer_count += 1
        total = code_size + layer_total
        limit = ctx.options["max_unzipped_bytes"]
        if total > limit:
            layers = f" with {layer_count} layer(s) ({layer_total:,} bytes)" if layer_count else ""
            ctx.report(
                code_artifact.value,
                "too_large",
                property=code_artifact.property,
                path=code_artifact.path,
                size=total,
                layers=layers,
                limit=limit,
            )

    def _size(self, artifact, ctx) -> int | None:
        """Unzipped bytes of one artifact, reporting (once per template) when it cannot be measured."""
        raw = artifact.path
        if raw is None:
            return None
        path = resolve_artifact(ctx.template.base_dir, raw)
        memo = ctx.per_template(_measured)
        if path not in memo:
            memo[path] = measure(path, within=repository_root(ctx.template.base_dir))
            if not memo[path].ok and not memo[path].missing:
                ctx.report(
                    artifact.value,
                    "unmeasurable",
                    property=artifact.property,
                    path=raw,
                    problem=memo[path].problem,
                    resource=artifact.resource,
                )
        return memo[path].unzipped_bytes
