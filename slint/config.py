"""Configuration: defaults < ``[tool.slint]`` in pyproject.toml or ``.slint.yaml`` < command line.

Files are discovered upward from the first linted path. Every file is validated against
:data:`CONFIG_SCHEMA`; an unknown key is an error with a suggestion.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .findings import Severity
from .suggestions import did_you_mean

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
    option_selectors: dict = field(
        default_factory=dict
    )  # "select"/"ignore" -> selectors given as command-line options, for messages
    option_parameters: tuple[
        str, ...
    ] = ()  # names given with --parameter: each should name a parameter of the template
    use_samconfig: bool = True

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start`` (a path that cannot be looked at,
    too long or in an unreadable folder, is left for the lint run to report)."""
    try:
        directory = start if start.is_dir() else start.parent
    except OSError:
        directory = start.parent
    directory = Path(os.path.realpath(directory))  # realpath: a link loop is no error
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            try:
                if not candidate.is_file():
                    continue
            except OSError:
                continue
            if name == "pyproject.toml" and not _has_tool_slint(candidate):
                continue
            return candidate
    return None


MAX_CONFIG_BYTES = 10 * 1024 * 1024  # configuration and samconfig files: as much as a template, far beyond any real one


def read_bounded_text(path: Path, errors: str = "strict") -> str:
    """A configuration or samconfig file's text, read up to MAX_CONFIG_BYTES: a huge file is an
    OSError (EFBIG), not the whole memory; text that is not UTF-8 a UnicodeDecodeError."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise OSError(errno.EFBIG, f"larger than {MAX_CONFIG_BYTES:,} bytes, the most slint reads")
    return data.decode("utf-8", errors)


def _has_tool_slint(path: Path) -> bool:
    try:
        return "[tool.slint" in read_bounded_text(path, errors="replace")
    except OSError:
        return False


def read_config(path: Path) -> tuple[dict, dict[str, int]]:
    """The raw configuration mapping and, for messages, the line of each top-level key."""
    try:
        text = read_bounded_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", str(path)) from None
    if path.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", str(path), _toml_error_line(exc)) from None
        except RecursionError:
            raise ConfigError("invalid TOML: nesting too deep", str(path)) from None
        except ValueError as exc:  # a number past Python's 4,300-digit limit
            raise ConfigError(f"invalid TOML: {_without_advice(exc)}", str(path)) from None
        tool = data.get("tool", {})
        section = tool.get("slint", {}) if isinstance(tool, dict) else None
        if not isinstance(section, dict):
            raise ConfigError(
                "tool.slint must be a table ([tool.slint]) of settings", str(path), _first_line_naming(text, "slint")
            )
        lines = _toml_key_lines(text)
        return section, lines
    from .parser import ParseError, parse_yaml

    try:
        parsed = parse_yaml(text)
    except ParseError as exc:
        raise ConfigError(f"invalid YAML: {exc.message}", str(path), exc.line) from None
    except RecursionError:
        raise ConfigError("invalid YAML: nesting too deep", str(path)) from None
    except ValueError as exc:  # a number past Python's 4,300-digit limit
        raise ConfigError(f"invalid YAML: {_without_advice(exc)}", str(path)) from None
    root = parsed.root
    if root is None:
        return {}, {}
    if not isinstance(root, dict):
        raise ConfigError("the configuration must be a mapping", str(path), 1)
    for diagnostic in parsed.diagnostics:
        raise ConfigError(diagnostic.message, str(path), diagnostic.span[0])
    return plain_data(root), {key: span[0] for key, span in root.key_spans.items()}


def plain_data(node: Any) -> Any:
    """Located YAML nodes (MapNode, SeqNode, spanned scalars) as plain dicts, lists and values."""
    if isinstance(node, dict):
        return {k: plain_data(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain_data(v) for v in node]
    return node


def _without_advice(exc: ValueError) -> str:
    """The error without Python's advice to raise its integer-digits limit (meant for programmers)."""
    return str(exc).split("; use sys.set_int_max_str_digits()")[0]


def _first_line_naming(text: str, word: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if word in line:
            return number
    return None


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

    from .version import __version__

    text = json.dumps(
        [__version__, CONFIG_SCHEMA, data], sort_keys=True, default=repr
    )  # repr: a TOML date is no string
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
    if "rules_paths" in data:  # realpath: a link loop is no error here, loading the rules reports it
        changes["rules_paths"] = tuple(Path(os.path.realpath(folder / p)) for p in data["rules_paths"])
    if "policies" in data:
        changes["policies"] = tuple(Path(os.path.realpath(folder / p)) for p in data["policies"])
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
        try:
            changes["today"] = date.fromisoformat(data["today"])
        except ValueError as exc:  # the schema checks the shape only: 2024-13-45 passes it
            raise ConfigError(
                f"'today': {data['today']} is not a date ({exc})", str(path), key_lines.get("today")
            ) from None
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
    problem: ConfigError | None = None  # why it could not be used (its file and line); then no region or parameters


_SAMCONFIG_NAMES = ("samconfig.toml", "samconfig.yaml", "samconfig.yml")
_samconfig_cache: dict[tuple[str, str], SamConfig | None] = {}


def samconfig_for(template_path: Path, env: str) -> SamConfig | None:
    """Region and parameter overrides from ``samconfig.*`` next to a template, for one environment.

    A samconfig that cannot be read or parsed gives a SamConfig with only its ``problem``: the
    templates it applies to report it, and the rest of the run goes on. An unknown --config-env
    or Region in it raises a ConfigError (a typo to fix before anything is linted)."""
    try:
        folder = Path(os.path.realpath(template_path.parent))
    except (OSError, ValueError) as exc:
        return SamConfig(None, {}, ConfigError(f"cannot look for samconfig: {exc}"))
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
            lines = read_bounded_text(path).splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        current_env = None
        for number, line in enumerate(lines, 1):
            header = (
                re.match(r"\[\s*([^.\]\s]+)", line)
                if file_name.endswith(".toml")
                else re.match(r"([^\s#:][^:]*):", line)
            )
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
        text = read_bounded_text(path)
        data = tomllib.loads(text) if path.suffix == ".toml" else plain_data(parse_yaml(text).root) or {}
        return _samconfig_settings(path, text, data, env)
    except tomllib.TOMLDecodeError as exc:
        problem = ConfigError(f"invalid TOML: {exc}", str(path), _toml_error_line(exc))
    except ParseError as exc:
        problem = ConfigError(f"invalid YAML: {exc.message}", str(path), exc.line)
    except (OSError, UnicodeDecodeError) as exc:
        problem = ConfigError(f"cannot read samconfig: {exc}", str(path))
    except RecursionError:
        problem = ConfigError("cannot parse samconfig: nesting too deep", str(path))
    except ValueError as exc:  # a number past Python's 4,300-digit limit, in parsing or in str()
        problem = ConfigError(f"cannot parse samconfig: {_without_advice(exc)}", str(path))
    return SamConfig(None, {}, problem)  # the templates beside it report it; the run goes on


def _samconfig_settings(path: Path, text: str, data: Any, env: str) -> SamConfig | None:
    """Raises a ConfigError for what the command line or the samconfig got wrong (an unknown
    --config-env, Region): a typo, not a file that cannot be read."""
    if not isinstance(data, dict):
        return None
    environments = [name for name, value in data.items() if isinstance(value, dict)]
    if env not in environments and env != "default":  # default may be left out; a named one is a typo
        known = ", ".join(environments) or "none"
        raise ConfigError(
            f"--config-env: no environment '{env}' in this samconfig (it has: {known}){did_you_mean(env, environments)}",
            str(path),
        )
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
