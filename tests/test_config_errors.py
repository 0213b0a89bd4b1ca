"""Configuration errors end the run with exit code 2 and a message naming the file and line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .slint_cli import run_slint

TEMPLATE = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Queue: {Type: AWS::SQS::Queue}\n'
GOOD_POLICY = """policies:
  - id: ORG001
    name: queue-retention
    resource_types: [AWS::SQS::Queue]
    property: MessageRetentionPeriod
    require: {present: true}
"""


def _configuration_error(tmp_path, config: str, files: dict[str, str] = (), options: tuple[str, ...] = ()) -> str:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / ".slint.yaml").write_text(config)
    for name, text in dict(files).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    completed = run_slint("lint", *options, "template.yaml", cwd=tmp_path)
    stderr = completed.stderr.decode()
    assert completed.returncode == 2, stderr
    assert "Traceback" not in stderr, stderr
    assert completed.stdout == b""
    return stderr.strip().removeprefix("slint: configuration error: ").replace(str(tmp_path) + "/", "")


@pytest.mark.parametrize(
    "config, expected",
    [
        ("select: [SL101\nignore: []\n", ".slint.yaml:2: invalid YAML: did not find expected ',' or ']'"),
        (
            "fail_level: error\nselct: [SL101]\n",
            ".slint.yaml:2: unknown configuration key 'selct'; did you mean 'select'?",
        ),
        ("\nfail_level: fatal\n", ".slint.yaml:2: 'fail_level': 'fatal' is not one of ['error', 'warning', 'info']"),
        (
            "severity:\n  SL101: loud\n",
            ".slint.yaml:1: 'severity.SL101': 'loud' is not one of ['error', 'warning', 'info', 'off']",
        ),
        (
            "region: eu-west-1\nseverity: {SL101: yes}\n",
            ".slint.yaml:2: 'severity.SL101': true (YAML reads on/yes as true) is not a severity; write error, warning or info (or off), "
            "and add the rule to extend_select to turn an opt-in rule on",
        ),
        ("- select\n", ".slint.yaml:1: the configuration must be a mapping"),
        ("select: &a [SL101]\nignore: *a\n", ".slint.yaml:1: YAML anchor '&a' is not supported by CloudFormation"),
        ("region: eu-west-1\nselect: [SL999]\n", ".slint.yaml:2: no rule matches 'SL999'"),
        (
            "region: eu-west-1\noptions:\n  SL201: {max_unzipped_bytes: -1}\n",
            ".slint.yaml:2: options for SL201 (lambda-package-too-large) max_unzipped_bytes: -1 is less than the minimum of 1",
        ),
        (
            "options:\n  SL201: {max_unzipped: 5}\n",
            ".slint.yaml:1: options for SL201 (lambda-package-too-large): Additional properties are not allowed ('max_unzipped' was unexpected)",
        ),
    ],
    ids=[
        "bad-yaml",
        "unknown-key",
        "bad-value",
        "bad-severity",
        "severity-yes",
        "not-a-mapping",
        "yaml-anchor",
        "unknown-rule",
        "bad-option",
        "unknown-option",
    ],
)
def test_bad_configuration_file(tmp_path, config, expected):
    assert _configuration_error(tmp_path, config) == expected


@pytest.mark.parametrize(
    "options, config, expected",
    [
        (("--select", "SLX99"), "region: eu-west-1\nselect: [SL101]\n", "--select: no rule matches 'SLX99'"),
        (("--ignore", "SL101,NOPE"), "region: eu-west-1\nignore: [SL102]\n", "--ignore: no rule matches 'NOPE'"),
        (("--ignore", "SL101"), "region: eu-west-1\nignore: [NOPE]\n", ".slint.yaml:2: no rule matches 'NOPE'"),
        (("--select", "SL101"), "region: eu-west-1\nextend_select: [NOPE]\n", ".slint.yaml:2: no rule matches 'NOPE'"),
    ],
    ids=["option-select", "option-ignore", "file-ignore-with-option", "file-extend-select-with-option"],
)
def test_unknown_selector_names_where_it_was_given(tmp_path, options, config, expected):
    assert _configuration_error(tmp_path, config, options=options) == expected


def test_unknown_selector_option_without_a_configuration_file(tmp_path):
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    completed = run_slint("lint", "--select", "SLX99", "template.yaml", cwd=tmp_path)
    assert completed.returncode == 2
    assert completed.stderr.decode() == "slint: configuration error: --select: no rule matches 'SLX99'\n"


def test_unknown_selector_in_pyproject_names_its_line(tmp_path):
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.slint]\nregion = "eu-west-1"\nignore = ["NOPE"]\n'
    )
    completed = run_slint("lint", "--select", "SL101", "template.yaml", cwd=tmp_path)
    assert completed.returncode == 2
    assert (
        completed.stderr.decode()
        == f"slint: configuration error: {tmp_path}/pyproject.toml:6: no rule matches 'NOPE'\n"
    )


@pytest.mark.parametrize(
    "options, config, expected",
    [
        (
            ("--ignore", "cfn-lint/X1"),
            "region: eu-west-1\n",
            "--ignore: 'cfn-lint/X1' is not a cfn-lint rule id or prefix (like cfn-lint/E3012, cfn-lint/W or cfn-lint)",
        ),
        (
            ("--select", "cfn-lint/"),
            "region: eu-west-1\n",
            "--select: 'cfn-lint/' is not a cfn-lint rule id or prefix (like cfn-lint/E3012, cfn-lint/W or cfn-lint)",
        ),
        (
            (),
            "region: eu-west-1\nseverity:\n  cfn-lint/E30x: warning\n",
            ".slint.yaml:2: 'cfn-lint/E30x' is not a cfn-lint rule id or prefix (like cfn-lint/E3012, cfn-lint/W or cfn-lint)",
        ),
        ((), "options:\n  cfn-lint/E3012: {x: 1}\n", ".slint.yaml:1: no rule matches 'cfn-lint/E3012'"),
    ],
    ids=["option-unknown-kind", "option-empty-id", "file-severity", "file-options-are-for-slint-rules"],
)
def test_malformed_cfn_lint_selector(tmp_path, options, config, expected):
    assert _configuration_error(tmp_path, config, options=options) == expected


def test_cfn_lint_selectors_are_accepted_without_loading_cfn_lint(tmp_path):
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / ".slint.yaml").write_text("select: [SL101, cfn-lint/E3012]\nseverity: {cfn-lint/W: error}\n")
    script = (
        "import sys\n"
        "from slint.cli import main\n"
        "try:\n    main(['lint', '--no-cache', '--ignore', 'cfn-lint/E,cfn-lint', 'template.yaml'])\n"
        "except SystemExit as exit:\n    print(exit.code, 'cfnlint' in sys.modules)\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, timeout=120)
    assert completed.stderr == b""
    assert completed.stdout.decode().splitlines()[-1] == "0 False"


def test_bad_pyproject(tmp_path):
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "pyproject.toml").write_text("[tool.slint]\nselect = = 1\n")
    completed = run_slint("lint", "template.yaml", cwd=tmp_path)
    assert completed.returncode == 2
    assert completed.stderr.decode().startswith(
        f"slint: configuration error: {tmp_path}/pyproject.toml:2: invalid TOML:"
    )


def test_missing_config_file(tmp_path):
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    completed = run_slint("lint", "--config", "nope.yaml", "template.yaml", cwd=tmp_path)
    assert completed.returncode == 2
    assert completed.stderr.decode() == "slint: configuration error: nope.yaml: configuration file not found\n"


@pytest.mark.parametrize(
    "policy, expected",
    [
        (
            "policies:\n  - id: ORG001\n    name: x: y\n",
            "policy.yaml:3: invalid YAML: mapping values are not allowed in this context",
        ),
        (
            GOOD_POLICY.replace("present: true", "exactly: 3"),
            "policy.yaml:6: invalid policy at policies/0/require: Additional properties are not allowed ('exactly' was unexpected)",
        ),
        (
            GOOD_POLICY.replace("ORG001", "SL001"),
            "policy.yaml:2: invalid policy at policies/0/id: 'SL001' does not match '^(?!SL)[A-Z][A-Z0-9]*[0-9]{3}$'",
        ),
        (
            GOOD_POLICY.replace("present: true", "pattern: '[unclosed'"),
            "policy.yaml:6: invalid pattern in policy ORG001: unterminated character set at position 0",
        ),
        (
            GOOD_POLICY + "    message: '{value.__class__}'\n",
            "policy.yaml:7: policy ORG001: message may use only {property}, {value}, {expected}, {missing} ('{value.__class__}' is not allowed)",
        ),
        (
            GOOD_POLICY + "    message: '{value:>999999999}'\n",
            "policy.yaml:7: policy ORG001: message may use only {property}, {value}, {expected}, {missing} ('{value:>999999999}' is not allowed)",
        ),
    ],
    ids=[
        "bad-yaml",
        "unknown-requirement",
        "reserved-id",
        "bad-regex",
        "attribute-in-message",
        "huge-width-in-message",
    ],
)
def test_bad_policy_file(tmp_path, policy, expected):
    assert _configuration_error(tmp_path, "policies: [policy.yaml]\n", {"policy.yaml": policy}) == expected


def test_missing_policy_file(tmp_path):
    message = _configuration_error(tmp_path, "policies: [gone.yaml]\n")
    assert message.startswith("gone.yaml: cannot read policy file: [Errno 2] No such file or directory")


def test_local_rule_module_that_raises_on_import(tmp_path):
    module = "import os\n\nraise RuntimeError('not ready')\n"
    message = _configuration_error(tmp_path, "rules_paths: [local_rules]\n", {"local_rules/broken.py": module})
    assert message == "local_rules/broken.py:3: local rule module failed to import: RuntimeError: not ready"


def test_local_rule_module_with_a_syntax_error(tmp_path):
    message = _configuration_error(
        tmp_path, "rules_paths: [local_rules]\n", {"local_rules/typo.py": "def check(:\n    pass\n"}
    )
    assert message.startswith("local_rules/typo.py:1: local rule module failed to import: SyntaxError:")


def test_missing_local_rule_folder(tmp_path):
    message = _configuration_error(tmp_path, "rules_paths: [nowhere]\n")
    assert message == "nowhere: rule folder nowhere does not exist"
