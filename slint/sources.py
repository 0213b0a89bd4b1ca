"""Reading the files a run lints: one file's bytes, bounded, or a finding saying why it cannot be
read. Below the API, so the API and the ``--jobs`` workers (slint.parallel) both use it."""

from __future__ import annotations

import functools
import os
import stat
from pathlib import Path

from .engine import MAX_TEMPLATE_BYTES, Engine, FileResult


def lint_file(engine: Engine, path: Path) -> FileResult:
    file = display_path(path, engine.real_path(path))
    data = read_template(engine, path, file)
    return data if isinstance(data, FileResult) else engine.lint_bytes(data, file, path)


def read_template(engine: Engine, path: Path, file: str) -> bytes | FileResult:
    """The file's bytes, or a parse-failure result saying why it cannot be read."""
    try:
        return read_at_most(path, MAX_TEMPLATE_BYTES + 1)
    except (OSError, ValueError) as exc:
        return unreadable_result(engine, file, exc)


def unreadable_result(engine: Engine, file: str, exc: OSError | ValueError) -> FileResult:
    from .core_rules import ParseFailure

    result = FileResult(file)
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    result.findings.append(engine.engine_finding(ParseFailure, "unreadable", file, 1, 1, error=reason))
    return result


def unreadable_folder_result(engine: Engine, error: OSError) -> FileResult:
    """The finding for a folder a walk could not list: the templates in it are not linted."""
    from .core_rules import ParseFailure

    file = display_path(Path(error.filename)) if error.filename is not None else "."
    result = FileResult(file)
    result.findings.append(
        engine.engine_finding(ParseFailure, "unreadable_folder", file, 1, 1, error=error.strerror or str(error))
    )
    return result


def read_at_most(path: str | os.PathLike, limit: int) -> bytes:
    """Up to ``limit`` bytes of ``path`` (a FIFO with no writer reads as empty, see below)."""
    fd = _open_for_reading(path)
    try:
        return _read_at_most(fd, limit)
    finally:
        os.close(fd)


def _open_for_reading(path: Path) -> int:
    """Opened without blocking on a named pipe that has no writer (a stray FIFO then reads as
    empty); :func:`_read_at_most` makes anything but a regular file block again, so process
    substitution (``<(...)``) still works."""
    return os.open(path, os.O_RDONLY | os.O_NONBLOCK)


def _read_at_most(fd: int, limit: int) -> bytes:
    """Up to ``limit`` bytes, asked for in pieces the size of the file (one read of ``limit``
    bytes would allocate the whole limit each time, and that costs more than reading a template)."""
    info = os.fstat(fd)
    regular = stat.S_ISREG(info.st_mode)
    if not regular:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    expected = info.st_size + 1  # + 1: a regular file's short read is its end
    chunks = []
    total = 0
    while total < limit:
        wanted = min(limit - total, max(expected - total, 64 * 1024))
        chunk = os.read(fd, wanted)
        chunks.append(chunk)
        total += len(chunk)
        if not chunk or (regular and len(chunk) < wanted):
            break
    return b"".join(chunks)


def display_path(path: Path, real_path: str | None = None) -> str:
    """Paths relative to the working directory when below it, as people typed them otherwise.

    ``real_path`` is ``os.path.realpath(path)`` when the caller knows it already."""
    try:
        real = real_path if real_path is not None else os.path.realpath(path)  # realpath: a link loop is no error
        cwd = _real_cwd(os.getcwd())
    except OSError:
        return str(path)
    if real == cwd:
        return "."
    below = cwd.rstrip(os.sep) + os.sep  # both are real paths: no "." or ".." parts, no doubled separators
    return real[len(below) :] if real.startswith(below) else str(path)


@functools.lru_cache(maxsize=8)
def _real_cwd(cwd: str) -> str:  # once per run, not once per file: resolving costs a stat per component
    return os.path.realpath(cwd)
