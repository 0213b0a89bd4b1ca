from __future__ import annotations

from slint.aws import FUNCTION_TYPES
from slint.rule import Rule, Severity, has_member, resolve_artifact


def handler_files(runtime: str, handler: str | None) -> tuple[str, ...]:
    """The files a handler string names for an interpreted runtime; () when not checkable."""
    if not handler or "." not in handler:
        return ()
    folder, _, last = handler.rpartition("/")
    prefix = f"{folder}/" if folder else ""
    if runtime.startswith("python"):
        module = prefix + handler[len(prefix) :].rpartition(".")[0].replace(".", "/")
        return (f"{module}.py", f"{module}/__init__.py")
    if runtime.startswith("nodejs"):
        module = handler.rpartition(".")[0]
        return tuple(f"{module}{suffix}" for suffix in (".js", ".mjs", ".cjs"))
    if runtime.startswith("ruby"):
        return (f"{prefix}{last.partition('.')[0]}.rb",)
    return ()


class LambdaHandlerExists(Rule):
    """
    ## What it does
    For Zip functions on an interpreted runtime whose code is a local folder or `.zip`, checks
    that the file the `Handler` names is there: Python `pkg/app.handler` or `pkg.app.handler`
    needs `pkg/app.py` (or `pkg/app/__init__.py`), Node.js `src/app.handler` needs
    `src/app.js`, `.mjs` or `.cjs`, Ruby `app.handler` needs `app.rb`. Handlers from `Globals`
    are checked against each function's code. Compiled and custom runtimes, inline code, image
    functions, and functions built by `Metadata.BuildMethod: makefile` or `esbuild` (whose
    sources differ from what is shipped) are skipped; so are functions started through a
    wrapper script (`AWS_LAMBDA_EXEC_WRAPPER`, as the Lambda Web Adapter does with a
    `Handler` such as `run.sh`), whose script decides what runs, and a `Handler` key written
    twice in one mapping (SL002 reports it; which value counts is not certain).
    ## Why is this bad?
    The deployment succeeds, and every invocation then fails with `Runtime.ImportModuleError`
    or `Runtime.HandlerNotFound`. Usually a typo, a renamed file, or a `CodeUri` that points
    one folder too high or too low. A warning: a runtime may resolve the handler in ways this
    check does not model.
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
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        CodeUri: src/           # holds handler.py
        Handler: handler.handler
        Runtime: python3.12
    ```
    ## References
    - https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html
    - https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
    - https://docs.aws.amazon.com/lambda/latest/dg/ruby-handler.html
    - https://docs.aws.amazon.com/lambda/latest/dg/runtimes-modify.html
    """

    id = "SL203"
    name = "lambda-handler-missing"
    aliases = ("lambda-handler-exists",)
    severity = Severity.WARNING
    resource_types = FUNCTION_TYPES
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html"
    SKIPPED_BUILD_METHODS = frozenset({"makefile", "esbuild"})
    CODE_PROPERTIES = ("CodeUri", "Code")
    WRAPPER_VARIABLE = "AWS_LAMBDA_EXEC_WRAPPER"
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
        if any(True for _ in function.each("Environment", "Variables", self.WRAPPER_VARIABLE)):
            return  # the wrapper script starts the process; it need not load the handler
        code = [a for a in ctx.graph.artifacts(function) if a.property in self.CODE_PROPERTIES and a.path]
        if not code:
            return
        root = resolve_artifact(base_dir, code[0].path)
        duplicated = {d.path for d in ctx.template.diagnostics if d.kind == "duplicate-key"}
        for handler in function.each("Handler"):
            if handler.path in duplicated:
                continue
            candidates = handler_files(runtime.text, handler.text)
            if candidates and has_member(root, candidates) is False:
                expected = " or ".join(candidates)
                ctx.report(
                    handler,
                    "missing",
                    handler=handler.text,
                    expected=expected,
                    property=code[0].property,
                    path=code[0].path,
                )
