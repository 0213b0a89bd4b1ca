"""Resource provider schemas, read at run time from cfn-lint's package data (a dependency of
slint), never copied: ``data/schemas/providers/<region>.json`` (and ``sam.json`` for
``AWS::Serverless::*``) maps a type to a schema file in ``data/schemas/resources/``. Each file
is read only when a template uses its type, and once per process."""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache, lru_cache
from pathlib import Path

DEFAULT_REGION = "us-east-1"

# Where cfn-lint's SAM schemas are narrower than SAM itself (property path patterns, fnmatch):
# SAM documents Cognito event Trigger as a string or a list, and accepts one resource policy
# statement as a mapping as well as a list.
# https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-cognito.html
# https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-resourcepolicystatement.html
NARROWER_THAN_SAM = {
    "AWS::Serverless::Function": ("Events.*.Properties.Trigger",),
    "AWS::Serverless::Api": ("Auth.ResourcePolicy.CustomStatements",),
}

# Properties that `aws cloudformation package` (and `sam package`) turn from a local path into
# an S3 location before deployment: a string there is a path, not a type error.
# https://docs.aws.amazon.com/cli/latest/reference/cloudformation/package.html
PACKAGED_PROPERTIES = {
    "AWS::ApiGateway::RestApi": ("BodyS3Location",),
    "AWS::ApiGatewayV2::Api": ("BodyS3Location",),
    "AWS::Lambda::Function": ("Code",),
    "AWS::Lambda::LayerVersion": ("Content",),
    "AWS::AppSync::GraphQLSchema": ("DefinitionS3Location",),
    "AWS::AppSync::Resolver": (
        "RequestMappingTemplateS3Location",
        "ResponseMappingTemplateS3Location",
        "CodeS3Location",
    ),
    "AWS::AppSync::FunctionConfiguration": (
        "RequestMappingTemplateS3Location",
        "ResponseMappingTemplateS3Location",
        "CodeS3Location",
    ),
    "AWS::ElasticBeanstalk::ApplicationVersion": ("SourceBundle",),
    "AWS::StepFunctions::StateMachine": ("DefinitionS3Location",),
    "AWS::CodeCommit::Repository": ("Code",),
}


@lru_cache(maxsize=1)
def _schemas_folder() -> Path | None:
    """cfn-lint's schema folder, found without importing cfn-lint (its import is slow)."""
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "data" / "schemas"
    return folder if folder.is_dir() else None


@cache
def _provider(name: str) -> dict:
    folder = _schemas_folder()
    if folder is None or not re.fullmatch(r"[a-z0-9-]+", name):
        return {}
    try:
        return json.loads((folder / "providers" / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


@cache
def _schema_file(name: str) -> dict | None:
    folder = _schemas_folder()
    if folder is None or not re.fullmatch(r"[0-9a-f]+", name):
        return None
    try:
        return json.loads((folder / "resources" / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def schema_for(resource_type: str, region: str | None) -> dict | None:
    """The provider schema of a type (SAM types from cfn-lint's SAM schemas), or None."""
    if resource_type.startswith("AWS::Serverless::"):
        table = _provider("sam")
    else:
        table = _provider(region or DEFAULT_REGION) or _provider(DEFAULT_REGION)
    name = table.get(resource_type)
    return _schema_file(name) if isinstance(name, str) else None
