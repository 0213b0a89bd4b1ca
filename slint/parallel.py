"""``--jobs``: templates spread over processes, results in exactly the order a serial run gives.

Each worker process builds its engine once (from the settings, so it works with both the fork
and the spawn start methods) and lints whole files; the parent only collects the results.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    from .cache import ResultCache
    from .config import Settings
    from .engine import Engine, FileResult

MIN_FILES_PER_PROCESS = 8  # below this, starting a process costs more than it saves
CHUNKS_PER_PROCESS = 8  # files go out in chunks: few round trips, yet a slow file cannot stall the rest


def effective_jobs(jobs: int | None, files: int) -> int:
    """Processes worth starting: ``jobs`` (None or 0: one per CPU), fewer for a handful of files."""
    requested = jobs if jobs and jobs > 0 else (os.cpu_count() or 1)
    return max(1, min(requested, files // MIN_FILES_PER_PROCESS))


def lint_in_processes(settings: "Settings", cache: "ResultCache | None", paths: list[Path], workers: int) -> list["FileResult"]:
    import multiprocessing

    chunk = max(1, len(paths) // (workers * CHUNKS_PER_PROCESS))
    with multiprocessing.get_context().Pool(workers, initializer=_start_worker, initargs=(settings, cache)) as pool:
        outcomes = pool.map(_lint_in_worker, paths, chunksize=chunk)
    for outcome in outcomes:
        if isinstance(outcome, _ConfigFailure):
            raise ConfigError(outcome.message, outcome.file, outcome.line)
    return outcomes


@dataclass
class _ConfigFailure:  # a ConfigError, carried back whole (its pickled form loses file and line)
    message: str
    file: str | None
    line: int | None


_worker: "tuple[Engine, ResultCache | None] | None" = None


def _start_worker(settings: "Settings", cache: "ResultCache | None") -> None:
    global _worker
    from .api import build_engine

    _worker = (build_engine(settings), cache)


def _lint_in_worker(path: Path) -> "FileResult | _ConfigFailure":
    from .api import lint_file

    assert _worker is not None
    engine, cache = _worker
    try:
        return lint_file(engine, path, cache)
    except ConfigError as exc:
        return _ConfigFailure(exc.message, exc.file, exc.line)
