"""The command line: flags -> settings -> api -> reporter -> exit code. Nothing else lives here."""

from __future__ import annotations

import os
import sys
from datetime import date

import click

from .errors import ConfigError
from .version import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 128 + 2  # SIGINT, as shells report it


class _Group(click.Group):
    def main(self, *args, **kwargs):  # usage errors exit 2, like every other configuration error
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(EXIT_USAGE)
        except click.exceptions.Abort as exc:
            if isinstance(exc.__cause__, KeyboardInterrupt):  # Ctrl-C: a short note, no traceback
                click.echo("slint: interrupted", err=True)
                sys.exit(EXIT_INTERRUPTED)
            sys.exit(EXIT_USAGE)
        except ConfigError as exc:  # may quote a file from the repository: escaped like any output
            from .output import printable

            click.echo(f"slint: configuration error: {printable(str(exc))}", err=True)
            sys.exit(EXIT_USAGE)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="slint")
def main() -> None:
    """slint: lint AWS SAM and CloudFormation templates against AWS's documented limits."""


def _use_color(color: bool | None) -> bool:
    """``--color``/``--no-color`` first, then NO_COLOR (no-color.org), then FORCE_COLOR
    (force-color.org), then whether standard output is a terminal."""
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


@main.command()
@click.argument(
    "paths", nargs=-1, type=click.Path(allow_dash=True, readable=False)
)  # an unreadable path is a finding, not a usage error that hides the rest
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github", "junit"]),
    default="text",
    show_default=True,
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE (atomically).")
@click.option(
    "--sarif-file",
    type=click.Path(dir_okay=False),
    help="Also write a SARIF report of the same run to FILE (for code scanning beside --format github).",
)
@click.option(
    "--fail-level",
    type=click.Choice(["error", "warning", "info"]),
    help="Lowest severity that makes the exit code 1 (default: error).",
)
@click.option("--region", help="Deployment region (else samconfig, AWS_REGION, AWS_DEFAULT_REGION).")
@click.option(
    "--parameter", "parameters", multiple=True, metavar="KEY=VALUE", help="Override a template parameter (repeatable)."
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Configuration file (default: nearest .slint.yaml or pyproject.toml).",
)
@click.option("--config-env", default="default", show_default=True, help="samconfig environment to read.")
@click.option(
    "--select",
    multiple=True,
    help="Only these rules (id, id prefix, name or cfn-lint/ID; repeatable, comma-separated).",
)
@click.option(
    "--ignore",
    multiple=True,
    help="Skip these rules (id, id prefix, name or cfn-lint/ID; repeatable, comma-separated).",
)
@click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Evaluate date-based rules (runtimes) as of this date."
)
@click.option("--report-unused-suppressions", is_flag=True, help="Report suppressions that matched nothing.")
@click.option(
    "--cfn-lint/--no-cfn-lint",
    "cfn_lint",
    default=None,
    help="Also run cfn-lint's checks (ids cfn-lint/E3002 ...); config key cfn_lint.",
)
@click.option("--stdin-filename", default="<stdin>", show_default=True, help="Name for a template read from '-'.")
@click.option(
    "--quiet", "-q", is_flag=True, help="Only the findings that fail the run (at or above --fail-level); no summary."
)
@click.option("--verbose", "-v", is_flag=True, help="Also say which files were skipped and why.")
@click.option(
    "--color/--no-color",
    "color",
    default=None,
    help="Colour the output or not (default: on a terminal; NO_COLOR and FORCE_COLOR are respected).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    help="Processes to lint with (default 0: one per CPU; a handful of files runs in one).",
)
@click.option("--no-cache", is_flag=True, help="Lint every file again, ignoring cached results.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    help="Where cached results live (default: the user cache folder, e.g. ~/.cache/slint).",
)
@click.option(
    "--show-settings",
    is_flag=True,
    help="Print the resolved settings, the rules that would run and the files they came from; lint nothing.",
)
@click.option("--fix", is_flag=True, help="Apply safe fixes in place, then report what remains.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply fixes that change behaviour.")
@click.option(
    "--diff",
    is_flag=True,
    help="Print a unified diff of what --fix would change; write nothing (exit 1 when there are changes).",
)
@click.option(
    "--add-suppressions",
    is_flag=True,
    help="Add an inline '# slint: ignore[...]' for every finding reported, then lint.",
)
@click.option("--reason", help="With --add-suppressions: the reason written in each suppression.")
@click.option(
    "--baseline",
    "baseline",
    type=click.Path(dir_okay=False),
    help="Do not report findings recorded in this baseline file (see --write-baseline).",
)
@click.option(
    "--write-baseline", type=click.Path(dir_okay=False), help="Record every finding reported in this baseline file."
)
def lint(
    paths,
    fmt,
    output,
    sarif_file,
    fail_level,
    region,
    parameters,
    config_file,
    config_env,
    select,
    ignore,
    today,
    report_unused_suppressions,
    cfn_lint,
    stdin_filename,
    quiet,
    verbose,
    color,
    jobs,
    no_cache,
    cache_dir,
    show_settings,
    fix,
    unsafe_fixes,
    diff,
    add_suppressions,
    reason,
    baseline,
    write_baseline,
) -> None:
    """Lint templates: files, directories (searched for templates), or '-' for standard input."""
    from .api import lint_paths, load_settings
    from .config import check_region, parse_cli_parameters
    from .findings import Severity
    from .output import printable
    from .reporters import file_renderer, render

    paths = paths or (".",)
    if cache_dir == "":  # Path("") is the working directory: the cache would land among the templates
        raise click.BadParameter(
            "must not be empty (use --no-cache to lint without the cache)", param_hint="--cache-dir"
        )
    if no_cache:
        cache_dir = None
    elif cache_dir is None:
        from .cache import default_cache_dir

        cache_dir = default_cache_dir()
    settings = load_settings(paths, config_file, cache_dir=cache_dir, stdin_name=stdin_filename)
    overrides: dict = {"config_env": config_env}
    if fail_level:
        overrides["fail_level"] = Severity.parse(fail_level)
    if region:
        overrides["region"] = check_region(region, "--region")
    if parameters:
        option_parameters = parse_cli_parameters(parameters)
        overrides["parameters"] = {**settings.parameters, **option_parameters}
        overrides["option_parameters"] = tuple(option_parameters)
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
    if settings.region is None:
        from .config import default_region

        default_region()  # a mistyped AWS_REGION is an error before any template is linted
    if show_settings:
        from .api import describe_settings

        given = set(overrides) - {"option_selectors", "config_env"} | (
            {"config_env"} if config_env != "default" else set()
        )
        click.echo(describe_settings(paths, settings, stdin_filename, given), nl=False)
        return
    if reason is not None and not add_suppressions:
        raise click.UsageError("--reason goes with --add-suppressions")
    if reason is not None and (not reason.strip() or any(c in reason for c in "#\r\n")):
        raise click.UsageError("--reason must be one line of text without '#' (it ends the comment's reason)")
    baseline_entries = suppress_baselined = None
    if baseline:
        from .adoption import BaselineError, read_baseline

        try:
            baseline_entries = read_baseline(baseline)
        except BaselineError as exc:
            raise click.UsageError(str(exc)) from None
        from .adoption import baseline_suppressor

        suppress_baselined = baseline_suppressor(baseline_entries, baseline)
    if (diff or fix or unsafe_fixes or add_suppressions) and "-" in paths:
        raise click.UsageError(
            "--fix, --unsafe-fixes, --diff and --add-suppressions rewrite files: name the template rather than '-'"
        )
    if diff:
        from .fixes import fix_paths

        done = fix_paths(paths, settings, unsafe=unsafe_fixes, write=False, suppress=suppress_baselined)
        changed = [fixed for fixed in done if fixed.changed]
        click.echo("".join(fixed.diff() for fixed in changed), nl=False)
        if not quiet:
            click.echo(
                f"Would fix {sum(f.applied for f in changed)} problem(s) in {len(changed)} file(s).{_unsafe_hint(done)}",
                err=True,
            )
        sys.exit(EXIT_FINDINGS if changed else EXIT_OK)
    if fix or unsafe_fixes:
        from .fixes import fix_paths

        done = fix_paths(paths, settings, unsafe=unsafe_fixes, suppress=suppress_baselined)
        fixed = [f for f in done if f.changed]
        if not quiet and (fixed or _unsafe_hint(done)):
            click.echo(
                f"Fixed {sum(f.applied for f in fixed)} problem(s) in {len(fixed)} file(s).{_unsafe_hint(done)}",
                err=True,
            )
    if add_suppressions:
        from .adoption import add_suppressions_to_paths

        changed, added, left = add_suppressions_to_paths(paths, settings, reason=reason, suppress=suppress_baselined)
        if not quiet:
            note = (
                f"; {left} finding(s) cannot take an inline comment (JSON, or where a comment would change the data): use --write-baseline"
                if left
                else ""
            )
            click.echo(f"Added suppressions for {added} finding(s) in {changed} file(s){note}.", err=True)
    options = {}
    if fmt == "text":
        options = {
            "color": _use_color(color) and not output,
            "verbose": verbose,
            "quiet": quiet,
            "fail_level": settings.fail_level,
        }
    render_file = file_renderer(fmt, **options)
    files: list[str] = []  # each file rendered as soon as it is linted (with --jobs, beside the linting)
    on_result = (lambda result: files.append(render_file(result))) if render_file else None
    if baseline_entries is not None or write_baseline:
        on_result = None  # the baseline applies to the whole report before it is rendered
    report = lint_paths(paths, settings, stdin_name=stdin_filename, jobs=jobs, cache_dir=cache_dir, on_result=on_result)
    if baseline_entries is not None:
        from .adoption import apply_baseline_to_report

        apply_baseline_to_report(report, baseline_entries, baseline)
    if write_baseline:
        from .adoption import write_baseline as write_baseline_file

        recorded = write_baseline_file(report.findings, write_baseline)
        if not quiet:
            click.echo(f"Wrote {recorded} finding(s) to {write_baseline}.", err=True)
    text = render(report, fmt, **options, **({"files": files} if on_result else {}))
    if fmt == "github":
        from .reporters.github_report import append_step_summary

        append_step_summary(report)
    if sarif_file:
        from .output import write_atomic

        write_atomic(sarif_file, text if fmt == "sarif" else render(report, "sarif"))
    if output:
        from .output import OutputError, write_report

        try:
            write_report(output, text, inputs=[result.file for result in report.results])
        except OutputError as exc:
            click.echo(f"slint: cannot write the report: {printable(str(exc))}", err=True)
            sys.exit(EXIT_USAGE)
    else:
        _echo(text, color=options.get("color") or None)  # click strips colour off a terminal unless told
    if not quiet and not any(result.is_template for result in report.results):
        click.echo(_nothing_linted(report, paths, verbose), err=True)
    sys.exit(report.exit_code())


def _nothing_linted(report, paths, verbose: bool) -> str:
    """The note for a run that linted no template: an empty run looks like a clean one."""
    from .api import TEMPLATE_SUFFIXES

    named = " ".join(paths)
    if not report.results:
        return (f"slint: no template found in {named} (looked for {', '.join('*' + s for s in TEMPLATE_SUFFIXES)}; "
                "hidden folders, .gitignore'd files and exclude patterns are skipped)")  # fmt: skip
    hint = "" if verbose else "; --verbose says why each was skipped"
    return f"slint: none of the {len(report.results)} file(s) read in {named} is a CloudFormation/SAM template{hint}"


def _echo(text: str, color: bool | None = None) -> None:
    """Standard output, as UTF-8 that no string can fail to become (see output.encoded)."""
    from .output import encoded

    click.echo(encoded(text), nl=False, color=color)


def _unsafe_hint(fixed_files) -> str:
    hidden = sum(fixed.unsafe_left for fixed in fixed_files)
    return f" {hidden} more fix(es) available with --unsafe-fixes." if hidden else ""


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
        color = _use_color(None)
        click.echo(rules_table(engine.ruleset, color=color), nl=False, color=color or None)


@main.command("rule")
@click.argument("rule_id")
def rule_command(rule_id) -> None:
    """Print one rule's documentation (by id or name)."""
    from .api import build_engine, load_settings
    from .rule_docs import rule_text

    engine = build_engine(load_settings([]))
    rule = engine.ruleset.find(rule_id)
    if rule is None:
        from .suggestions import did_you_mean

        known = [r.id for r in engine.ruleset] + [r.name for r in engine.ruleset]
        raise click.UsageError(f"no rule '{rule_id}'" + did_you_mean(rule_id, known))
    click.echo(rule_text(rule), nl=False)


@main.command("graph")
@click.argument("template", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["dot", "mermaid", "json"]), default="mermaid", show_default=True)
@click.option("--region")
@click.option("--parameter", "parameters", multiple=True, metavar="KEY=VALUE")
def graph_command(template, fmt, region, parameters) -> None:
    """Print a template's resource graph."""
    from .config import check_region, parse_cli_parameters
    from .graph_export import export_graph, load_template

    region = check_region(region, "--region") if region else None
    loaded = load_template(template, region=region, parameters=parse_cli_parameters(parameters))
    _echo(export_graph(loaded, fmt))


@main.command("server")
def server_command() -> None:
    """Run the language server over stdio (for editors; needs the 'server' extra)."""
    from importlib.util import find_spec

    from .server import PYGLS_MISSING

    if find_spec("pygls") is None or find_spec("lsprotocol") is None:  # say clearly what is missing
        raise click.ClickException(PYGLS_MISSING)
    from .server import serve

    serve()


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
