"""A result cache: an unchanged template is not linted again.

An entry is found by a key over everything a result depends on: the file's bytes and display
name, its folder, the region and parameters it is linted with (samconfig included), the
resolved settings, the source of slint and of every rule module (and policy file), and slint's
version. An entry also records a signature of each local artifact the template names
(CodeUri, ContentUri, DefinitionUri…): a file's size and mtime, a directory's entries by a
bounded walk of stats. A hit whose artifacts changed is a miss. Entries are written
atomically; an unreadable or malformed entry is a miss; the cache never fails a run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .artifacts import MAX_ENTRIES
from .findings import Finding, Severity
from .suppressions import Suppression

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Engine, FileResult

FORMAT = "1"  # bump when the entry layout changes
MAX_PACKAGE_FILES = 5_000  # files hashed per rule package before giving up (no cache then)


def default_cache_dir() -> Path:
    """The per-user cache folder: $XDG_CACHE_HOME/slint, ~/.cache/slint, or %LOCALAPPDATA%\\slint."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "slint" / "cache"
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "slint"


class ResultCache:
    """One run's view of a cache folder. Picklable, so --jobs workers share it."""

    def __init__(self, directory: Path, context: str):
        self.directory = directory
        self.context = context  # digest of version, code and settings: the same for every file
        self._folder_made = False

    @classmethod
    def open(cls, directory: str | os.PathLike, engine: "Engine") -> "ResultCache | None":
        """The cache for this engine's settings and rules, or None when it cannot be used."""
        fingerprint = code_fingerprint(engine)
        if fingerprint is None:
            return None
        settings = json.dumps(dataclasses.asdict(engine.settings), sort_keys=True, default=str)
        context = hashlib.sha256(f"{FORMAT}\0{__version__}\0{fingerprint}\0{settings}".encode()).hexdigest()
        return cls(Path(directory), context)

    # -- lookups ---------------------------------------------------------------------------------

    def key(self, engine: "Engine", data: bytes, file: str, path: Path) -> str:
        region, parameters = engine._region_and_parameters(path)
        inputs = json.dumps([file, str(path.resolve().parent), region, parameters], sort_keys=True, default=str)
        digest = hashlib.sha256(self.context.encode())
        digest.update(inputs.encode())
        digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _entry_path(self, key: str) -> Path:
        return self.directory / f"v{FORMAT}" / f"{key}.json"

    def get(self, key: str, data: bytes) -> "FileResult | None":
        try:
            with open(self._entry_path(key), "rb") as handle:
                entry = json.loads(handle.read())
            for artifact, signature in entry["artifacts"].items():
                if artifact_signature(artifact) != signature:
                    return None
            return _result_from_json(entry["result"], data)
        except Exception:  # missing, unreadable, malformed, or from another layout: a miss
            return None

    def put(self, key: str, data: bytes, result: "FileResult") -> None:
        """Store a result, unless it cannot be trusted to repeat (an internal error, an artifact
        folder too large to sign)."""
        from .core_rules import InternalError

        if result.artifact_paths is None or any(f.rule == InternalError.id for f in result.findings):
            return
        signatures = {}
        for artifact in result.artifact_paths:
            signature = artifact_signature(artifact)
            if signature is None:
                return
            signatures[artifact] = signature
        try:
            text = json.dumps({"artifacts": signatures, "result": _result_to_json(result, data)})
            target = self._entry_path(key)
            if not self._folder_made:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folder_made = True
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(text)
                os.replace(temporary, target)
            except BaseException:
                os.unlink(temporary)
                raise
        except (OSError, TypeError, ValueError):  # a read-only folder, a value JSON cannot hold
            return


# -- what a result depends on besides the template ---------------------------------------------


def artifact_signature(path: str) -> str | None:
    """What changes when a local artifact changes; None when a folder is too large to sign."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"error {exc.errno}"
    if stat.S_ISREG(info.st_mode):
        return f"file {info.st_size} {info.st_mtime_ns}"
    if not stat.S_ISDIR(info.st_mode):
        return f"special {info.st_mode} {info.st_rdev}"
    digest = hashlib.sha256()
    entries = 0
    stack = [path]
    while stack:  # the same walk the size rule makes: no symlinked folders, bounded
        folder = stack.pop()
        try:
            listing = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            digest.update(f"{folder}\0unreadable {exc.errno}\n".encode())
            continue
        for entry in listing:
            entries += 1
            if entries > MAX_ENTRIES:
                return None
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    line = f"{entry.path}\0dir"
                else:
                    target = entry.stat(follow_symlinks=True)
                    line = f"{entry.path}\0{target.st_mode} {target.st_size} {target.st_mtime_ns}"
            except OSError as exc:
                line = f"{entry.path}\0error {exc.errno}"
            digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return "dir " + digest.hexdigest()


def code_fingerprint(engine: "Engine") -> str | None:
    """A digest of the code results come from: slint itself, every rule's module (and its
    package), the rule set's ids and versions, and policy files; None when too large to read."""
    digest = hashlib.sha256()
    rules = sorted((rule.id, rule.name, type(rule).__module__, type(rule).__qualname__, str(getattr(rule, "version", ""))) for rule in engine.ruleset)
    digest.update(json.dumps(rules).encode())
    roots = {Path(__file__).resolve().parent}
    for module_name in {entry[2] for entry in rules}:
        module = sys.modules.get(module_name)
        file = getattr(module, "__file__", None)
        if file is None:
            continue
        top = sys.modules.get(module_name.split(".")[0])
        top_file = getattr(top, "__file__", None)
        if top is not module and top_file and Path(top_file).name == "__init__.py":
            roots.add(Path(top_file).resolve().parent)  # the whole package: helpers and data too
        else:
            roots.add(Path(file).resolve())
    files: list[Path] = list(engine.settings.policies)
    for root in sorted(roots):
        files.extend(_package_files(root) if root.is_dir() else [root])
        if len(files) > MAX_PACKAGE_FILES:
            return None
    for file in sorted(set(files)):
        digest.update(str(file).encode() + b"\0")
        try:
            digest.update(file.read_bytes())
        except OSError as exc:
            digest.update(f"unreadable {exc.errno}".encode())
    if getattr(engine.settings, "cfn_lint", False):
        from importlib.metadata import PackageNotFoundError, version

        try:
            digest.update(f"cfn-lint {version('cfn-lint')}".encode())
        except PackageNotFoundError:
            digest.update(b"cfn-lint missing")
    return digest.hexdigest()


def _package_files(root: Path) -> list[Path]:
    out = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
        out.extend(Path(folder) / name for name in names if not name.endswith((".pyc", ".pyo")))
        if len(out) > MAX_PACKAGE_FILES:
            break
    return out


# -- results as JSON -----------------------------------------------------------------------------


def _text_lines(data: bytes) -> list[str] | None:
    from .parser import ParseError, decode

    try:
        return decode(data).splitlines()
    except (ParseError, UnicodeError):
        return None


_SPECIAL_FIELDS = ("findings", "unused_suppressions", "lines")


def _result_to_json(result: "FileResult", data: bytes) -> dict:
    out = {f.name: getattr(result, f.name) for f in dataclasses.fields(result) if f.name not in _SPECIAL_FIELDS}
    out["findings"] = [_fields(finding) for finding in result.findings]
    out["unused_suppressions"] = [_fields(suppression) for suppression in result.unused_suppressions]
    out["lines"] = None if result.lines == (_text_lines(data) or []) and result.lines else result.lines  # None: the file's own lines
    return out


def _result_from_json(entry: dict, data: bytes) -> "FileResult":
    from .engine import FileResult

    values = {key: value for key, value in entry.items() if key not in _SPECIAL_FIELDS}
    result = FileResult(**values)
    for item in entry["findings"]:
        result.findings.append(Finding(**{**item, "severity": Severity(item["severity"]), "path": tuple(item["path"])}))
    for item in entry["unused_suppressions"]:
        selectors = item["selectors"]
        result.unused_suppressions.append(Suppression(**{**item, "selectors": tuple(selectors) if selectors is not None else None}))
    result.lines = entry["lines"] if entry["lines"] is not None else (_text_lines(data) or [])
    return result


def _fields(obj: Any) -> dict:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
