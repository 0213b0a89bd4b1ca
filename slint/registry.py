"""Rule discovery: entry points, local rule folders and declarative policies -> one sorted rule set.

The plugin contract is a single entry-point group, ``slint.rules``. An entry point names a
module (or package), a Rule subclass, or a list of them; every Rule subclass defined in the
module and its sub-modules is collected. The built-in pack registers exactly this way.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import os
import pkgutil
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from .errors import ConfigError
from .interrupts import RULE_EXITS, is_ctrl_c, watching_ctrl_c
from .rule import Rule

ENTRY_POINT_GROUP = "slint.rules"


def rules_in(obj: Any) -> list[type[Rule]]:
    """Every concrete Rule subclass an entry-point object provides."""
    if inspect.isclass(obj) and issubclass(obj, Rule) and obj is not Rule:
        return [obj] if obj.id else []
    if isinstance(obj, (list, tuple)):
        return [cls for item in obj for cls in rules_in(item)]
    if isinstance(obj, ModuleType):
        found = _module_rules(obj)
        if hasattr(obj, "__path__"):  # a package: its sub-modules too
            for info in sorted(pkgutil.iter_modules(obj.__path__), key=lambda i: i.name):
                if info.name.startswith("_"):
                    continue
                module = importlib.import_module(f"{obj.__name__}.{info.name}")
                found.extend(rules_in(module))
        return found
    return []


def _module_rules(module: ModuleType) -> list[type[Rule]]:
    return [
        value
        for value in vars(module).values()
        if inspect.isclass(value)
        and issubclass(value, Rule)
        and value is not Rule
        and value.__module__ == module.__name__
        and value.id
    ]


def load_entry_points() -> list[type[Rule]]:
    from importlib.metadata import entry_points

    found: list[type[Rule]] = []
    for entry_point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: (ep.name != "builtin", ep.name)):
        try:
            obj = entry_point.load()
        except (Exception, *RULE_EXITS) as exc:
            if is_ctrl_c(exc):
                raise
            raise ConfigError(f"rule pack '{entry_point.name}' ({entry_point.value}) failed to import: {exc}") from exc
        found.extend(rules_in(obj))
    if not found:  # running from a source tree that was never installed
        sys.modules.setdefault("slint_rules", _import_source_pack())
        found.extend(rules_in(sys.modules["slint_rules"]))
    return found


def _import_source_pack() -> ModuleType:
    package_dir = Path(__file__).resolve().parent.parent / "rules"
    spec = importlib.util.spec_from_file_location(
        "slint_rules", package_dir / "__init__.py", submodule_search_locations=[str(package_dir)]
    )
    if spec is None or spec.loader is None:  # pragma: no cover
        raise ConfigError("the built-in rule pack is not installed")
    module = importlib.util.module_from_spec(spec)
    sys.modules["slint_rules"] = module
    spec.loader.exec_module(module)
    return module


def load_local_folder(folder: Path) -> list[type[Rule]]:
    """Import every ``*.py`` in a local rule folder (named in the configuration)."""
    try:
        is_folder = folder.is_dir()
    except OSError as exc:  # too long, unreadable parent
        raise ConfigError(f"rule folder {folder} cannot be read: {exc.strerror}", str(folder)) from None
    if not is_folder:
        problem = "is a symbolic link loop" if folder.is_symlink() else "does not exist"
        raise ConfigError(f"rule folder {folder} {problem}", str(folder))
    found: list[type[Rule]] = []
    for file in sorted(folder.glob("*.py")):
        if file.name.startswith("_"):
            continue
        # The same name in every run (hash() of a str is not): the result cache keys rules by module and source.
        module_name = (
            f"slint_local_rules_{hashlib.sha256(os.fsencode(os.path.realpath(file))).hexdigest()[:16]}_{file.stem}"
        )
        spec = importlib.util.spec_from_file_location(module_name, file)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except (Exception, *RULE_EXITS) as exc:  # sys.exit() in a rule module is its error, never a quiet exit 0
            if is_ctrl_c(exc):
                raise
            line = _traceback_line(exc, file)
            detail = (
                f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            )  # a bare SystemExit says nothing more
            raise ConfigError(f"local rule module failed to import: {detail}", str(file), line) from exc
        found.extend(_module_rules(module))
    return found


def _traceback_line(exc: BaseException, file: Path) -> int | None:
    if isinstance(exc, SyntaxError) and exc.lineno:
        return exc.lineno
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename).resolve() == file.resolve():
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


class RuleSet:
    """All known rules, validated and sorted by id; selection happens in the engine's settings."""

    def __init__(self, rule_classes: Iterable[type[Rule]], extra: Iterable[Rule] = ()):
        rules: dict[str, Rule] = {}
        names: dict[str, str] = {}
        for rule in [cls() for cls in rule_classes] + list(extra):
            problems = type(rule).metadata_problems()
            if problems:
                raise ConfigError(f"rule {type(rule).__module__}.{type(rule).__name__}: " + "; ".join(problems))
            if rule.id in rules:
                if type(rules[rule.id]) is type(rule):
                    continue
                raise ConfigError(
                    f"two rules share the id {rule.id}: {type(rules[rule.id]).__name__} and {type(rule).__name__}"
                )
            for name in (rule.name, *rule.aliases):
                if name in names:
                    raise ConfigError(f"two rules share the name {name}: {names[name]} and {rule.id}")
                names[name] = rule.id
            rules[rule.id] = rule
        self.rules: list[Rule] = sorted(rules.values(), key=lambda r: r.id)
        self.by_id = rules
        self.by_name = {rule.name: rule for rule in self.rules}
        self.renamed = {alias: rule.name for rule in self.rules for alias in rule.aliases}  # former name -> name

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def find(self, key: str) -> Rule | None:
        return self.by_id.get(key) or self.by_id.get(key.upper()) or self.by_name.get(self.renamed.get(key, key))

    def matching(self, selector: str) -> list[Rule]:
        """Rules a selector names: an id, an id prefix (``SL1``), or a name."""
        exact = self.find(selector)
        if exact is not None:
            return [exact]
        prefix = selector.upper()
        return [rule for rule in self.rules if rule.id.startswith(prefix)]


def load_ruleset(rule_folders: Iterable[Path] = (), policy_files: Iterable[Path] = ()) -> RuleSet:
    from .core_rules import ENGINE_RULES

    with watching_ctrl_c():
        classes = list(ENGINE_RULES) + load_entry_points()
        for folder in rule_folders:
            classes.extend(load_local_folder(folder))
    extra: list[Rule] = []
    policy_files = list(policy_files)
    if policy_files:
        from .policies import load_policies

        for file in policy_files:
            extra.extend(load_policies(file))
    return RuleSet(classes, extra)
