"""Packaging: what a function ships, measured from the local files the template names."""

from __future__ import annotations

import os

from slint.artifacts import has_member, measure, repository_root, resolve_artifact
from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity


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
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: ./big-model/     # 200 MB
        Layers: [!Ref Deps]       # 80 MB
    ```
    ## Use instead
    Trim dependencies, move large data to S3 or EFS, or use a container image (up to 10 GB).
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
    """

    id = "SL201"
    name = "lambda-package-size"
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
        "too_large": "{property} {path} unzipped is {size:,} bytes{layers}; Lambda allows {limit:,} bytes unzipped, including layers",
        "unmeasurable": "{property} {path} {problem}; cannot check the 250 MB package limit",
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
            ctx.report(code_artifact.value, "too_large", property=code_artifact.property, path=code_artifact.path, size=total, layers=layers, limit=limit)

    def _size(self, artifact, ctx) -> int | None:
        """Unzipped bytes of one artifact, reporting (once per template) when it cannot be measured."""
        raw = artifact.path
        if raw is None:
            return None
        path = resolve_artifact(ctx.template.base_dir, raw)
        memo = ctx.template.cache.setdefault("artifact-sizes", {})
        if path not in memo:
            memo[path] = measure(path, within=repository_root(ctx.template.base_dir))
            if not memo[path].ok and not memo[path].missing:
                ctx.report(artifact.value, "unmeasurable", property=artifact.property, path=raw, problem=memo[path].problem, resource=artifact.resource, severity=Severity.WARNING)
        return memo[path].unzipped_bytes


class LambdaCodeUriExists(Rule):
    """
    ## What it does
    Checks that every local path a template packages exists, relative to the template's folder:
    `CodeUri` (functions), `ContentUri` (layers), `DefinitionUri` (APIs, HTTP APIs, state
    machines), `Location` (nested applications), CloudFormation `Code`/`Content`/
    `DefinitionS3Location` given as a path, and `Metadata.DockerContext` of image functions.
    `s3://` and `https://` locations and `{Bucket, Key}` maps are skipped, and so is text linted
    from memory (there is no folder to look in).
    ## Why is this bad?
    `sam build`, `sam package` and `aws cloudformation package` stop on a path that does not
    exist, so the stack is never deployed. It is a warning, not an error, because a build step
    that runs before packaging may create the path (for example a `dist/` folder).
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: ./scr/       # typo for ./src/
    ```
    ## Use instead
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: ./src/
    ```
    ## References
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html
    - https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-cli-command-reference-sam-build.html
    """

    id = "SL202"
    name = "lambda-codeuri-exists"
    severity = Severity.WARNING
    resource_types = ("*",)
    source_url = "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html"
    messages = {
        "missing": "{property} {path} does not exist (paths are relative to the template's folder); sam build and package fail unless a build step creates it",
    }

    def check_resource(self, resource, ctx):
        base_dir = ctx.template.base_dir
        if base_dir is None:
            return
        for artifact in ctx.graph.artifacts(resource, build_inputs=True):
            if artifact.path is not None and not os.path.exists(resolve_artifact(base_dir, artifact.path)):  # False, not OSError, for a name too long
                ctx.report(artifact.value, "missing", property=artifact.property, path=artifact.path)


class LambdaHandlerExists(Rule):
    """
    ## What it does
    For Zip functions on an interpreted runtime whose code is a local folder or `.zip`, checks
    that the file the `Handler` names is there: Python `pkg/app.handler` or `pkg.app.handler`
    needs `pkg/app.py` (or `pkg/app/__init__.py`), Node.js `src/app.handler` needs
    `src/app.js`, `.mjs` or `.cjs`, Ruby `app.handler` needs `app.rb`. Handlers from `Globals`
    are checked against each function's code. Compiled and custom runtimes, inline code, image
    functions, and functions built by `Metadata.BuildMethod: makefile` or `esbuild` (whose
    sources differ from what is shipped) are skipped.
    ## Why is this bad?
    The deployment succeeds, and every invocation then fails with `Runtime.ImportModuleError`
    or `Runtime.HandlerNotFound`. Usually a typo, a renamed file, or a `CodeUri` that points
    one folder too high or too low. The naming convention comes from the Lambda runtime
    guides and was not re-verified for every runtime, hence a warning.
    ## Example
    ```yaml
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/           # holds handler.py
        Handler: app.handler
        Runtime: python3.12
    ```
    ## Use instead
    ```yaml
        Handler: handler.handler
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html
    - https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
    - https://docs.aws.amazon.com/lambda/latest/dg/ruby-handler.html
    """

    id = "SL203"
    name = "lambda-handler-exists"
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html"
    SKIPPED_BUILD_METHODS = frozenset({"makefile", "esbuild"})
    CODE_PROPERTIES = ("CodeUri", "Code")
    messages = {
        "missing": "Handler {handler} needs {expected} in {property} {path}, which has no such file",
    }

    def check_resource(self, function, ctx):
        base_dir = ctx.template.base_dir
        runtime = function.get("Runtime")
        if base_dir is None or runtime is None or not runtime.text:
            return
        package_type = function.get("PackageType")
        if package_type is not None and package_type.value != "Zip" or function.has("InlineCode"):
            return
        build_method = function.metadata.get("BuildMethod")
        if isinstance(build_method, str) and build_method.lower() in self.SKIPPED_BUILD_METHODS:
            return
        code = [a for a in ctx.graph.artifacts(function) if a.property in self.CODE_PROPERTIES and a.path]
        if not code:
            return
        root = resolve_artifact(base_dir, code[0].path)
        for handler in function.each("Handler"):
            candidates = handler_files(runtime.text, handler.text)
            if candidates and has_member(root, candidates) is False:
                expected = " or ".join(candidates)
                ctx.report(handler, "missing", handler=handler.text, expected=expected, property=code[0].property, path=code[0].path)


def handler_files(runtime: str, handler: str | None) -> tuple[str, ...]:
    """The files a handler string names for an interpreted runtime; () when not checkable."""
    if not handler or "." not in handler:
        return ()
    folder, _, last = handler.rpartition("/")
    prefix = f"{folder}/" if folder else ""
    if runtime.startswith("python"):
        module = prefix + handler[len(prefix):].rpartition(".")[0].replace(".", "/")
        return (f"{module}.py", f"{module}/__init__.py")
    if runtime.startswith("nodejs"):
        module = handler.rpartition(".")[0]
        return tuple(f"{module}{suffix}" for suffix in (".js", ".mjs", ".cjs"))
    if runtime.startswith("ruby"):
        return (f"{prefix}{last.partition('.')[0]}.rb",)
    return ()
