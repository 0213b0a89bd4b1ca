"""Property-based robustness: mutated real templates and randomly shaped properties never make
slint fail internally (rule SL000) nor let an exception escape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slint.api import build_engine
from slint.config import Settings
from slint.parser import ParseError, decode, parse_text

from .conftest import CORPUS, ROOT

BOUNDED = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
SEED_LIMIT_BYTES = 20_000


def _seed_files() -> list[Path]:
    fixtures = sorted((ROOT / "fixtures").rglob("*.yaml"))
    corpus = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml", ".json")) if CORPUS.is_dir() else []
    return [p for p in fixtures + corpus[::25] if p.stat().st_size <= SEED_LIMIT_BYTES]


SEEDS = _seed_files()
ENGINE = build_engine(Settings(use_samconfig=False, region="us-east-1"))


def assert_no_internal_error(data: bytes, name: str = "template.yaml") -> None:
    result = ENGINE.lint_bytes(data, name, None)
    failures = [f.message for f in result.findings if f.rule == "SL000"]
    assert failures == [], data[:2000]


def _plain(node):
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _parsed(path: Path):
    try:
        return _plain(parse_text(decode(path.read_bytes()), path.name).root)
    except ParseError:
        return None


PARSED_SEEDS = [tree for tree in map(_parsed, SEEDS) if isinstance(tree, dict)]

# -- values of any shape ------------------------------------------------------------------------

NAMES = st.sampled_from(
    ["Fn", "Queue", "Api", "Dist", "Table", "Layer", "Role", "Missing", "AWS::Region", "AWS::NoValue", "Cond"]
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(["", "0", "python3.12", "nodejs4.3-edge", "arn:aws:sqs:us-east-1:123456789012:q", "./src", "s3://b/k", "*", "${Fn.Arn}"]),
)  # fmt: skip


def _with_intrinsics(children):
    return st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
        st.builds(lambda n: {"Ref": n}, NAMES),
        st.builds(lambda n, a: {"Fn::GetAtt": [n, a]}, NAMES, st.sampled_from(["Arn", "QueueName", "Nope"])),
        st.builds(lambda c, a, b: {"Fn::If": [c, a, b]}, NAMES, children, children),
        st.builds(lambda s: {"Fn::Sub": s}, st.text(max_size=20)),
        st.builds(lambda d, items: {"Fn::Join": [d, items]}, SCALARS, children),
        st.builds(lambda i, items: {"Fn::Select": [i, items]}, SCALARS, children),
        st.builds(lambda m: {"Fn::FindInMap": m}, st.lists(children, max_size=3)),
        st.builds(lambda x: {"Fn::Split": x}, children),
    )


ANY_VALUE = st.recursive(SCALARS, _with_intrinsics, max_leaves=12)

# -- mutations of real templates --------------------------------------------------------------


def _paths(tree, prefix=()):
    yield prefix
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _paths(value, prefix + (index,))


def _replace(tree, path, new):
    if not path:
        return new
    copy = dict(tree) if isinstance(tree, dict) else list(tree)
    copy[path[0]] = _replace(copy[path[0]], path[1:], new)
    return copy


def _delete(tree, path):
    if len(path) == 1:
        copy = dict(tree) if isinstance(tree, dict) else list(tree)
        del copy[path[0]]
        return copy
    return _replace(tree, path[:1], _delete(tree[path[0]], path[1:]))


@st.composite
def mutated_trees(draw):
    tree = draw(st.sampled_from(PARSED_SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        paths = list(_paths(tree))
        path = draw(st.sampled_from(paths))
        if path and draw(st.booleans()):
            tree = _delete(tree, path)
        else:
            tree = _replace(tree, path, draw(ANY_VALUE))
        if not isinstance(tree, dict):
            break
    return tree


@pytest.mark.skipif(not PARSED_SEEDS, reason="no seed templates")
@BOUNDED
@given(mutated_trees())
def test_mutated_templates_never_fail_internally(tree):
    assert_no_internal_error(json.dumps(tree, default=str).encode(), "template.json")


@pytest.mark.skipif(not SEEDS, reason="no seed templates")
@BOUNDED
@given(st.sampled_from(SEEDS), st.data())
def test_truncated_or_garbled_text_never_fails_internally(seed, data):
    text = seed.read_bytes()
    cut = data.draw(st.integers(0, len(text)))
    garbage = data.draw(
        st.binary(max_size=20)
        | st.sampled_from([b"\t", b": :", b"!Ref", b"&a", b"*a", b"{", b"- ", b"\xef\xbb\xbf", b"\r\n"])
    )
    at = data.draw(st.integers(0, len(text)))
    assert_no_internal_error(text[:cut], seed.name)
    assert_no_internal_error(text[:at] + garbage + text[at:], seed.name)


# -- every rule against any shape of any property ---------------------------------------------

PROPERTIES = {
    "AWS::Serverless::Function": "Runtime Handler CodeUri InlineCode Timeout MemorySize Layers Environment Events VpcConfig "
    "AutoPublishAlias DeploymentPreference ProvisionedConcurrencyConfig ReservedConcurrentExecutions EventInvokeConfig "
    "DeadLetterQueue FunctionUrlConfig Architectures EphemeralStorage SnapStart PackageType ImageUri Policies Role Tracing "
    "LoggingConfig FunctionName Tags Description KmsKeyArn".split(),
    "AWS::Lambda::Function": "Runtime Handler Code Timeout MemorySize Layers Environment VpcConfig ReservedConcurrentExecutions "
    "DeadLetterConfig Architectures EphemeralStorage SnapStart PackageType Role TracingConfig FunctionName".split(),
    "AWS::SQS::Queue": "VisibilityTimeout MessageRetentionPeriod RedrivePolicy FifoQueue QueueName DelaySeconds ReceiveMessageWaitTimeSeconds".split(),
    "AWS::Serverless::Api": "StageName DefinitionBody DefinitionUri Auth Cors EndpointConfiguration MethodSettings Domain TracingEnabled".split(),
    "AWS::Serverless::HttpApi": "StageName DefinitionBody Auth CorsConfiguration Domain RouteSettings".split(),
    "AWS::CloudFront::Distribution": ["DistributionConfig"],
    "AWS::DynamoDB::Table": "KeySchema AttributeDefinitions BillingMode GlobalSecondaryIndexes LocalSecondaryIndexes StreamSpecification TimeToLiveSpecification".split(),
    "AWS::Serverless::LayerVersion": "ContentUri CompatibleRuntimes LayerName RetentionPolicy".split(),
    "AWS::Lambda::EventSourceMapping": "FunctionName EventSourceArn BatchSize MaximumBatchingWindowInSeconds StartingPosition FunctionResponseTypes".split(),
    "AWS::Serverless::StateMachine": "Definition DefinitionUri Type Events Policies".split(),
}
DISTRIBUTION_KEYS = [
    "DefaultCacheBehavior",
    "CacheBehaviors",
    "Origins",
    "Aliases",
    "ViewerCertificate",
    "Enabled",
    "DefaultRootObject",
]
EVENT_TYPES = [
    "SQS",
    "Kinesis",
    "DynamoDB",
    "S3",
    "SNS",
    "Api",
    "HttpApi",
    "Schedule",
    "EventBridgeRule",
    "CloudWatchEvent",
    "Nope",
]


@st.composite
def shaped_resource(draw, type_):
    names = PROPERTIES[type_]
    properties = {
        name: draw(ANY_VALUE) for name in draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    }
    if type_ == "AWS::CloudFront::Distribution" and draw(st.booleans()):
        properties["DistributionConfig"] = {key: draw(ANY_VALUE) for key in DISTRIBUTION_KEYS}
    if type_ == "AWS::Serverless::Function" and draw(st.booleans()):
        events = {
            f"E{i}": {"Type": draw(st.sampled_from(EVENT_TYPES)), "Properties": draw(ANY_VALUE)}
            for i in range(draw(st.integers(1, 3)))
        }
        properties["Events"] = events
    return {"Type": type_, "Properties": properties}


@st.composite
def shaped_templates(draw):
    types = draw(st.lists(st.sampled_from(sorted(PROPERTIES)), min_size=1, max_size=5))
    resources = {
        name: draw(shaped_resource(type_))
        for name, type_ in zip(["Fn", "Queue", "Api", "Dist", "Table"], types, strict=False)
    }
    template = {
        "Transform": "AWS::Serverless-2016-10-31",
        "Parameters": {"Stage": {"Type": "String", "Default": draw(ANY_VALUE)}},
        "Conditions": {"Cond": draw(ANY_VALUE)},
        "Resources": resources,
    }
    if draw(st.booleans()):
        template["Globals"] = {
            "Function": {key: draw(ANY_VALUE) for key in ("Timeout", "Layers", "Environment", "Runtime", "MemorySize")}
        }
    return template


@BOUNDED
@given(shaped_templates())
def test_every_rule_tolerates_any_shape_of_any_property(template):
    assert_no_internal_error(json.dumps(template, default=str).encode(), "template.json")
