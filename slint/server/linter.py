"""Linting an editor's documents the way ``slint lint`` lints files, with what loads slowly
(rules, configuration) kept for the life of the server. Nothing here knows about LSP."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..api import TEMPLATE_SUFFIXES, add_unused_suppression_findings, display_path, is_excluded
from ..config import Settings, find_config, settings_from_file
from ..engine import Engine, FileResult
from ..registry import RuleSet, load_ruleset


@dataclass
class Linted:
    """One document version's result, and the rule set that produced it (for rule docs)."""

    result: FileResult
    ruleset: RuleSet


class DocumentLinter:
    """Lints template text for a path on disk (or none, for an unsaved buffer).

    Configuration is found from the document's path as ``slint lint PATH`` finds it; a
    configuration file is read again only when it changes (its modification time), or when
    :meth:`forget` is called (the client reported a change). Rules load once per set of rule
    folders and policies."""

    def __init__(self, base: Settings | None = None):
        self.base = base or Settings()
        self._engines: dict[Path | None, tuple] = {}  # config file -> (its mtime, the day, engine)
        self._rulesets: dict[tuple, RuleSet] = {}

    def forget(self) -> None:
        """Read configuration and rules again on the next lint (a watched file changed)."""
        self._engines.clear()
        self._rulesets.clear()

    def lint(self, text: str, path: Path | None) -> Linted:
        """Findings for ``text`` as if it were the file at ``path``; a ConfigError is raised
        as ``slint lint`` raises it. Local artifacts (code folders, handler files) are looked
        up next to ``path`` on disk."""
        engine = self.engine_for(path)
        name = display_path(path) if path is not None else "<unsaved>"
        if path is not None and _excluded(path, engine.settings):
            return Linted(FileResult(name, is_template=False, note="excluded by the configuration"), engine.ruleset)
        result = engine.lint_bytes(text.encode("utf-8"), name, path)
        add_unused_suppression_findings(result, engine)
        return Linted(result, engine.ruleset)

    def engine_for(self, path: Path | None) -> Engine:
        config = find_config(path) if path is not None else None
        try:
            stamp = config.stat().st_mtime_ns if config is not None else None
        except OSError:
            stamp = None
        today = date.today()  # a server runs for days: date-based rules see the day of the lint
        known = self._engines.get(config)
        if known is not None and known[:2] == (stamp, today):
            return known[2]
        base = replace(self.base, today=today) if self.base.today != today else self.base
        settings = settings_from_file(config, base) if config is not None else base
        rules_key = (settings.rules_paths, settings.policies)
        ruleset = self._rulesets.get(rules_key)
        if ruleset is None:
            ruleset = self._rulesets[rules_key] = load_ruleset(settings.rules_paths, settings.policies)
        engine = Engine(settings, ruleset)
        self._engines[config] = (stamp, today, engine)
        return engine


def _excluded(path: Path, settings: Settings) -> bool:
    """As ``slint lint PATH`` excludes a file it is given: patterns relative to the configuration's folder."""
    if not settings.exclude:
        return False
    root = settings.config_file.parent if settings.config_file is not None else Path.cwd()
    return is_excluded(path, tuple(settings.exclude), os.path.realpath(root))


def is_template_candidate(path: Path | None, language_id: str | None) -> bool:
    """YAML and JSON documents are linted (and then skipped when they are no template);
    anything else never is."""
    if language_id in ("yaml", "json", "jsonc", "cloudformation"):
        return True
    return path is not None and path.name.endswith(TEMPLATE_SUFFIXES)
