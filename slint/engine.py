"""Settings + rules + template text -> findings.

Each template is parsed once; rules are dispatched by resource type; a rule that raises
becomes an internal-error finding while everything else goes on; findings come out sorted.
"""

from __future__ import annotations

import gc
import os
import stat
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .artifacts import local_artifact_paths
from .cfnlint_bridge import CfnLintSelection, cfn_lint_findings, is_cfn_lint_selector, names_cfn_lint
from .config import Settings, did_you_mean, samconfig_for, samconfig_parameter_location
from .core_rules import (
    AnalysisCutShort,
    InternalError,
    InvalidSuppression,
    ParseFailure,
    UnusedSuppression,
    cap_findings,
)
from .errors import ConfigError
from .findings import Finding, Severity
from .interrupts import RULE_EXITS, is_ctrl_c, watching_ctrl_c
from .model import Resource, Template, is_template, looks_like_template_text
from .parser import ParseError, decode, parse_text
from .registry import RuleSet, load_ruleset
from .rule import Context, Rule
from .suppressions import (
    METADATA_KEYS,
    Suppression,
    apply_suppressions,
    config_suppressions,
    inline_suppressions,
    metadata_suppressions,
    template_suppressions,
    unknown_metadata_keys,
)
from .values import Value

Check = Callable[[Resource, Context], None]


class TooLarge(Exception):
    """A file past MAX_TEMPLATE_BYTES: not read."""


class NotATemplate(Exception):
    """Text that parses but is no CloudFormation or SAM template."""


MAX_TEMPLATE_BYTES = 10 * 1024 * 1024  # CloudFormation's own limit is 1 MB; far beyond it we stop reading


@dataclass
class FileResult:
    file: str
    findings: list[Finding] = field(default_factory=list)
    is_template: bool = True
    lines: list[str] = field(default_factory=list)  # source lines, kept for code frames
    unused_suppressions: list[Suppression] = field(default_factory=list)
    note: str | None = None  # why a file was skipped, for --verbose
    artifact_paths: list[str] | None = field(default_factory=list)  # local files/folders it packages (None: unknown)


@dataclass
class ActiveRule:
    rule: Rule
    severity: Severity
    options: dict
    configured: bool = False  # the user set this rule's severity

    def __post_init__(self) -> None:
        self.options_view = MappingProxyType(dict(self.options))  # what every Context of this rule reads

    def finding(
        self,
        message_id: str,
        params: dict,
        file: str,
        span: tuple[int, int, int, int],
        *,
        resource: str | None = None,
        path: tuple = (),
        severity: Severity | None = None,
        note: str = "",
        related: tuple = (),
        fix: Any = None,
    ) -> Finding:
        """The one place a finding of a slint rule is made: its declared message filled in, at the
        severity the user configured, else the one the check gave, else its message's (or rule's)."""
        rule = self.rule
        if self.configured:
            severity = self.severity
        elif severity is None:
            severity = getattr(rule.messages[message_id], "severity", None) or self.severity
        message = rule.messages[message_id].format(**params) + note
        return Finding(
            rule.id,
            rule.name,
            severity,
            message,
            file,
            *span,
            resource,
            tuple(path),
            rule.source_url,
            message_id,
            None,
            related,
            fix,
        )


class PathMemo:
    """Facts about paths for the length of one run: each folder is resolved, and its samconfig
    looked up, once rather than once per file. A new run starts a new memo, so it sees edits."""

    def __init__(self) -> None:
        self.real_folders: dict[str, str] = {}
        self.real_paths: dict[str, str] = {}
        self.folder_settings: dict[str, tuple[str | None, dict, ConfigError | None]] = {}

    def real_path(self, path: Path) -> str:
        """``os.path.realpath(path)``, with the folder part resolved once per folder."""
        text = os.fspath(path)
        known = self.real_paths.get(text)
        if known is not None:
            return known
        folder, name = os.path.split(text)
        try:
            plain_file = name not in ("", ".", "..") and not stat.S_ISLNK(os.lstat(text).st_mode)
        except OSError:
            plain_file = False
        if plain_file:  # only the folder can hold links: resolve it once
            real_folder = self.real_folders.get(folder)
            if real_folder is None:
                real_folder = self.real_folders[folder] = os.path.realpath(folder)
            real = os.path.join(real_folder, name)
        else:
            real = os.path.realpath(text)
        self.real_paths[text] = real
        return real


class Engine:
    def __init__(self, settings: Settings, ruleset: RuleSet):
        self.settings = settings
        self.ruleset = ruleset
        self.paths: PathMemo | None = None  # set for the length of a run (api.lint_paths, --jobs workers)
        self.active = self._resolve_rules()
        self.cfn_lint_selection = CfnLintSelection.from_settings(settings)
        self.by_type: dict[str, list[tuple[ActiveRule, Check]]] = {}  # resource type -> (rule, its check for the type)
        self.any_type: list[tuple[ActiveRule, Check]] = []
        self.template_rules: list[ActiveRule] = []
        for active in self.active.values():
            rule = active.rule
            if rule.has_resource_check():
                if "*" in rule.resource_types:
                    self.any_type.append((active, rule.check_resource))
                else:
                    for type_ in rule.resource_types:
                        self.by_type.setdefault(type_, []).append((active, rule.check_for(type_)))
            if type(rule).check_template is not Rule.check_template:
                self.template_rules.append(active)
        for type_ in self.by_type:
            self.by_type[type_].extend(self.any_type)
        self.implicit_rules = [
            a for a in self.active.values() if a.rule.include_implicit and a.rule.has_resource_check()
        ]
        # generic rules (the schema layer) whose finding yields to a specific rule's on the same path
        self.deferring_rules = frozenset(
            a.rule.id for a in self.active.values() if getattr(a.rule, "defers_to_specific_rules", False)
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> Engine:
        """The engine for ``settings``: built-in, installed and local rules and policies loaded."""
        return cls(settings, load_ruleset(settings.rules_paths, settings.policies))

    # -- rule selection --------------------------------------------------------------------------

    def _resolve_rules(self) -> dict[str, ActiveRule]:
        settings = self.settings
        ruleset = self.ruleset
        per_file_selectors = [selector for selectors in settings.per_file_ignores.values() for selector in selectors]
        for key in ("select", "ignore", "extend_select", "severity", "options", "per_file_ignores"):
            for selector in per_file_selectors if key == "per_file_ignores" else getattr(settings, key):
                problem = self.selector_problem(selector, cfn_lint_allowed=key != "options")
                if problem is not None:
                    raise _config_error(problem, settings, key, selector)
        if settings.select:
            chosen = {r.id: r for s in settings.select for r in ruleset.matching(s)}
            policies = [r for r in ruleset if getattr(r, "policy", False)]
            if not any(
                r.id in chosen for r in policies
            ):  # declaring a policy selects it; a select naming none leaves them on
                chosen.update((r.id, r) for r in policies)
        else:
            chosen = {r.id: r for r in ruleset if r.default_enabled}
        for selector in settings.extend_select:
            chosen.update({r.id: r for r in ruleset.matching(selector)})
        for selector in settings.ignore:
            for rule in ruleset.matching(selector):
                chosen.pop(rule.id, None)
        severities: dict[str, str] = {}
        for selector, level in settings.severity.items():
            for rule in ruleset.matching(selector):
                severities[rule.id] = level
        active: dict[str, ActiveRule] = {}
        for rule_id in sorted(chosen):
            rule = chosen[rule_id]
            level = severities.get(rule_id)
            if level == "off":
                continue
            options = dict(rule.default_options)
            for selector, configured in settings.options.items():
                if rule in ruleset.matching(selector):
                    options.update(configured)
                    _validate_options(rule, options, settings)
            active[rule_id] = ActiveRule(rule, Severity.parse(level) if level else rule.severity, options, bool(level))
        for rule_id in (
            InternalError.id,
            ParseFailure.id,
            AnalysisCutShort.id,
        ):  # always reported: never hide a failure
            if rule_id not in active:
                rule = ruleset.by_id[rule_id]
                active[rule_id] = ActiveRule(rule, rule.severity, {})
        ignored = {rule.id for selector in settings.ignore for rule in ruleset.matching(selector)}
        level = severities.get(UnusedSuppression.id)
        if (
            UnusedSuppression.id not in active and UnusedSuppression.id not in ignored and level != "off"
        ):  # report_unused_suppressions asks for it
            active[UnusedSuppression.id] = ActiveRule(
                ruleset.by_id[UnusedSuppression.id],
                Severity.parse(level) if level else UnusedSuppression.severity,
                {},
                bool(level),
            )
        return active

    def selector_problem(self, selector: str, cfn_lint_allowed: bool = True) -> str | None:
        """Why ``selector`` names no rule (with the closest id or name), or None when it names one."""
        if cfn_lint_allowed and names_cfn_lint(selector):  # matches nothing while the bridge is off
            if is_cfn_lint_selector(selector):
                return None
            return f"'{selector}' is not a cfn-lint rule id or prefix (like cfn-lint/E3012, cfn-lint/W or cfn-lint)"
        if self.ruleset.matching(selector):
            return None
        return f"no rule matches '{selector}'" + did_you_mean(
            selector, [r.id for r in self.ruleset] + [r.name for r in self.ruleset]
        )

    # -- linting ---------------------------------------------------------------------------------

    def lint_bytes(self, data: bytes, file: str, path: Path | None = None) -> FileResult:
        """Lint one file's content; ``file`` is the name findings carry, ``path`` locates samconfig.

        Never raises for anything a template contains: the worst case is an internal-error
        finding. Raises a ConfigError for a typo in the configuration its samconfig gives.

        The garbage collector pauses while one file is linted, and makes one young-generation
        pass after it for any cycles left. The template's model lives exactly as long as its
        file is linted: the automatic collector would keep re-scanning it while it is alive
        (about a tenth of the CPU time, more for a large template), and the model is freed by
        reference counting once linted (Template.discard), so memory stays as it was."""
        collector_was_on = gc.isenabled()
        gc.disable()
        try:
            with watching_ctrl_c():
                return self._lint_bytes(data, file, path)
        except ConfigError:  # a typo in the run's configuration (--config-env, a samconfig Region): ends the run
            raise
        except Exception as exc:  # a bug in the model or graph: report it, keep the run going
            result = FileResult(file)
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            error = f"{type(exc).__name__}: {exc} at {Path(frame.filename).name}:{frame.lineno}"
            result.findings.append(
                self.active[InternalError.id].finding("template_failed", {"error": error}, file, (1, 1, 1, 2))
            )
            return result
        finally:
            gc.collect(0)
            if collector_was_on:
                gc.enable()

    def read_template(self, data: bytes, file: str, path: Path | None) -> Template:
        """Bytes -> Template, the one way for linting and ``slint graph``: the size limit,
        decoding, parsing, then the region and parameters from the settings and samconfig.

        Raises TooLarge, ParseError (RecursionError for nesting the parser did not stop) or
        NotATemplate."""
        return self._read_template(data, file, path)[0]

    def _read_template(self, data: bytes, file: str, path: Path | None) -> tuple[Template, ConfigError | None]:
        """:meth:`read_template`, and why the folder's samconfig could not be used (None: it could)."""
        if len(data) > MAX_TEMPLATE_BYTES:
            raise TooLarge(
                f"file is larger than {MAX_TEMPLATE_BYTES:,} bytes, the most slint reads (CloudFormation accepts 1 MB); not analysed"
            )
        text = decode(data)
        parsed = parse_text(text, file)
        if not is_template(parsed.root):
            raise NotATemplate(
                "not a CloudFormation/SAM template (no AWSTemplateFormatVersion, Transform or AWS:: resources)"
            )
        region, parameters, samconfig_problem = self.region_and_parameters(path)
        base_dir = Path(os.path.dirname(self.real_path(path))) if path is not None else None
        template = Template(
            parsed.root,
            filename=file,
            text=text,
            diagnostics=parsed.diagnostics,
            region=region,
            parameter_values=parameters,
            base_dir=base_dir,
            literal_spans=parsed.literal_spans,
            format=parsed.format,
        )
        return template, samconfig_problem

    def _lint_bytes(self, data: bytes, file: str, path: Path | None) -> FileResult:
        result = FileResult(file)
        try:
            template, samconfig_problem = self._read_template(data, file, path)
        except TooLarge as exc:
            result.findings.append(self.engine_finding(ParseFailure, "parse", file, 1, 1, error=str(exc)))
            return result
        except ParseError as exc:
            text = _decoded_or_none(data)
            if text is not None and not looks_like_template_text(text):  # Helm, Jinja: someone else's YAML
                result.is_template = False
                result.note = f"does not parse ({exc.message}, line {exc.line}) and shows no sign of CloudFormation/SAM"
                return result
            result.findings.append(
                self.engine_finding(ParseFailure, "parse", file, exc.line, exc.column, error=exc.message)
            )
            result.lines = _safe_lines(data)
            return result
        except RecursionError:
            result.findings.append(self.engine_finding(ParseFailure, "parse", file, 1, 1, error="nesting too deep"))
            return result
        except NotATemplate as exc:
            result.is_template = False
            result.note = str(exc)
            return result
        try:
            result.lines = template.lines
            result.findings = self.run_rules(template)
            result.artifact_paths = local_artifact_paths(template)
            if self.settings.cfn_lint:
                try:
                    result.findings.extend(cfn_lint_findings(template, result.findings, self.cfn_lint_selection))
                except Exception as exc:  # cfn-lint's bug must not cost the user slint's findings
                    error = f"{type(exc).__name__}: {exc}"
                    result.findings.append(
                        self.engine_finding(InternalError, "failed", file, 1, 1, rule="cfn-lint", error=error)
                    )
            if samconfig_problem is not None:  # linted without it, and said so
                result.findings.append(
                    self.engine_finding(ParseFailure, "samconfig", file, 1, 1, where=_beside(file, samconfig_problem))
                )
            if template.resolver.cut_short is not None:
                result.findings.append(self._cut_short_finding(template))
            self._suppress(template, result)
        finally:
            template.discard()
        result.findings.sort(key=Finding.sort_key)
        result.findings = cap_findings(result.findings)
        return result

    def _cut_short_finding(self, template: Template) -> Finding:
        node, reason = template.resolver.cut_short
        return _finding(self.active[AnalysisCutShort.id], node, "cut_short", {"reason": reason}, None, template, None)

    def real_path(self, path: Path) -> str:
        return self.paths.real_path(path) if self.paths is not None else os.path.realpath(path)

    def region_and_parameters(self, path: Path | None) -> tuple[str | None, dict, ConfigError | None]:
        """The region and parameter values a template at ``path`` is linted with (the settings,
        its folder's samconfig, the default region), and why its samconfig could not be used
        (None when it could, or there is none); worked out once per folder in a run."""
        memo = self.paths
        if memo is None or path is None:
            return self._read_region_and_parameters(path)
        folder = os.path.dirname(os.fspath(path))
        known = memo.folder_settings.get(folder)
        if known is None:
            known = memo.folder_settings[folder] = self._read_region_and_parameters(path)
        return known[0], dict(known[1]), known[2]

    def _read_region_and_parameters(self, path: Path | None) -> tuple[str | None, dict, ConfigError | None]:
        settings = self.settings
        region = settings.region
        parameters: dict = {}
        problem = None
        if path is not None and settings.use_samconfig:
            samconfig = samconfig_for(path, settings.config_env)
            if samconfig is not None:
                parameters.update(samconfig.parameters)
                region = region or samconfig.region
                problem = samconfig.problem
        parameters.update(settings.parameters)
        if region is None:
            from .config import default_region

            region = default_region()
        return region, parameters, problem

    def run_rules(self, template: Template) -> list[Finding]:
        findings: list[Finding] = []
        file = template.filename
        settings = self.settings

        def context(active: ActiveRule) -> Context:
            def emit(
                target: Any,
                message_id: str,
                params: dict,
                resource: Resource | None,
                severity: Severity | None,
                fix: Any = None,
            ) -> None:
                findings.append(
                    _finding(active, target, message_id, params, resource, template, severity, settings, fix)
                )

            return Context(template, active.rule, active.options_view, settings, emit)

        for active in self.template_rules:
            try:
                active.rule.check_template(template, context(active))
            except Exception as exc:  # one failing rule never stops the rest
                findings.append(_rule_failure(self.active[InternalError.id], active, exc, template, file))
            except RULE_EXITS as exc:  # a rule's sys.exit() is its failure too; a Ctrl-C is not
                if is_ctrl_c(exc):
                    raise
                findings.append(_rule_failure(self.active[InternalError.id], active, exc, template, file))
        contexts: dict[str, Context] = {}
        for resource, checks in self._dispatch(template):
            for active, check in checks:
                ctx = contexts.get(active.rule.id)
                if ctx is None:
                    ctx = contexts[active.rule.id] = context(active)
                try:
                    check(resource, ctx)
                except Exception as exc:
                    findings.append(_rule_failure(self.active[InternalError.id], active, exc, resource, file))
                except RULE_EXITS as exc:
                    if is_ctrl_c(exc):
                        raise
                    findings.append(_rule_failure(self.active[InternalError.id], active, exc, resource, file))
        if self.deferring_rules:
            findings = drop_covered_findings(findings, self.deferring_rules)
        return merge_globals_repeats(findings)

    def _dispatch(self, template: Template):
        """(resource, the rules that check it): explicit resources by type, then the implicit
        resources SAM creates, for the rules that ask for them."""
        by_type, any_type = self.by_type, self.any_type
        if by_type or any_type:
            for resource in template.resources.values():
                yield resource, by_type.get(resource.type, any_type)
        if self.implicit_rules:
            for logical_id, resource in template.graph.implicit.items():
                if logical_id == resource.logical_id:  # not the "Fn.Version"-style aliases
                    yield (
                        resource,
                        [
                            (a, a.rule.check_for(resource.type))
                            for a in self.implicit_rules
                            if resource.type in a.rule.resource_types or "*" in a.rule.resource_types
                        ],
                    )

    def _suppress(self, template: Template, result: FileResult) -> None:
        comments = inline_suppressions(template.text, result.file, template.literal_spans)
        metadata = metadata_suppressions(template.resources.values(), result.file)
        config = config_suppressions(self.settings.per_file_ignores, result.file) + template_suppressions(
            template.root, result.file
        )
        self._check_suppressions(template, result, comments, metadata, config)
        if not (comments or metadata or config):
            return
        resource_lines = {r.logical_id: r.span[0] for r in template.resources.values()}
        apply_suppressions(
            result.findings,
            comments=comments,
            metadata=metadata,
            config=config,
            resource_lines=resource_lines,
            renamed=self.ruleset.renamed,
        )
        every = (
            [s for group in comments.values() for s in group]
            + [s for group in metadata.values() for s in group]
            + config
        )
        result.unused_suppressions = [s for s in every if not s.used]

    def _check_suppressions(
        self, template: Template, result: FileResult, comments: dict, metadata: dict, config: list
    ) -> None:
        """SL005 findings for suppressions naming no rule and unknown keys under Metadata.slint."""
        if (
            InvalidSuppression.id not in self.active or "slint" not in template.text
        ):  # no suppression or Metadata.slint to check
            return
        file = result.file
        written = [s for group in comments.values() for s in group] + [s for group in metadata.values() for s in group]
        written += [s for s in config if s.kind == "metadata"]  # per_file_ignores were checked with the configuration
        for suppression in written:
            if self.settings.require_suppression_reason and suppression.reason is None:
                where = "inline suppression" if suppression.kind == "comment" else "Metadata.slint"
                example = (
                    "# slint: ignore[SL101] reason: ..." if suppression.kind == "comment" else "Metadata.slint.reason"
                )
                result.findings.append(
                    self.engine_finding(
                        InvalidSuppression,
                        "no_reason",
                        file,
                        suppression.line,
                        suppression.column,
                        resource=suppression.resource,
                        where=where,
                        example=example,
                    )
                )
            for selector, line, column in suppression.located_selectors():
                problem = self.selector_problem(selector)
                if problem is not None:
                    where = "inline suppression" if suppression.kind == "comment" else "Metadata.slint.ignore"
                    result.findings.append(
                        self.engine_finding(
                            InvalidSuppression,
                            "unknown_rule",
                            file,
                            line,
                            column,
                            resource=suppression.resource,
                            where=where,
                            problem=problem,
                        )
                    )
        metadatas = [(None, template.root.get("Metadata"))] + [
            (r.logical_id, r.metadata) for r in template.resources.values()
        ]
        for key, span, owner in unknown_metadata_keys(metadatas):
            hint = did_you_mean(key, METADATA_KEYS) or f"; the keys are {', '.join(repr(k) for k in METADATA_KEYS)}"
            result.findings.append(
                self.engine_finding(
                    InvalidSuppression, "unknown_key", file, span[0], span[1], resource=owner, key=key, hint=hint
                )
            )

    def engine_finding(
        self,
        rule_cls: type[Rule],
        message_id: str,
        file: str,
        line: int,
        column: int,
        *,
        resource: str | None = None,
        **params: Any,
    ) -> Finding | None:
        """A finding of an engine rule (SL000, SL001, SL009) at one character; None when the
        configuration turned the rule off (only SL009 can be: failures are always reported)."""
        active = self.active.get(rule_cls.id)
        return (
            active.finding(message_id, params, file, (line, column, line, column + 1), resource=resource)
            if active is not None
            else None
        )


def _beside(file: str, problem: ConfigError) -> str:
    """``problem`` with its file (a samconfig beside ``file``) named as ``file`` is."""
    if problem.file is None:
        return str(problem)
    return str(
        ConfigError(problem.message, os.path.join(os.path.dirname(file), os.path.basename(problem.file)), problem.line)
    )


def _validate_options(rule: Rule, options: dict, settings: Settings) -> None:
    import jsonschema

    try:
        jsonschema.validate(options, rule.options_schema)
    except jsonschema.ValidationError as exc:
        where = ".".join(str(p) for p in exc.path)
        raise _config_error(
            f"options for {rule.id} ({rule.name}){' ' + where if where else ''}: {exc.message}", settings, "options"
        ) from None


def _config_error(message: str, settings: Settings, key: str, selector: str | None = None) -> ConfigError:
    """A ConfigError naming where ``key`` was set: the command-line option that gave ``selector``,
    else the configuration file and the line of its top-level ``key``."""
    if selector is not None and selector in settings.option_selectors.get(key, ()):
        return ConfigError(message, f"--{key}")
    if settings.config_file is None:
        return ConfigError(message)
    return ConfigError(message, str(settings.config_file), settings.config_lines.get(key))


def _rule_failure(
    internal_error: ActiveRule, active: ActiveRule, exc: BaseException, subject: Any, file: str
) -> Finding:
    """The internal-error finding for a rule that raised on ``subject`` (a resource or the template)."""
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    where = f" at {Path(frame.filename).name}:{frame.lineno}"
    span = getattr(subject, "span", (1, 1, 1, 1))
    error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__  # a bare SystemExit says nothing more
    params = {"rule": f"{active.rule.id} ({active.rule.name})", "error": error + where}
    return internal_error.finding(
        "failed",
        params,
        file,
        span,
        resource=getattr(subject, "logical_id", None),
        path=tuple(getattr(subject, "path", ())),
    )


def _finding(
    active: ActiveRule,
    target: Any,
    message_id: str,
    params: dict,
    resource: Resource | None,
    template: Template,
    severity: Severity | None,
    settings: Settings | None = None,
    fix: Any = None,
) -> Finding:
    """A check's report at ``target``: located, attributed to its resource, with where the value came from."""
    span = template.finding_span(target)
    path = tuple(getattr(target, "path", ()) or ())
    if resource is None:
        if isinstance(target, Value):
            resource = target.resource
        elif isinstance(target, Resource):
            resource = target
    if resource is not None and resource.implicit and resource.origin is not None:
        resource = resource.origin
    note = ""
    related: tuple = ()
    if isinstance(target, Value):
        if target.via and target.via.startswith("when "):  # one deployable configuration
            note = f" ({target.via})"
        elif target.via and target.via != "default":
            note = f" (from {target.via})"
        if target.from_globals and resource is not None:  # last: merge_globals_repeats looks for it there
            note += _globals_note([resource.logical_id])
        related = _provenance(target, resource, template, settings)
    logical_id = resource.logical_id if resource is not None else None
    from_globals = isinstance(target, Value) and target.from_globals
    if (
        resource is not None and resource.loop is not None and not from_globals
    ):  # one body, several resources: say which
        note += f" (in {logical_id}, made by {resource.loop})"
    return active.finding(
        message_id,
        params,
        template.filename,
        span,
        resource=logical_id,
        path=path,
        severity=severity,
        note=note,
        related=related,
        fix=fix,
    )


def _provenance(value: Value, resource: Resource | None, template: Template, settings: Settings | None) -> tuple:
    """The places that explain an inherited value, for editors: the resource a Globals value
    applies to, and the parameter Default or samconfig line a Ref resolved to."""
    related = []
    if value.from_globals and resource is not None:
        related.append((f"{resource.logical_id} inherits this value from Globals", template.filename, *resource.span))
    via = value.via or ""
    if via.startswith("when "):  # one deployable configuration: where its values are allowed
        for clause in via.removeprefix("when ").split(" and "):
            name, _, chosen = clause.partition(" is ")
            parameter = template.parameters.get(name)
            if parameter is None:
                continue
            spans = getattr(parameter.node, "value_spans", {})
            span = spans.get("AllowedValues", parameter.span)
            related.append((f"parameter {name} may be {chosen} (AllowedValues)", template.filename, *span))
    if via.startswith("parameter "):
        name, _, kind = via.removeprefix("parameter ").partition(" ")
        parameter = template.parameters.get(name)
        if kind == "default" and parameter is not None:
            default_span = getattr(parameter.node, "value_spans", {}).get("Default", parameter.span)
            related.append((f"the Default of parameter {name}", template.filename, *default_span))
        elif (
            settings is not None and name not in settings.parameters and template.base_dir is not None
        ):  # else --parameter or the configuration set it
            written = samconfig_parameter_location(template.base_dir, settings.config_env, name)
            if written is not None:
                samconfig, *span = written
                related.append(
                    (f"parameter {name} set in {samconfig.name} ({settings.config_env})", str(samconfig), *span)
                )
    return tuple(related)


def _decoded_or_none(data: bytes) -> str | None:
    try:
        return decode(data)
    except ParseError:
        return None


def drop_covered_findings(findings: list[Finding], deferring: frozenset) -> list[Finding]:
    """Without the findings of ``deferring`` rules on a property path that another rule
    reports: the specific rule knows the exact limit and wording."""
    covered = {
        f.path for f in findings if len(f.path) > 2 and f.rule not in deferring
    }  # a property, not a whole resource
    return [f for f in findings if f.rule not in deferring or f.path not in covered]


GLOBALS_NAMES_SHOWN = 10  # a Globals value of 300 functions names ten, then counts the rest


def _globals_note(functions: list[str]) -> str:
    if len(functions) == 1:
        named = functions[0]
    elif len(functions) <= GLOBALS_NAMES_SHOWN:
        named = ", ".join(functions[:-1]) + " and " + functions[-1]
    else:
        named = ", ".join(functions[:GLOBALS_NAMES_SHOWN]) + f" and {len(functions) - GLOBALS_NAMES_SHOWN:,} more"
    return f" (set in Globals, applies to {named})"


def merge_globals_repeats(findings: list[Finding]) -> list[Finding]:
    """One finding for a value set in Globals, naming every resource it applies to, instead of
    the same finding at the same place once per inheriting resource."""
    merged: dict[tuple, tuple[Finding, list[str]]] = {}
    out: list[Finding] = []
    for finding in findings:
        if not (finding.path and finding.path[0] == "Globals" and finding.resource):
            out.append(finding)
            continue
        note = _globals_note([finding.resource])
        if not finding.message.endswith(note):
            out.append(finding)
            continue
        key = (
            finding.rule,
            finding.message_id,
            finding.severity,
            finding.line,
            finding.column,
            finding.end_line,
            finding.end_column,
            finding.path,
            finding.message[: -len(note)],
        )
        known = merged.get(key)
        if known is None:
            merged[key] = (finding, [finding.resource])
            out.append(finding)
        elif finding.resource not in known[1]:
            known[1].append(finding.resource)
            known[0].related += tuple(r for r in finding.related if r not in known[0].related)  # each inheritor
    for (*_, base), (finding, resources) in merged.items():
        if len(resources) > 1:
            finding.message = base + _globals_note(resources)
    return out


def _safe_lines(data: bytes) -> list[str]:
    try:
        return data.decode("utf-8", errors="replace").splitlines()
    except Exception:  # pragma: no cover
        return []
