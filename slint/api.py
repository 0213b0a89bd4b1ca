"""The library entry points the CLI, tests, pre-commit and the GitHub Action all call.

from slint.api import lint_paths, lint_text
report = lint_paths(["template.yaml"])
for finding in report.findings: ...
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings, find_config, settings_from_file
from .engine import MAX_TEMPLATE_BYTES, Engine, FileResult, PathMemo
from .errors import ConfigError
from .findings import Finding, Severity
from .registry import RuleSet
from .sources import display_path, lint_file, read_template, unreadable_folder_result  # noqa: F401  (the API's names before slint.sources)

TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")
_SKIP_DIRS = {"node_modules", "__pycache__", "cdk.out"}


@dataclass
class Report:
    results: list[FileResult]
    settings: Settings
    ruleset: RuleSet
    skipped: list[str] = field(default_factory=list)
    active_rules: list = field(
        default_factory=list
    )  # the rules that ran (engine.ActiveRule), with their configured severity

    @property
    def all_findings(self) -> list[Finding]:
        """Every finding, suppressed ones included, in a deterministic order."""
        return [f for result in self.results for f in result.findings]

    @property
    def findings(self) -> list[Finding]:
        """Findings that are not suppressed."""
        return [f for f in self.all_findings if f.suppressed is None]

    def summary(self) -> dict:
        counts = dict.fromkeys((Severity.ERROR, Severity.WARNING, Severity.INFO), 0)
        suppressed = 0
        for result in self.results:  # one pass: a large run has tens of thousands of findings
            for finding in result.findings:
                if finding.suppressed is None:
                    counts[finding.severity] += 1
                else:
                    suppressed += 1
        return {
            "files": len(self.results),
            "templates": sum(1 for r in self.results if r.is_template),
            **{severity.value: count for severity, count in counts.items()},
            "suppressed": suppressed,
        }

    def exit_code(self, fail_level: Severity | None = None) -> int:
        level = (fail_level or self.settings.fail_level).rank
        return 1 if any(f.severity.rank >= level for f in self.findings) else 0


STDIN_NAME = "<stdin>"  # the name of a template read from standard input, unless one is given


def load_settings(
    paths: Iterable[str | os.PathLike] = (),
    config: str | os.PathLike | None = None,
    base: Settings | None = None,
    cache_dir: str | os.PathLike | None = None,
    stdin_name: str = STDIN_NAME,
) -> Settings:
    """Settings from an explicit config file, or the nearest one above the first path (for
    ``-``, above ``stdin_name`` when one is given, as for the file at that path).

    ``cache_dir`` (the result cache's folder) also remembers configurations already validated."""
    base = base or Settings()
    known_valid = Path(cache_dir) / "valid-configs" if cache_dir is not None else None
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise ConfigError("configuration file not found", str(path))
        return settings_from_file(path, base, known_valid)
    for raw in paths:
        if str(raw) == "-":
            if stdin_name == STDIN_NAME:
                continue
            raw = stdin_name
        found = find_config(Path(raw))
        if found is not None:
            return settings_from_file(found, base, known_valid)
        break
    if not list(paths):
        found = find_config(Path.cwd())
        if found is not None:
            return settings_from_file(found, base, known_valid)
    return base


def describe_settings(
    paths: Iterable[str | os.PathLike],
    settings: Settings,
    stdin_name: str = STDIN_NAME,
    from_command_line: Iterable[str] = (),
) -> str:
    """The resolved settings of a run and where each came from (``slint lint --show-settings``):
    the configuration file and line, the command line, or the default; the rules that would run
    at their severity; and for each folder of templates the samconfig file read."""
    import dataclasses
    import json

    engine = build_engine(settings)
    given = set(from_command_line)
    out = [f"# configuration file: {settings.config_file or '(none)'}"]
    for item in dataclasses.fields(settings):
        if item.name in ("config_file", "config_lines", "option_selectors", "option_parameters"):
            continue
        value = getattr(settings, item.name)
        in_file = (
            f"{settings.config_file}:{settings.config_lines[item.name]}"
            if settings.config_file and item.name in settings.config_lines
            else None
        )
        if item.name in given:  # the command line adds to ignore and parameters, and replaces the rest
            origin = (
                f"{in_file} + command line" if in_file and item.name in ("ignore", "parameters") else "command line"
            )
        else:
            origin = in_file or "default"
        shown = json.dumps(value.value if isinstance(value, Severity) else value, default=str)
        out.append(f"{item.name}: {shown}  # {origin}")
    out.append(
        f"# rules that run ({len(engine.active)}): "
        + ", ".join(f"{a.rule.id} {a.severity.value}" for a in engine.active.values())
    )
    from .config import samconfig_file

    folders: dict[Path, None] = {}
    for path in iter_template_files(
        paths, settings.exclude, settings.config_file.parent if settings.config_file else None, stdin_name
    ):
        folders.setdefault(Path(stdin_name if str(path) == "-" else path).resolve().parent)
    for folder in folders:
        found = samconfig_file(folder) if settings.use_samconfig else None
        read = f"{found}, environment {settings.config_env}" if found else "none"
        out.append(f"# samconfig for templates in {display_path(folder)}: {read}")
    return "\n".join(out) + "\n"


def build_engine(settings: Settings) -> Engine:
    return Engine.from_settings(settings)


def iter_template_files(
    paths: Iterable[str | os.PathLike],
    exclude: Iterable[str] = (),
    root: str | os.PathLike | None = None,
    stdin_name: str = STDIN_NAME,
    on_error: Callable[[OSError], None] | None = None,
) -> Iterator[Path]:
    """Files named directly, and template-like files below directories.

    ``exclude`` patterns (see :func:`is_excluded`, relative to ``root``, default the working
    directory) apply to both, as ruff's ``force-exclude`` does: pre-commit names every file.
    Walks skip hidden folders, ``node_modules`` and the like, and what ``.gitignore`` ignores
    inside a git work tree. Symbolic links to directories are not followed, so a link loop
    cannot hang the walk. ``on_error`` is called, in walk order, with the error of each folder
    that cannot be listed (``exc.filename`` is the folder); a named path that cannot even be
    looked at is yielded, so reading it reports why."""
    from .gitignore import GitIgnore

    excluded = tuple(exclude)
    root_real = os.path.realpath(root if root is not None else os.getcwd())
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if excluded and is_excluded(Path(stdin_name) if str(raw) == "-" else path, excluded, root_real):
            continue  # a template on stdin is excluded as the file it names would be
        if not _is_dir(path):
            if str(path) not in seen:
                seen.add(str(path))
                yield path
            continue
        top_real = Path(os.path.realpath(path))
        ignores: dict[str, GitIgnore | None] = {}
        for folder, dirs, files in os.walk(path, onerror=on_error):
            folder_real = top_real / os.path.relpath(folder, path)
            if folder == os.fspath(path):
                rules = GitIgnore.for_folder(top_real)
            else:
                parent = ignores.get(os.path.dirname(folder))
                rules = parent.entering(folder_real, files + dirs) if parent is not None else None
            ignores[folder] = rules
            dirs[:] = sorted(
                d for d in dirs
                if not d.startswith(".") and d not in _SKIP_DIRS
                and not (rules is not None and rules.ignores(folder_real / d, True))
                and not (excluded and is_excluded(Path(folder, d), excluded, root_real, str(folder_real / d)))
            )  # fmt: skip
            folder_path = Path(folder)
            for name in sorted(files):
                if not name.endswith(TEMPLATE_SUFFIXES) or name.startswith("."):
                    continue
                if rules is not None and rules.ignores(folder_real / name, False):
                    continue
                candidate = folder_path / name
                if excluded and is_excluded(candidate, excluded, root_real, str(folder_real / name)):
                    continue
                text = str(candidate)
                if text not in seen:
                    seen.add(text)
                    yield candidate


def is_excluded(path: Path, patterns: tuple[str, ...], root_real: str, real: str | None = None) -> bool:
    """Whether an ``exclude`` pattern names ``path``. A pattern without ``/`` but a trailing one
    (``chart``, ``build/``, ``*.generated.yaml``) matches any one part of the path, file or folder
    name; one with ``/`` (``legacy/*.yaml``, ``/infra/old.yaml``) matches the path relative to
    ``root_real`` or a folder it is in."""
    import fnmatch

    real = real if real is not None else os.path.realpath(path)
    relative = os.path.relpath(real, root_real).replace(os.sep, "/")
    if relative.startswith("../"):
        relative = real.replace(os.sep, "/")
    parts = relative.split("/")
    prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    for pattern in patterns:
        pattern = pattern.strip().removeprefix("./")
        anchored = "/" in pattern.rstrip("/")
        pattern = pattern.strip("/")
        if anchored:
            if any(fnmatch.fnmatchcase(prefix, pattern) for prefix in prefixes):
                return True
        elif any(fnmatch.fnmatchcase(part, pattern) for part in parts):
            return True
    return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # too long, or below a folder that cannot be searched
        return False


def lint_paths(
    paths: Iterable[str | os.PathLike],
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    stdin_name: str = STDIN_NAME,
    jobs: int | None = 1,
    cache_dir: str | os.PathLike | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> Report:
    """Lint files and directories (``-`` reads standard input). One broken file never hides the others.

    ``jobs`` > 1 (None: one per CPU) spreads the files over processes, with the same results in
    the same order; it needs the engine built here, so a given ``engine`` lints serially.
    ``cache_dir`` keeps results of unchanged templates there (see slint.cache).
    ``on_result`` is called with each file's final result in the report's order, as soon as
    it and every result before it are known (with ``jobs``, while later files are being linted)."""
    paths = list(paths)
    if settings is None:
        settings = load_settings(paths, cache_dir=cache_dir, stdin_name=stdin_name)
    workers_allowed = engine is None
    engine = engine or build_engine(settings)
    cache = _open_cache(cache_dir, engine)
    files: list[Path | OSError] = []  # an OSError: a folder that cannot be listed, reported where the walk met it
    files.extend(
        iter_template_files(
            paths,
            settings.exclude,
            settings.config_file.parent if settings.config_file else None,
            stdin_name,
            files.append,
        )
    )
    outer_memo = engine.paths
    engine.paths = outer_memo or PathMemo()
    try:
        results = _lint_files(engine, files, cache, jobs if workers_allowed else 1, stdin_name, on_result)
    finally:
        engine.paths = outer_memo
    if cache is not None:
        cache.save()
    return Report(results, settings, engine.ruleset, active_rules=list(engine.active.values()))


def _lint_files(
    engine: Engine, files: list[Path | OSError], cache, jobs: int | None, stdin_name: str, on_result
) -> list[FileResult]:
    """Results in the order of ``files``. With a cache, this process reads each file and serves
    what it can; only the rest is linted (here, or by worker processes, given the bytes read here)."""
    from .parallel import LintJob, effective_jobs, lint_in_processes

    results: list[FileResult | None] = [None] * len(files)
    pending: list[tuple[int, LintJob, str | None]] = []  # where the result goes, what to lint, its cache key
    finished = 0  # results[:finished] are final and were handed to on_result

    def settle(position: int, result: FileResult) -> None:  # pending results arrive in order
        nonlocal finished
        index, job, key = pending[position]
        results[index] = result
        if key is not None:
            cache.put(key, job.data, result)  # as linted: unused suppressions are added per run
        while finished < len(results) and results[finished] is not None:
            _finish(results[finished], engine, on_result)
            finished += 1

    with _collector_paused():
        for index, path in enumerate(files):
            if isinstance(path, OSError):
                results[index] = unreadable_folder_result(engine, path)
            elif str(path) == "-":
                results[index] = _lint_stdin(engine, stdin_name)
            elif cache is None:
                pending.append((index, LintJob(path), None))
            else:
                file = display_path(path, engine.real_path(path))
                data = read_template(engine, path, file)
                if isinstance(data, FileResult):
                    results[index] = data
                    continue
                key = cache.key(engine, data, file, path)
                results[index] = cache.get(key, data)
                if results[index] is None:
                    pending.append((index, LintJob(path, file, data), key))
        workers = effective_jobs(jobs, len(pending))
        if workers > 1:
            lint_in_processes(engine, [job for _, job, _ in pending], workers, settle)
        else:
            for position, (_, job, _) in enumerate(pending):
                settle(position, job.run(engine))
        for result in results[finished:]:  # served from the cache after the last one linted
            _finish(result, engine, on_result)  # type: ignore[arg-type]
    return results  # type: ignore[return-value]  # every slot is filled


def _lint_stdin(engine: Engine, stdin_name: str) -> FileResult:
    """Standard input, named and placed (samconfig, relative artifacts) as the file ``stdin_name``."""
    data = sys.stdin.buffer.read(MAX_TEMPLATE_BYTES + 1)  # bounded like a file: `yes | slint lint -` ends
    if stdin_name == STDIN_NAME:
        return engine.lint_bytes(data, stdin_name, Path.cwd() / "template.yaml")
    path = Path(stdin_name)
    return engine.lint_bytes(data, display_path(path), path)


def _finish(result: FileResult, engine: Engine, on_result) -> None:
    add_unused_suppression_findings(result, engine)
    if on_result is not None:
        on_result(result)


@contextlib.contextmanager
def _collector_paused():
    """No automatic garbage collection during a run: results pile up and stay alive, and the
    collector would keep re-scanning them; each linted file is collected once
    (see Engine.lint_bytes)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _open_cache(cache_dir: str | os.PathLike | None, engine: Engine):
    if cache_dir is None:
        return None
    from .cache import ResultCache

    try:
        return ResultCache.open(cache_dir, engine)
    except OSError:  # the cache only ever saves time; without it the run is the same
        return None


def lint_text(
    text: str, filename: str = "template.yaml", settings: Settings | None = None, *, engine: Engine | None = None
) -> Report:
    """Lint template text held in memory (no samconfig lookup, no file access)."""
    settings = settings or Settings(use_samconfig=False)
    engine = engine or build_engine(settings)
    result = engine.lint_bytes(text.encode("utf-8"), filename, None)
    add_unused_suppression_findings(result, engine)
    return Report([result], settings, engine.ruleset, active_rules=list(engine.active.values()))


def add_unused_suppression_findings(result: FileResult, engine: Engine) -> None:
    """SL009 findings for the suppressions in ``result`` that matched nothing, when asked for.
    Added to a final result, never to the one the cache keeps (the setting is the run's)."""
    if not engine.settings.report_unused_suppressions or not result.unused_suppressions:
        return
    from .core_rules import UnusedSuppression

    for suppression in result.unused_suppressions:
        finding = engine.engine_finding(
            UnusedSuppression,
            "unused",
            result.file,
            suppression.line,
            suppression.column,
            resource=suppression.resource,
            what=suppression.describe(),
        )
        if finding is None:  # SL009 is ignored or off
            return
        result.findings.append(finding)
    result.findings.sort(key=Finding.sort_key)
