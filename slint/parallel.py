"""``--jobs``: templates spread over processes, results in exactly the order a serial run gives.

Each worker process builds its engine once (from the settings, so it works with both the fork
and the spawn start methods) and lints whole files; the parent only collects the results (and,
with a cache, has already read the files, served what it could, and stores the rest).
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    from .config import Settings
    from .engine import Engine, FileResult

MIN_FILES_PER_PROCESS = 8  # below this, starting a process costs more than it saves
CHUNKS_PER_PROCESS = 32  # files go out in chunks: few round trips, yet no process waits long for the last


def effective_jobs(jobs: int | None, files: int) -> int:
    """Processes worth starting: ``jobs`` (None or 0: one per CPU), fewer for a handful of files."""
    requested = jobs if jobs and jobs > 0 else (os.cpu_count() or 1)
    return max(1, min(requested, files // MIN_FILES_PER_PROCESS))


@dataclass
class LintJob:
    """One file to lint: read from ``path``, or its bytes already read (as the cache key saw them)."""

    path: Path
    file: str | None = None  # the name findings carry, when ``data`` is given
    data: bytes | None = None

    def run(self, engine: "Engine") -> "FileResult":
        if self.data is None:
            from .api import lint_file

            return lint_file(engine, self.path)
        return engine.lint_bytes(self.data, self.file or str(self.path), self.path)


def lint_in_processes(settings: "Settings", jobs: list[LintJob], workers: int) -> list["FileResult"]:
    import multiprocessing

    chunk = max(1, len(jobs) // (workers * CHUNKS_PER_PROCESS))
    with multiprocessing.get_context().Pool(workers, initializer=_start_worker, initargs=(settings,)) as pool:
        outcomes = pool.map(_lint_in_worker, jobs, chunksize=chunk)
    results = []
    for outcome in outcomes:
        if isinstance(outcome, _ConfigFailure):
            raise ConfigError(outcome.message, outcome.file, outcome.line)
        result, text = outcome
        if text is not None:
            result.lines = text.split("\n")
        results.append(result)
    return results


@dataclass
class _ConfigFailure:  # a ConfigError, carried back whole (its pickled form loses file and line)
    message: str
    file: str | None
    line: int | None


_engine: "Engine | None" = None


def _start_worker(settings: "Settings") -> None:
    global _engine
    from .api import build_engine
    from .engine import PathMemo

    _engine = build_engine(settings)
    _engine.paths = PathMemo()  # a worker lives for one run
    gc.disable()  # one collection per linted file instead (see Engine.lint_bytes)


def _lint_in_worker(job: LintJob) -> "tuple[FileResult, str | None] | _ConfigFailure":
    """The result, with its lines sent as one string (lines never hold a newline): pickling
    one string instead of a list of them is most of the cost of sending a result back."""
    assert _engine is not None
    try:
        result = job.run(_engine)
    except ConfigError as exc:
        return _ConfigFailure(exc.message, exc.file, exc.line)
    text = "\n".join(result.lines) if result.lines else None
    result.lines = []
    return result, text
