"""An unknown Region is a configuration error (exit 2) naming where it was given, with a suggestion."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from slint.aws import REGIONS
from slint.cli import main

TEMPLATE = "Resources:\n  Queue: {Type: AWS::SQS::Queue}\n"


def _error(
    tmp_path, monkeypatch, *options: str, files: dict[str, str] = (), env: dict[str, str] = ()
) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path)
    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in dict(env).items():
        monkeypatch.setenv(variable, value)
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    for name, text in dict(files).items():
        (tmp_path / name).write_text(text)
    result = CliRunner().invoke(main, ["lint", "--no-cache", *options, "t.yaml"])
    return result.exit_code, result.stderr.strip().replace(str(tmp_path.resolve()) + "/", "").replace(
        str(tmp_path) + "/", ""
    )


@pytest.mark.parametrize(
    "options, files, env, expected",
    [
        (
            ("--region", "xx-fake-9"),
            {},
            {},
            "--region: unknown AWS Region 'xx-fake-9'; Region codes look like us-east-1 or eu-west-1",
        ),
        (("--region", "eu-wset-1"), {}, {}, "--region: unknown AWS Region 'eu-wset-1'; did you mean 'eu-west-1'?"),
        (
            (),
            {".slint.yaml": "select: [SL]\nregion: us-esat-1\n"},
            {},
            ".slint.yaml:2: unknown AWS Region 'us-esat-1'; did you mean 'us-east-1'?",
        ),
        (
            (),
            {
                "samconfig.toml": 'version = 0.1\n[default.deploy.parameters]\nstack_name = "app"\nregion = "eu-centrl-1"\n'
            },
            {},
            "samconfig.toml:4: unknown AWS Region 'eu-centrl-1'; did you mean 'eu-central-1'?",
        ),
        (
            (),
            {},
            {"AWS_REGION": "ap-southeast-22"},
            "AWS_REGION: unknown AWS Region 'ap-southeast-22'; did you mean 'ap-southeast-2'?",
        ),
    ],
    ids=["option", "option-typo", "config", "samconfig", "environment"],
)
def test_unknown_region_is_a_configuration_error(tmp_path, monkeypatch, options, files, env, expected):
    assert _error(tmp_path, monkeypatch, *options, files=files, env=env) == (
        2,
        f"slint: configuration error: {expected}",
    )


def test_known_regions_pass_and_a_region_option_wins_over_a_mistyped_environment(tmp_path, monkeypatch):
    assert _error(tmp_path, monkeypatch, "--region", "us-gov-west-1") == (0, "")
    assert _error(tmp_path, monkeypatch, "--region", "eu-west-1", env={"AWS_REGION": "nope"}) == (0, "")


def test_region_list_agrees_with_cfn_lint_region_data():
    cfnlint_helpers = pytest.importorskip("cfnlint.helpers")
    assert set(cfnlint_helpers.REGIONS) <= REGIONS, (
        "cfn-lint knows Regions slint does not: add them to slint.aws.REGIONS"
    )


def test_graph_rejects_an_unknown_region_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.yaml").write_text(TEMPLATE)
    result = CliRunner().invoke(main, ["graph", "--region", "us-wets-2", "t.yaml"])
    assert (result.exit_code, result.stderr.strip()) == (
        2,
        "slint: configuration error: --region: unknown AWS Region 'us-wets-2'; did you mean 'us-west-2'?",
    )
