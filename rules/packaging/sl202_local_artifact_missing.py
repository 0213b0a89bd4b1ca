from __future__ import annotations

import os

from slint.rule import Rule, Severity, resolve_artifact


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
    name = "local-artifact-missing"
    aliases = ("lambda-codeuri-exists",)
    severity = Severity.WARNING
    resource_types = ("*",)
    source_url = (
        "https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html"
    )
    messages = {
        "missing": (
            "{property} {path} does not exist (paths are relative to the template's folder); sam build and package "
            "fail unless a build step creates it"
        ),
    }

    def check_resource(self, resource, ctx):
        base_dir = ctx.template.base_dir
        if base_dir is None:
            return
        for artifact in ctx.graph.artifacts(resource, build_inputs=True):
            # os.path.exists: False, not OSError, for a name too long
            if artifact.path is not None and not os.path.exists(resolve_artifact(base_dir, artifact.path)):
                ctx.report(artifact.value, "missing", property=artifact.property, path=artifact.path)
