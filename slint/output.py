"""Writing reports: text that cannot forge lines, written atomically, never over an input."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

# What a template may hold but plain output must not pass through: C0/C1 controls (newlines,
# ESC starting terminal sequences, CSI), Unicode line and paragraph separators, bidirectional
# overrides (they make shown text lie), lone surrogates (no encoding can write them), and "##[",
# which the GitHub Actions runner parses as a workflow command anywhere in a line.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]|##\\[")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "##[": "#\\x23["}


def printable(text: str) -> str:
    """``text`` as part of one line of plain output: every unsafe character as a visible escape
    (``\\n``, ``\\x1b``, ``\\u2028``); a byte of a non-UTF-8 file name as ``\\xff``."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match) -> str:
    found = match.group()
    named = _NAMED.get(found)
    if named:
        return named
    code = ord(found)
    if 0xDC80 <= code <= 0xDCFF:  # how Python decodes a byte of a name that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable_path(file: str) -> str:
    """A file name that may start a line: escaped, and never starting with ``::`` (a GitHub
    workflow command, even after leading blanks) or a blank."""
    shown = printable(file)
    if shown[:1].isspace() or shown.lstrip().startswith("::"):
        return "./" + shown
    return shown


def encoded(text: str) -> bytes:
    """UTF-8 that any string can become: what a reporter left unescaped (a lone surrogate) is
    written as a backslash escape instead of failing the whole report."""
    return text.encode("utf-8", "backslashreplace")


class OutputError(Exception):
    """The report cannot be written where asked (the message says why; no traceback)."""


def write_report(path: str | os.PathLike, text: str, inputs: Iterable[str] = ()) -> None:
    """Write the report to ``path``. A regular file is replaced atomically (through a symbolic
    link: its target, the link stays); a device, pipe or terminal (``/dev/null``,
    ``/dev/stdout``) is written to, never replaced. Refuses a file among ``inputs`` (the files
    just linted), so ``-o template.yaml`` cannot overwrite a template. Raises OutputError."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"{path}: {exc.strerror or exc}") from None
    try:
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{path}: is a directory")
        if info is not None and not stat.S_ISREG(info.st_mode):
            _write_in_place(path, text)
            return
        if info is not None and _is_input(info, inputs):
            raise OutputError(f"{path}: is one of the linted files; slint does not overwrite its input")
        write_atomic(os.path.realpath(path), text)
    except OSError as exc:
        raise OutputError(f"{path}: {exc.strerror or exc}") from None


def _is_input(info: os.stat_result, inputs: Iterable[str]) -> bool:
    for file in inputs:
        try:
            other = os.stat(file)
        except (OSError, ValueError):
            continue
        if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
            return True
    return False


def _write_in_place(path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)
    try:
        data = memoryview(encoded(text))
        while data:
            data = data[os.write(fd, data) :]
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike, text: str) -> None:
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    # a short fixed name: one derived from a long target name would be too long itself
    fd, temporary = tempfile.mkstemp(prefix=".slint-", suffix=".tmp", dir=directory)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as an ordinary new file would be, not mkstemp's 0600
        with os.fdopen(fd, "wb") as handle:
            handle.write(encoded(text))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
