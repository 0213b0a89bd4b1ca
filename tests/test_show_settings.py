"""`slint lint --show-settings`: the resolved settings, where each came from, and nothing linted."""

from __future__ import annotations

from click.testing import CliRunner

from slint.cli import main


def test_show_settings_names_the_origin_of_each_setting_and_lints_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".slint.yaml").write_text("select: [SL1]\nignore: [SL102]\nseverity: {SL101: warning}\n")
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "samconfig.toml").write_text(
        'version = 0.1\n[prod.deploy.parameters]\nregion = "eu-west-1"\n'
    )
    (tmp_path / "stacks" / "t.yaml").write_text(
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Timeout: 1200}\n"
    )
    result = CliRunner().invoke(
        main,
        ["lint", "--show-settings", "--region", "us-east-1", "--ignore", "SL103", "--config-env", "prod", "stacks"],
    )
    assert result.exit_code == 0, result.stderr
    config = tmp_path.resolve() / ".slint.yaml"
    lines = result.stdout.splitlines()
    assert lines[0] == f"# configuration file: {config}"
    assert f'select: ["SL1"]  # {config}:1' in lines
    assert f'ignore: ["SL102", "SL103"]  # {config}:2 + command line' in lines
    assert f'severity: {{"SL101": "warning"}}  # {config}:3' in lines
    assert 'region: "us-east-1"  # command line' in lines
    assert 'config_env: "prod"  # command line' in lines
    assert 'fail_level: "error"  # default' in lines
    rules = next(line for line in lines if line.startswith("# rules that run"))
    assert "SL101 warning" in rules and "SL104 error" in rules and "SL102" not in rules and "SL103" not in rules
    assert (
        f"# samconfig for templates in stacks: {tmp_path.resolve() / 'stacks' / 'samconfig.toml'}, environment prod"
        in lines
    )
    assert "Timeout" not in result.stdout and "problem" not in result.stdout  # nothing was linted
