"""Hostile and broken template files: each gets a clear finding, none hides another file's results.

All files are linted in one CLI run (bounded by a hang and memory guard, see slint_cli.py), the
way a repository full of odd files reaches slint in CI."""

from __future__ import annotations

import json

import pytest

from slint.engine import MAX_TEMPLATE_BYTES

from .slint_cli import by_file, lint_json, run_slint

DEPTH = 20_000
SAM_HEADER = "Transform: AWS::Serverless-2016-10-31\nResources:\n"
GOOD_TEMPLATE = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 901
      Runtime: python3.12
      Handler: app.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code: {S3Bucket: bucket, S3Key: fn.zip}
"""
GOOD_FINDING = ("SL101", 6, "Timeout 901 exceeds Lambda's maximum of 900 seconds")

ALIAS_BOMB = (
    'AWSTemplateFormatVersion: "2010-09-09"\na: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "Resources:\n  Queue: {Type: AWS::SQS::Queue}\n"
)

# Every property of a SAM function (as of SAM 1.x docs), each given a value of a wrong shape.
SAM_FUNCTION_PROPERTIES = (
    "Architectures AssumeRolePolicyDocument AutoPublishAlias AutoPublishAliasAllProperties AutoPublishCodeSha256 "
    "CapacityProviderConfig CodeSigningConfigArn CodeUri DeadLetterQueue DeploymentPreference Description DurableConfig "
    "Environment EphemeralStorage EventInvokeConfig Events FileSystemConfigs FunctionName FunctionScalingConfig "
    "FunctionUrlConfig Handler ImageConfig ImageUri InlineCode KmsKeyArn Layers LoggingConfig MemorySize PackageType "
    "PermissionsBoundary Policies PropagateTags ProvisionedConcurrencyConfig RecursiveLoop ReservedConcurrentExecutions "
    "Role RolePath Runtime RuntimeManagementConfig SnapStart SourceKMSKeyArn Tags Timeout Tracing VersionDescription VpcConfig"
).split()
WRONG_SHAPES = {
    "list": "[1, [2], {a: b}]",
    "map": "{Unexpected: {Deeper: [x]}}",
    "number": "-1.5e300",
    "text": '"not what you expected"',
    "null": "null",
    "boolean": "true",
    "ref": "!Ref NoSuchThing",
    "getatt": "!GetAtt [NoSuch, Arn]",
    "if": "!If [NoCondition, [], {}]",
    "novalue": "!Ref AWS::NoValue",
    "join": "!Join [1, 2]",
}


def _wrong_function(shape: str) -> str:
    value = WRONG_SHAPES[shape]
    lines = [
        f"Globals:\n  Function:\n    Timeout: {value}\n    Layers: {value}\n    Environment: {value}\n",
        SAM_HEADER,
    ]
    lines.append("  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n")
    lines.extend(f"      {name}: {value}\n" for name in SAM_FUNCTION_PROPERTIES)
    lines.append(
        f"  Events:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        E1: {value}\n        E2: {{Type: SQS, Properties: {value}}}\n        E3: {{Type: {value}}}\n"
    )
    return "".join(lines)


def _write_hostile_files(folder):
    files = {
        "good.yaml": GOOD_TEMPLATE.encode(),
        "alias-bomb.yaml": ALIAS_BOMB.encode(),
        "deep-flow.yaml": ('AWSTemplateFormatVersion: "2010-09-09"\nX: ' + "[" * DEPTH + "]" * DEPTH + "\n").encode(),
        "deep-block.yaml": ('AWSTemplateFormatVersion: "2010-09-09"\nX:\n  ' + "- " * DEPTH + "a\n").encode(),
        "deep-array.json": (
            '{"AWSTemplateFormatVersion": "2010-09-09", "X": ' + "[" * DEPTH + "]" * DEPTH + "}"
        ).encode(),
        "deep-object.json": (
            '{\n"AWSTemplateFormatVersion": "2010-09-09", "X": ' + '{"a": ' * DEPTH + "1" + "}" * DEPTH + "}"
        ).encode(),
        "binary.yaml": bytes(range(256)) * 64,
        "latin1.yaml": 'AWSTemplateFormatVersion: "2010-09-09"\nDescription: café\n'.encode("latin-1"),
        "utf16.yaml": GOOD_TEMPLATE.encode("utf-16"),  # with a byte-order mark
        "utf16-no-bom.yaml": GOOD_TEMPLATE.encode("utf-16-le"),
        "crlf.yaml": GOOD_TEMPLATE.replace("\n", "\r\n").encode(),
        "tabs.yaml": b'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n\tQueue:\n\t\tType: AWS::SQS::Queue\n',
        "empty.yaml": b"",
        "resources-list.yaml": b'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  - Type: AWS::SQS::Queue\n',
        "globals-list.yaml": (
            b"Transform: AWS::Serverless-2016-10-31\nGlobals:\n  - Function\n"
            b"Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"
        ),  # fmt: skip
        "trailing-comma.json": b'{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n    "Q": {"Type": "AWS::SQS::Queue"},\n  }\n}\n',
    }
    for shape in WRONG_SHAPES:
        files[f"wrong-{shape}.yaml"] = _wrong_function(shape).encode()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with open(folder / "huge.yaml", "wb") as handle:  # tens of MB: far beyond what CloudFormation accepts
        handle.write(b'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n')
        block = b"".join(b"  Q%d: {Type: AWS::SQS::Queue}\n" % i for i in range(10_000))
        while handle.tell() < 4 * MAX_TEMPLATE_BYTES:
            handle.write(block)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    _write_hostile_files(folder)
    report, _ = lint_json(folder, cwd=folder)
    assert report["summary"]["files"] == len(list(folder.iterdir()))  # no file lost
    return report, by_file(report)


def test_good_results_survive_the_hostile_files(hostile):
    report, found = hostile
    assert found["good.yaml"] == [GOOD_FINDING]
    assert not [f for f in report["findings"] if f["rule"] == "SL000"]


def test_alias_bomb_is_never_expanded(hostile):
    _, found = hostile
    bomb = found["alias-bomb.yaml"]
    assert {rule for rule, _, _ in bomb} == {"SL003"}
    assert bomb[0] == ("SL003", 2, "YAML anchor '&a' is not supported by CloudFormation")
    assert ("SL003", 10, "YAML alias '*h' is not supported by CloudFormation (not expanded)") in bomb


@pytest.mark.parametrize(
    "name, line",
    [("deep-flow.yaml", 2), ("deep-block.yaml", 3), ("deep-array.json", 1), ("deep-object.json", 2)],
)
def test_deep_nesting_stops_at_the_depth_limit(hostile, name, line):
    _, found = hostile
    assert found[name] == [("SL001", line, "cannot parse template: nesting deeper than 200 levels")]


def test_huge_file_is_reported_not_read(hostile):
    _, found = hostile
    limit = f"{MAX_TEMPLATE_BYTES:,}"
    message = f"cannot parse template: file is larger than {limit} bytes, the most slint reads (CloudFormation accepts 1 MB); not analysed"
    assert found["huge.yaml"] == [("SL001", 1, message)]


def test_binary_and_foreign_encodings(hostile):
    _, found = hostile
    assert found["binary.yaml"] == [("SL001", 1, "cannot parse template: binary data (NUL byte); not a text template")]
    assert found["utf16-no-bom.yaml"] == [
        ("SL001", 1, "cannot parse template: binary data (NUL byte); not a text template")
    ]
    latin1 = "cannot parse template: not valid UTF-8 (byte 0xe9); CloudFormation templates must be UTF-8"
    assert found["latin1.yaml"] == [("SL001", 2, latin1)]


def test_utf16_with_bom_and_crlf_are_linted_normally(hostile):
    _, found = hostile
    assert found["utf16.yaml"] == [GOOD_FINDING]
    assert found["crlf.yaml"] == [GOOD_FINDING]


def test_tab_indentation_names_the_tab(hostile):
    _, found = hostile
    message = (
        "cannot parse template: found character that cannot start any token (a tab; YAML indentation must use spaces)"
    )
    assert found["tabs.yaml"] == [("SL001", 3, message)]


def test_wrong_shapes_get_a_structure_error(hostile):
    _, found = hostile
    assert found["resources-list.yaml"] == [
        ("SL008", 3, "Resources must be a mapping, not a list; slint cannot check what it holds")
    ]
    assert found["globals-list.yaml"] == [
        ("SL008", 3, "Globals must be a mapping, not a list; slint cannot check what it holds")
    ]


def test_json_trailing_comma(hostile):
    _, found = hostile
    assert found["trailing-comma.json"] == [
        ("SL001", 5, "cannot parse template: Expecting property name enclosed in double quotes")
    ]


@pytest.mark.parametrize("shape", sorted(WRONG_SHAPES))
def test_every_sam_function_property_with_a_wrong_type(hostile, shape):
    report, found = hostile
    name = f"wrong-{shape}.yaml"
    failures = [f["message"] for f in report["findings"] if f["file"].endswith(name) and f["rule"] == "SL000"]
    assert failures == []
    assert all(line > 0 for _, line, _ in found.get(name, []))


def test_empty_file_is_skipped_with_a_reason(tmp_path):
    (tmp_path / "empty.yaml").write_bytes(b"")
    (tmp_path / "comments.yaml").write_text("# nothing here yet\n")
    completed = run_slint("lint", "--verbose", "--no-color", tmp_path, cwd=tmp_path)
    output = completed.stdout.decode()
    assert completed.returncode == 0, completed.stderr
    assert "empty.yaml: skipped (not a CloudFormation/SAM template" in output
    assert "comments.yaml: skipped (not a CloudFormation/SAM template" in output


def test_stdin_with_binary_data(tmp_path):
    completed = run_slint(
        "lint", "--format", "json", "--stdin-filename", "piped.yaml", "-", cwd=tmp_path, stdin=b"\x00\xff" * 1000
    )
    report = json.loads(completed.stdout)
    assert [(f["rule"], f["file"], f["message"]) for f in report["findings"]] == [
        ("SL001", "piped.yaml", "cannot parse template: binary data (NUL byte); not a text template")
    ]
    assert completed.returncode == 1
