"""A result cache: an unchanged template is not linted again.

An entry is found by a key over everything a result depends on: the file's bytes and display
name, its folder, the region and parameters it is linted with (samconfig included), the
resolved settings, the source of slint and of every rule module (and policy file), and slint's
version. An entry also records a signature of each local artifact the template names
(CodeUri, ContentUri, DefinitionUri…): a file's size and mtime, a directory's entries by a
bounded walk of stats. A hit whose artifacts changed is a miss. The entries of one context
live in one index file, read once per run and replaced atomically; an unreadable or malformed
entry is a miss; the cache never fails a run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import sys
import tempfile
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .artifacts import TooManyEntries, walk_tree
from .engine import FileResult
from .findings import Finding, Fix, Severity
from .parser import ParseError, decode
from .suppressions import Suppression
from .version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Engine

FORMAT = "3"  # bump when the index or entry layout changes
MAX_PACKAGE_FILES = 5_000  # files hashed per rule package before giving up (no cache then)
MAX_INDEX_ENTRIES = 10_000  # entries one index keeps (those used least recently go first)
STALE_INDEX_SECONDS = 30 * 24 * 3600  # an index not written for this long is removed


_FINGERPRINTS: weakref.WeakKeyDictionary[Engine, str | None] = weakref.WeakKeyDictionary()


def default_cache_dir() -> Path:
    """The per-user cache folder: $XDG_CACHE_HOME/slint, ~/.cache/slint, or %LOCALAPPDATA%\\slint."""
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "slint" / "cache"
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "slint"


class ResultCache:
    """One run's view of a cache folder: one index file per context (slint's version, code and
    settings), read once when first needed and rewritten once, atomically, when the run added
    entries. A line of the index is ``key<TAB>entry as JSON``; an entry is decoded only when its
    template is linted again."""

    def __init__(self, directory: Path, context: str, rule_texts: dict[str, tuple[str, str]] | None = None):
        self.directory = directory
        self.context = context  # digest of version, code and settings: the same for every file
        self.rule_texts = rule_texts or {}  # rule id -> (name, source_url): left out of stored findings
        self._context_digest = hashlib.sha256(context.encode())  # every key starts with it
        self._lines: dict[str, str] | None = None  # key -> entry text, as read from the index
        self._used: list[str] = []  # keys served in this run
        self._added: dict[str, str] = {}  # key -> entry text, new in this run
        self._folder_inputs: dict[tuple[str, str], bytes] = {}  # (folder as named, real folder) -> its part of a key
        self._signatures: dict[str, str | None] = {}  # artifact -> signature, taken once per run

    @classmethod
    def open(cls, directory: str | os.PathLike, engine: Engine) -> ResultCache | None:
        """The cache for this engine's settings and rules, or None when it cannot be used."""
        if engine not in _FINGERPRINTS:  # an engine runs the code it loaded: read and hash it once
            _FINGERPRINTS[engine] = code_fingerprint(engine)
        fingerprint = _FINGERPRINTS[engine]
        if fingerprint is None:
            return None
        settings = json.dumps(dataclasses.asdict(engine.settings), sort_keys=True, default=str)
        context = hashlib.sha256(f"{FORMAT}\0{__version__}\0{fingerprint}\0{settings}".encode()).hexdigest()
        return cls(Path(directory), context, {rule.id: (rule.name, rule.source_url) for rule in engine.ruleset})

    @property
    def index_path(self) -> Path:
        return self.directory / f"v{FORMAT}" / f"{self.context}.jsonl"

    # -- lookups ---------------------------------------------------------------------------------

    def key(self, engine: Engine, data: bytes, file: str, path: Path) -> str:
        folders = (os.path.dirname(os.fspath(path)), os.path.dirname(engine.real_path(path)))
        folder_inputs = self._folder_inputs.get(folders)
        if folder_inputs is None:  # the same for every file of a folder
            region, parameters, samconfig_problem = engine.region_and_parameters(path)
            inputs = [folders[1], region, parameters, str(samconfig_problem) if samconfig_problem else None]
            folder_inputs = self._folder_inputs[folders] = json.dumps(inputs, sort_keys=True, default=str).encode()
        digest = self._context_digest.copy()
        digest.update(file.encode("utf-8", "surrogateescape") + b"\0")  # a path holds no NUL: the parts stay apart
        digest.update(folder_inputs + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str, data: bytes) -> FileResult | None:
        text = self._index().get(key)
        if text is None:
            return None
        try:
            (artifacts, row), end = _DECODER.raw_decode(text)
            if end != len(text):
                return None
            for artifact, signature in artifacts.items():
                if self._signature(artifact) != signature:
                    return None
            result = _result_from_row(row, data, self.rule_texts)
        except Exception:  # malformed, or from another layout: a miss
            return None
        self._used.append(key)
        return result

    def put(self, key: str, data: bytes, result: FileResult) -> None:
        """Keep a result for :meth:`save`, unless it cannot be trusted to repeat (an internal
        error, an artifact folder too large to sign)."""
        from .core_rules import InternalError

        if result.artifact_paths is None or any(f.rule == InternalError.id for f in result.findings):
            return
        signatures = {}
        for artifact in result.artifact_paths:
            signature = self._signature(artifact)
            if signature is None:
                return
            signatures[artifact] = signature
        try:
            self._added[key] = json.dumps([signatures, _result_to_row(result, data, self.rule_texts)])
        except (TypeError, ValueError):  # a value JSON cannot hold
            return

    def _signature(self, artifact: str) -> str | None:
        """An artifact's signature, taken once per run: templates often share a code folder."""
        if artifact not in self._signatures:
            self._signatures[artifact] = artifact_signature(artifact)
        return self._signatures[artifact]

    def save(self) -> None:
        """Write the index again when this run added entries: the entries used least recently
        go first when it is full. Never fails a run (a read-only folder just keeps no cache)."""
        if not self._added:
            return
        lines = self._index()
        used = set(self._used)
        order = [key for key in lines if key not in used and key not in self._added] + [
            key for key in dict.fromkeys(self._used) if key not in self._added
        ]
        kept = {key: lines[key] for key in order}
        kept.update(self._added)
        keys = list(kept)[-MAX_INDEX_ENTRIES:]
        text = "".join(f"{key}\t{kept[key]}\n" for key in keys)
        target = self.index_path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".jsonl")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    out.write(text)
                os.replace(temporary, target)
            except BaseException:
                os.unlink(temporary)
                raise
            _remove_stale_indexes(target.parent, keep=target)
        except OSError:
            return
        self._lines = {key: kept[key] for key in keys}
        self._used, self._added = [], {}

    def _index(self) -> dict[str, str]:
        if self._lines is None:
            self._lines = {}
            try:
                with open(self.index_path, encoding="utf-8") as handle:
                    for line in handle:
                        key, tab, text = line.rstrip("\n").partition("\t")
                        if tab:
                            self._lines[key] = text
            except (OSError, UnicodeError):  # missing or unreadable: every lookup a miss
                pass
        return self._lines


def _remove_stale_indexes(folder: Path, keep: Path) -> None:
    """Indexes of other contexts (another date, older settings or code) not written for a while."""
    horizon = time.time() - STALE_INDEX_SECONDS
    for entry in os.scandir(folder):
        try:
            if entry.name.endswith(".jsonl") and entry.path != str(keep) and entry.stat().st_mtime < horizon:
                os.unlink(entry.path)
        except OSError:
            continue


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
    try:
        for folder, entries in walk_tree(path):  # the same bounded walk the size rule makes
            if isinstance(entries, OSError):
                digest.update(f"{folder}\0unreadable {entries.errno}\n".encode())
                continue
            for entry in entries:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        line = f"{entry.path}\0dir"
                    else:
                        target = entry.stat(follow_symlinks=True)
                        line = f"{entry.path}\0{target.st_mode} {target.st_size} {target.st_mtime_ns}"
                except OSError as exc:
                    line = f"{entry.path}\0error {exc.errno}"
                digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    except TooManyEntries:
        return None
    return "dir " + digest.hexdigest()


def code_fingerprint(engine: Engine) -> str | None:
    """A digest of the code results come from: slint itself, every rule's module (and its
    package), the rule set's ids and versions, and policy files; None when too large to read."""
    digest = hashlib.sha256()
    rules = sorted(
        (rule.id, rule.name, type(rule).__module__, type(rule).__qualname__, str(getattr(rule, "version", "")))
        for rule in engine.ruleset
    )
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
    # always, not only with --cfn-lint: the schema layer (SL020-SL025) reads cfn-lint's
    # provider schemas, which change with its version
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
    try:
        return decode(data).splitlines()
    except (ParseError, UnicodeError):
        return None


# An entry is ``[artifact signatures, result row]``; rows list a dataclass's fields in order.
_DECODER = json.JSONDecoder()
_RESULT_FIELDS = tuple(f.name for f in dataclasses.fields(FileResult))
_FINDINGS_AT, _UNUSED_AT, _LINES_AT = (
    _RESULT_FIELDS.index(name) for name in ("findings", "unused_suppressions", "lines")
)
_FINDING_FIELDS = tuple(f.name for f in dataclasses.fields(Finding))
_RULE_AT, _NAME_AT, _SOURCE_URL_AT, _FILE_AT = (
    _FINDING_FIELDS.index(name) for name in ("rule", "name", "source_url", "file")
)
_SEVERITY_AT, _PATH_AT, _RELATED_AT, _FIX_AT = (
    _FINDING_FIELDS.index(name) for name in ("severity", "path", "related", "fix")
)
_SEVERITIES = {severity.value: severity for severity in Severity}


def _result_to_row(result: FileResult, data: bytes, rule_texts: dict[str, tuple[str, str]]) -> list:
    """The result as JSON data. A finding's file, rule name and source URL are left out (null)
    when they are the result's file and the rule's own, and the lines when they are the file's:
    smaller entries decode faster."""
    row = [getattr(result, name) for name in _RESULT_FIELDS]
    row[_FINDINGS_AT] = [_finding_row(finding, result.file, rule_texts) for finding in result.findings]
    row[_UNUSED_AT] = [_fields(suppression) for suppression in result.unused_suppressions]
    if result.lines and result.lines == _text_lines(data):
        row[_LINES_AT] = None
    return row


def _finding_row(finding: Finding, file: str, rule_texts: dict[str, tuple[str, str]]) -> list:
    row = [getattr(finding, name) for name in _FINDING_FIELDS]
    if row[_FILE_AT] == file:
        row[_FILE_AT] = None
    if rule_texts.get(row[_RULE_AT]) == (row[_NAME_AT], row[_SOURCE_URL_AT]):
        row[_NAME_AT] = row[_SOURCE_URL_AT] = None
    return row


def _result_from_row(row: list, data: bytes, rule_texts: dict[str, tuple[str, str]]) -> FileResult:
    file = row[_RESULT_FIELDS.index("file")]
    findings = row[_FINDINGS_AT]
    for index, item in enumerate(findings):
        if item[_FILE_AT] is None:
            item[_FILE_AT] = file
        if item[_NAME_AT] is None:
            item[_NAME_AT], item[_SOURCE_URL_AT] = rule_texts[item[_RULE_AT]]
        item[_SEVERITY_AT] = _SEVERITIES[item[_SEVERITY_AT]]
        item[_PATH_AT] = tuple(item[_PATH_AT])
        item[_RELATED_AT] = tuple(tuple(place) for place in item[_RELATED_AT])
        item[_FIX_AT] = Fix.from_row(item[_FIX_AT])
        findings[index] = Finding(*item)
    row[_UNUSED_AT] = [
        Suppression(**{**item, "selectors": tuple(item["selectors"]) if item["selectors"] is not None else None})
        for item in row[_UNUSED_AT]
    ]
    if row[_LINES_AT] is None:
        row[_LINES_AT] = _text_lines(data) or []
    return FileResult(*row)


def _fields(obj: Any) -> dict:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
