"""The command line: flags -> settings -> api -> reporter -> exit code. Nothing else lives here."""

from __future__ import annotations

import os
import sys
from datetime import date

import click

from .version import __version__
from .errors import ConfigError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Group(click.Group):
    def main(self, *args, **kwargs):  # usage errors exit 2, like every other configuration error
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(EXIT_USAGE)
        except click.exceptions.Abort:
            sys.exit(EXIT_USAGE)
        except ConfigError as exc:
            click.echo(f"slint: configuration error: {exc}", err=True)
            sys.exit(EXIT_USAGE)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="slint")
def main() -> None:
    """slint: lint AWS SAM and CloudFormation templates against AWS's documented limits."""


def _use_color(no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github", "junit"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE (atomically).")
@click.option("--fail-level", type=click.Choice(["error", "warning", "info"]), help="Lowest severity that makes the exit code 1 (default: error).")
@click.option("--region", help="Deployment region (else samconfig, AWS_REGION, AWS_DEFAULT_REGION).")
@click.option("--parameter", "parameters", multiple=True, metavar="KEY=VALUE", help="Override a template parameter (repeatable).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file (default: nearest .slint.yaml or pyproject.toml).")
@click.option("--config-env", default="default", show_default=True, help="samconfig environment to read.")
@click.option("--select", multiple=True, help="Only these rules (id, id prefix, name or cfn-lint/ID; repeatable, comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules (id, id prefix, name or cfn-lint/ID; repeatable, comma-separated).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Evaluate date-based rules (runtimes) as of this date.")
@click.option("--report-unused-suppressions", is_flag=True, help="Report suppressions that matched nothing.")
@click.option("--cfn-lint/--no-cfn-lint", "cfn_lint", default=None, help="Also run cfn-lint's checks (ids cfn-lint/E3002 ...); config key cfn_lint.")
@click.option("--stdin-filename", default="<stdin>", show_default=True, help="Name for a template read from '-'.")
@click.option("--quiet", "-q", is_flag=True, help="Only errors, and no summary noise.")
@click.option("--verbose", "-v", is_flag=True, help="Also say which files were skipped and why.")
@click.option("--no-color", is_flag=True, help="Never colour the output (NO_COLOR is respected too).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, help="Processes to lint with (default 0: one per CPU; a handful of files runs in one).")
@click.option("--no-cache", is_flag=True, help="Lint every file again, ignoring cached results.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Where cached results live (default: the user cache folder, e.g. ~/.cache/slint).")
def lint(paths, fmt, output, fail_level, region, parameters, config_file, config_env, select, ignore, today, report_unused_suppressions, cfn_lint, stdin_filename, quiet, verbose, no_color, jobs, no_cache, cache_dir) -> None:
    """Lint templates: files, directories (searched for templates), or '-' for standard input."""
    from .api import lint_paths, load_settings
    from .config import parse_cli_parameters
    from .findings import Severity
    from .reporters import file_renderer, render

    paths = paths or (".",)
    if no_cache:
        cache_dir = None
    elif cache_dir is None:
        from .cache import default_cache_dir

        cache_dir = default_cache_dir()
    settings = load_settings(paths, config_file, cache_dir=cache_dir)
    overrides: dict = {"config_env": config_env}
    if fail_level:
        overrides["fail_level"] = Severity.parse(fail_level)
    if region:
        overrides["region"] = region
    if parameters:
        overrides["parameters"] = {**settings.parameters, **parse_cli_parameters(parameters)}
    option_selectors = {key: _split(values) for key, values in (("select", select), ("ignore", ignore)) if values}
    if "select" in option_selectors:
        overrides["select"] = option_selectors["select"]
    if "ignore" in option_selectors:
        overrides["ignore"] = tuple(settings.ignore) + option_selectors["ignore"]
    overrides["option_selectors"] = option_selectors
    if today:
        overrides["today"] = today.date() if hasattr(today, "date") else date.fromisoformat(str(today))
    if cfn_lint is not None:
        overrides["cfn_lint"] = cfn_lint
    if report_unused_suppressions:
        overrides["report_unused_suppressions"] = True
    settings = settings.with_overrides(**overrides)
    options = {}
    if fmt == "text":
        options = {"color": _use_color(no_color) and not output, "verbose": verbose, "quiet": quiet}
    render_file = file_renderer(fmt, **options)
    files: list[str] = []  # each file rendered as soon as it is linted (with --jobs, beside the linting)
    on_result = (lambda result: files.append(render_file(result))) if render_file else None
    report = lint_paths(paths, settings, stdin_name=stdin_filename, jobs=jobs, cache_dir=cache_dir, on_result=on_result)
    text = render(report, fmt, **options, **({"files": files} if render_file else {}))
    if fmt == "github":
        from .reporters.github_report import append_step_summary

        append_step_summary(report)
    if output:
        from .output import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    sys.exit(report.exit_code())


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table", show_default=True)
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
def rules_command(fmt, config_file) -> None:
    """List the rules."""
    from .api import build_engine, load_settings
    from .rule_docs import rules_json, rules_markdown, rules_table

    settings = load_settings([], config_file)
    engine = build_engine(settings)
    if fmt == "json":
        click.echo(rules_json(engine.ruleset), nl=False)
    elif fmt == "markdown":
        click.echo(rules_markdown(engine.ruleset), nl=False)
    else:
        click.echo(rules_table(engine.ruleset, color=_use_color(False)), nl=False)


@main.command("rule")
@click.argument("rule_id")
def rule_command(rule_id) -> None:
    """Print one rule's documentation (by id or name)."""
    from .api import build_engine, load_settings
    from .rule_docs import rule_text

    engine = build_engine(load_settings([]))
    rule = engine.ruleset.find(rule_id)
    if rule is None:
        import difflib

        close = difflib.get_close_matches(rule_id, [r.id for r in engine.ruleset] + [r.name for r in engine.ruleset], n=3)
        raise click.UsageError(f"no rule '{rule_id}'" + (f"; did you mean {', '.join(close)}?" if close else ""))
    click.echo(rule_text(rule), nl=False)


@main.command("graph")
@click.argument("template", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["dot", "mermaid", "json"]), default="mermaid", show_default=True)
@click.option("--region")
@click.option("--parameter", "parameters", multiple=True, metavar="KEY=VALUE")
def graph_command(template, fmt, region, parameters) -> None:
    """Print a template's resource graph."""
    from .config import parse_cli_parameters
    from .graph_export import export_graph, load_template

    loaded = load_template(template, region=region, parameters=parse_cli_parameters(parameters))
    click.echo(export_graph(loaded, fmt), nl=False)


def run() -> None:
    """The console entry point (``slint``, ``python -m slint``): :func:`main`, then an exit that
    skips tearing the interpreter down. Freeing every module and result one by one at exit cost
    about a twentieth of a whole-folder run, and nothing is left to do: output is written and
    flushed here, files and the cache are closed, and worker processes have been joined."""
    try:
        main()
        code = EXIT_OK
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or EXIT_OK
        else:  # sys.exit("message"): printed, status 1, as Python does
            print(exc.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can reach it
            pass
    os._exit(code)
