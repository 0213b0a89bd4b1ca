"""Configuration: defaults < ``[tool.slint]`` in pyproject.toml or ``.slint.yaml`` < command line.

Files are discovered upward from the first linted path. Every file is validated against
:data:`CONFIG_SCHEMA`; an unknown key is an error with a suggestion.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .findings import Severity

CONFIG_FILES = (".slint.yaml", ".slint.yml", "pyproject.toml")

_SEVERITY = {"enum": ["error", "warning", "info", "off"]}
CONFIG_SCHEMA: dict = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "select": {"type": "array", "items": {"type": "string"}},
        "ignore": {"type": "array", "items": {"type": "string"}},
        "extend_select": {"type": "array", "items": {"type": "string"}},
        "severity": {"type": "object", "additionalProperties": _SEVERITY},
        "options": {"type": "object", "additionalProperties": {"type": "object"}},
        "rules_paths": {"type": "array", "items": {"type": "string"}},
        "policies": {"type": "array", "items": {"type": "string"}},
        "per_file_ignores": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "region": {"type": "string"},
        "parameters": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}},
        "fail_level": {"enum": ["error", "warning", "info"]},
        "cfn_lint": {"type": "boolean"},
        "today": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "report_unused_suppressions": {"type": "boolean"},
        "require_suppression_reason": {"type": "boolean"},
    },
}


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one run (what the engine reads; never what a file said)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    rules_paths: tuple[Path, ...] = ()
    policies: tuple[Path, ...] = ()
    per_file_ignores: dict = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    region: str | None = None
    parameters: dict = field(default_factory=dict)
    config_env: str = "default"
    fail_level: Severity = Severity.ERROR
    cfn_lint: bool = False
    today: date = field(default_factory=date.today)
    report_unused_suppressions: bool = False
    require_suppression_reason: bool = False  # a suppression without "reason: ..." is an SL005 error
    config_file: Path | None = None
    config_lines: dict = field(default_factory=dict)  # top-level key -> line in config_file, for messages
    option_selectors: dict = field(default_factory=dict)  # "select"/"ignore" -> selectors given as command-line options, for messages
    option_parameters: tuple[str, ...] = ()  # names given with --parameter: each should name a parameter of the template
    use_samconfig: bool = True

    def with_overrides(self, **changes: Any) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def did_you_mean(word: str, choices) -> str:
    """``"; did you mean 'X'?"`` for the closest of ``choices``, or ``""`` when none is close.
    Letters typed for look-alike digits (``SL1O3``) count as the digits; among equally close
    choices the one sharing the longest start wins (``SL10X``: an SL10x id, not SL710)."""
    choices = list(choices)
    digits_from = next((index for index, char in enumerate(word) if char.isdigit()), len(word))
    lookalike = (word[:digits_from] + word[digits_from:].upper().translate(_LOOKALIKE_DIGITS)).upper()
    for choice in choices:
        if choice.upper() == lookalike and choice != word:
            return f"; did you mean '{choice}'?"
    matcher = difflib.SequenceMatcher(b=word)
    best, best_key = None, (0.75, 0)  # 0.75: SL999 suggests nothing rather than SL905
    for choice in choices:
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() < best_key[0] or matcher.quick_ratio() < best_key[0]:
            continue
        key = (matcher.ratio(), len(os.path.commonprefix([choice, word])))
        if key >= best_key:
            best, best_key = choice, key
    return f"; did you mean '{best}'?" if best is not None else ""


_LOOKALIKE_DIGITS = str.maketrans("OIL", "011")  # after the first digit: SL1O3 -> SL103


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    directory = start if start.is_dir() else start.parent
    directory = directory.resolve()
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _has_tool_slint(candidate):
                    continue
                return candidate
    return None


def _has_tool_slint(path: Path) -> bool:
    try:
        return "[tool.slint" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def read_config(path: Path) -> tuple[dict, dict[str, int]]:
    """The raw configuration mapping and, for messages, the line of each top-level key."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", str(path)) from None
    if path.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", str(path), _toml_error_line(exc)) from None
        section = data.get("tool", {}).get("slint", {})
        lines = _toml_key_lines(text)
        return section, lines
    from .parser import ParseError, parse_yaml

    try:
        parsed = parse_yaml(text)
    except ParseError as exc:
        raise ConfigError(f"invalid YAML: {exc.message}", str(path), exc.line) from None
    root = parsed.root
    if root is None:
        return {}, {}
    if not isinstance(root, dict):
        raise ConfigError("the configuration must be a mapping", str(path), 1)
    for diagnostic in parsed.diagnostics:
        raise ConfigError(diagnostic.message, str(path), diagnostic.span[0])
    return _plain(root), {key: span[0] for key, span in root.key_spans.items()}


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _toml_key_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    in_section = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_section = stripped.startswith("[tool.slint")
            sub = re.match(r"\[tool\.slint\.([A-Za-z_]+)", stripped)
            if sub:
                lines.setdefault(sub.group(1), number)
            continue
        if in_section:
            match = re.match(r"([A-Za-z_][A-Za-z0-9_-]*)\s*=", stripped)
            if match:
                lines.setdefault(match.group(1), number)
    return lines


def validate_config(data: dict, file: str, key_lines: dict[str, int], known_valid: Path | None = None) -> None:
    """Raise a ConfigError at the first problem. ``known_valid`` is a folder remembering
    configurations that passed before, so a repeated run need not import jsonschema (about a
    third of a cold start); a configuration is remembered by its content, schema and slint version."""
    allowed = CONFIG_SCHEMA["properties"]
    for key in data:
        if key not in allowed:
            hint = did_you_mean(key, allowed) or f"; known keys: {', '.join(sorted(allowed))}"
            raise ConfigError(f"unknown configuration key '{key}'{hint}", file, key_lines.get(key))
    marker = known_valid / _config_fingerprint(data) if known_valid is not None else None
    if marker is not None and marker.is_file():
        return
    import jsonschema

    validator = jsonschema.Draft202012Validator(CONFIG_SCHEMA)
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.path)):
        top = str(error.path[0]) if error.path else None
        where = ".".join(str(p) for p in error.path) or "(top level)"
        raise ConfigError(f"'{where}': {error.message}", file, key_lines.get(top) if top else None)
    if marker is not None:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:  # remembering only saves time
            pass


def _config_fingerprint(data: dict) -> str:
    import hashlib
    import json

    from . import __version__

    text = json.dumps([__version__, CONFIG_SCHEMA, data], sort_keys=True, default=repr)  # repr: a TOML date is no string
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _severity_booleans(data: dict, file: str, key_lines: dict[str, int]) -> None:
    """YAML 1.1 reads ``off`` and ``no`` as false: where a severity is expected that means off.
    ``on``/``yes`` (true) names no severity, so it is an error saying which to write instead."""
    severity = data.get("severity")
    if not isinstance(severity, dict):
        return
    for selector, level in severity.items():
        if level is False:
            severity[selector] = "off"
        elif level is True:
            raise ConfigError(
                f"'severity.{selector}': true (YAML reads on/yes as true) is not a severity; "
                "write error, warning or info (or off), and add the rule to extend_select to turn an opt-in rule on",
                file, key_lines.get("severity"),
            )  # fmt: skip


def settings_from_file(path: Path, base: Settings | None = None, known_valid: Path | None = None) -> Settings:
    data, key_lines = read_config(path)
    _severity_booleans(data, str(path), key_lines)
    validate_config(data, str(path), key_lines, known_valid)
    base = base or Settings()
    folder = path.parent
    changes: dict[str, Any] = {"config_file": path, "config_lines": key_lines}
    for key in ("select", "ignore", "extend_select", "exclude"):
        if key in data:
            changes[key] = tuple(data[key])
    for key in ("severity", "options", "per_file_ignores", "parameters"):
        if key in data:
            changes[key] = dict(data[key])
    if "rules_paths" in data:
        changes["rules_paths"] = tuple((folder / p).resolve() for p in data["rules_paths"])
    if "policies" in data:
        changes["policies"] = tuple((folder / p).resolve() for p in data["policies"])
    if "region" in data:
        changes["region"] = check_region(data["region"], str(path), key_lines.get("region"))
    if "fail_level" in data:
        changes["fail_level"] = Severity.parse(data["fail_level"])
    if "cfn_lint" in data:
        changes["cfn_lint"] = data["cfn_lint"]
    for key in ("report_unused_suppressions", "require_suppression_reason"):
        if key in data:
            changes[key] = data[key]
    if "today" in data:
        changes["today"] = date.fromisoformat(data["today"])
    return replace(base, **changes)


def default_region() -> str | None:
    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        region = os.environ.get(variable)
        if region:
            return check_region(region, variable)
    return None


def check_region(region: str, where: str | None = None, line: int | None = None) -> str:
    """``region`` when it is a known AWS Region code, else a ConfigError naming where it was given."""
    from .aws import REGIONS

    if region in REGIONS:
        return region
    hint = did_you_mean(region, sorted(REGIONS)) or "; Region codes look like us-east-1 or eu-west-1"
    raise ConfigError(f"unknown AWS Region '{region}'{hint}", where, line)


# ---------------------------------------------------------------------------------------------
# samconfig


@dataclass(frozen=True)
class SamConfig:
    region: str | None
    parameters: dict


_SAMCONFIG_NAMES = ("samconfig.toml", "samconfig.yaml", "samconfig.yml")
_samconfig_cache: dict[tuple[str, str], SamConfig | None] = {}


def samconfig_for(template_path: Path, env: str) -> SamConfig | None:
    """Region and parameter overrides from ``samconfig.*`` next to a template, for one environment."""
    folder = Path(template_path.parent.resolve())
    stamps = []
    for name in _SAMCONFIG_NAMES:
        try:
            stamps.append((name, (folder / name).stat().st_mtime_ns))
        except OSError:
            continue
    key = (str(folder), env, tuple(stamps))  # an edited samconfig is read again
    if key not in _samconfig_cache:
        _samconfig_cache[key] = _read_samconfig(folder, env)
    return _samconfig_cache[key]


def _line_of(text: str, pattern: str) -> int | None:
    """The first line whose start (after indentation) matches ``pattern``."""
    match = re.search(r"^[ \t]*" + pattern, text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def samconfig_parameter_location(folder: Path, env: str, name: str) -> tuple[Path, int, int, int, int] | None:
    """Where the samconfig in ``folder`` (the one :func:`samconfig_for` reads) overrides
    parameter ``name`` in environment ``env``: (file, line, column, end line, end column) of
    ``name`` in its ``parameter_overrides``. For editors, which show it beside a finding."""
    pattern = re.compile(rf"(?<![\w-])({re.escape(name)})\s*=")
    for file_name in _SAMCONFIG_NAMES:
        path = folder / file_name
        if not path.is_file():
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        current_env = None
        for number, line in enumerate(lines, 1):
            header = re.match(r"\[\s*([^.\]\s]+)", line) if file_name.endswith(".toml") else re.match(r"([^\s#:][^:]*):", line)
            if header:
                current_env = header.group(1).strip("'\"")
            elif current_env == env and (match := pattern.search(line)):
                return path, number, match.start(1) + 1, number, match.end(1) + 1
        return None
    return None


def _toml_error_line(exc: Exception) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def samconfig_file(folder: Path) -> Path | None:
    """The samconfig file slint reads for templates in ``folder`` (the first of its names present)."""
    return next((folder / name for name in _SAMCONFIG_NAMES if (folder / name).is_file()), None)


def _read_samconfig(folder: Path, env: str) -> SamConfig | None:
    path = samconfig_file(folder)
    if path is None:
        return None
    import tomllib

    from .parser import ParseError, parse_yaml

    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix == ".toml" else _plain(parse_yaml(text).root) or {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path), _toml_error_line(exc)) from None
    except ParseError as exc:
        raise ConfigError(f"invalid YAML: {exc.message}", str(path), exc.line) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read samconfig: {exc}", str(path)) from None
    if not isinstance(data, dict):
        return None
    environments = [name for name, value in data.items() if isinstance(value, dict)]
    if env not in environments and env != "default":  # default may be left out; a named one is a typo
        known = ", ".join(environments) or "none"
        raise ConfigError(f"--config-env: no environment '{env}' in this samconfig (it has: {known}){did_you_mean(env, environments)}", str(path))
    section = data.get(env) if isinstance(data.get(env), dict) else {}
    merged: dict = {}
    for command in ("global", "deploy"):
        params = section.get(command, {}).get("parameters", {}) if isinstance(section.get(command), dict) else {}
        if isinstance(params, dict):
            merged.update(params)
    region = merged.get("region") if isinstance(merged.get("region"), str) else None
    if region is not None:
        check_region(region, str(path), _line_of(text, r"region\s*[=:]"))
    return SamConfig(region, parse_parameter_overrides(merged.get("parameter_overrides")))


def parse_parameter_overrides(raw: Any) -> dict:
    """``"A=1 B='two words'"`` or ``["A=1", "B=2"]`` -> ``{"A": "1", "B": "two words"}``."""
    if raw is None:
        return {}
    if isinstance(raw, dict):
        return {str(k): v for k, v in raw.items()}
    items: list[str] = []
    if isinstance(raw, list):
        for item in raw:
            items.extend(_split_overrides(str(item)))
    else:
        items = _split_overrides(str(raw))
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if sep:
            out[key.strip()] = value
    return out


def _split_overrides(text: str) -> list[str]:
    import shlex

    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def parse_cli_parameters(pairs: tuple[str, ...]) -> dict:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ConfigError(f"--parameter expects KEY=VALUE, got '{pair}'")
        out[key] = value
    return out
