"""``--jobs``: templates spread over processes, results in exactly the order a serial run gives.

The parent lints too: with N jobs it starts N-1 worker processes, and every process takes the
next chunk of files from a shared counter until none is left, so a slow file never leaves a
process idle while another has a queue. Forked workers inherit the parent's engine and the job
list (nothing to rebuild or send); under the spawn start method they get the settings and build
their own. Workers send each chunk's results back as they finish it; a worker that dies takes
nothing with it: the parent lints whatever it did not deliver.
"""

from __future__ import annotations

import gc
import os
import queue
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    from typing import Callable

    from .config import Settings
    from .engine import Engine, FileResult

MIN_FILES_PER_PROCESS = 8  # below this, starting a process costs more than it saves
CHUNK_SHRINK = 4  # each chunk is 1/(4 x processes) of what is left: big ones first, small ones to even out the end
MIN_CHUNK = 4
_WORKER_POLL_SECONDS = 0.2  # how often the parent checks that a silent worker is still alive


def effective_jobs(jobs: int | None, files: int) -> int:
    """Processes worth using: ``jobs`` (None or 0: one per CPU), fewer for a handful of files."""
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


def lint_in_processes(engine: "Engine", jobs: list[LintJob], processes: int, deliver: "Callable[[int, FileResult], None]") -> None:
    """``jobs`` linted by this process and ``processes - 1`` workers. ``deliver(position, result)``
    is called here in ``jobs`` order, each result as soon as every one before it is in."""
    import multiprocessing
    import threading

    context = multiprocessing.get_context()
    chunks = _chunks(jobs, processes)
    claimed = context.RawValue("i", 0)
    claim_lock = context.Lock()
    delivered = context.Queue()
    inherited = engine if context.get_start_method() == "fork" else None
    workers = [
        context.Process(target=_work, args=(engine.settings, inherited, chunks, claimed, claim_lock, delivered), daemon=True)
        for _ in range(processes - 1)
    ]
    done: dict[int, list] = {}
    # Workers' results are received while this process lints: a worker never waits on a full
    # pipe, and unpickling is spread over the run instead of all coming at its end.
    receiver = threading.Thread(target=_receive, args=(delivered, workers, done), daemon=True)
    next_chunk = position = 0

    def deliver_ready() -> None:
        nonlocal next_chunk, position
        while next_chunk in done:
            for outcome in done.pop(next_chunk):
                if isinstance(outcome, _ConfigFailure):  # the error a serial run stops at
                    raise ConfigError(outcome.message, outcome.file, outcome.line)
                deliver(position, outcome)
                position += 1
            next_chunk += 1

    try:
        for worker in workers:
            worker.start()
        receiver.start()
        for index in _claims(claimed, claim_lock, len(chunks)):
            done[index] = [_lint_one(engine, job) for job in chunks[index]]
            deliver_ready()
        receiver.join()
        for index in range(next_chunk, len(chunks)):  # what a dead worker had claimed and never delivered
            if index not in done:
                done[index] = [_lint_one(engine, job) for job in chunks[index]]
        deliver_ready()
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()


def _chunks(jobs: list[LintJob], processes: int) -> list[list[LintJob]]:
    chunks, start = [], 0
    while start < len(jobs):
        size = max(MIN_CHUNK, (len(jobs) - start) // (processes * CHUNK_SHRINK))
        chunks.append(jobs[start : start + size])
        start += size
    return chunks


def _claims(claimed, claim_lock, count: int):
    """Chunk indexes, each handed to exactly one of the processes that ask."""
    while True:
        with claim_lock:
            index = claimed.value
            claimed.value = index + 1
        if index >= count:
            return
        yield index


def _receive(delivered, workers: list, done: dict[int, list]) -> None:
    """Workers' chunks, until every worker has said it is finished or none is left alive."""
    finished = 0
    while finished < len(workers):
        try:
            message = delivered.get(timeout=_WORKER_POLL_SECONDS)
        except queue.Empty:
            if any(worker.is_alive() for worker in workers):
                continue
            try:  # what a worker sent just before it exited
                message = delivered.get_nowait()
            except queue.Empty:
                return
        if message is None:
            finished += 1
        else:
            index, packed = message
            done[index] = [_unpack(outcome) for outcome in packed]


def _work(settings: "Settings", engine: "Engine | None", chunks, claimed, claim_lock, delivered) -> None:
    """A worker process: lint chunks until none is left, sending each chunk's results as it goes."""
    if engine is None:  # spawned, not forked: nothing was inherited
        from .api import build_engine
        from .engine import PathMemo

        engine = build_engine(settings)
        engine.paths = PathMemo()  # a worker lives for one run
    gc.disable()  # one collection per linted file instead (see Engine.lint_bytes)
    for index in _claims(claimed, claim_lock, len(chunks)):
        delivered.put((index, [_pack(_lint_one(engine, job)) for job in chunks[index]]))
    delivered.put(None)
    delivered.close()
    delivered.join_thread()


@dataclass
class _ConfigFailure:  # a ConfigError, carried back whole (its pickled form loses file and line)
    message: str
    file: str | None
    line: int | None


def _lint_one(engine: "Engine", job: LintJob) -> "FileResult | _ConfigFailure":
    try:
        return job.run(engine)
    except ConfigError as exc:
        return _ConfigFailure(exc.message, exc.file, exc.line)


def _pack(outcome: "FileResult | _ConfigFailure") -> "tuple[FileResult, str | None] | _ConfigFailure":
    """The result with its lines as one string (lines never hold a newline): pickling one
    string instead of a list of them is most of the cost of sending a result back."""
    if isinstance(outcome, _ConfigFailure):
        return outcome
    text = "\n".join(outcome.lines) if outcome.lines else None
    outcome.lines = []
    return outcome, text


def _unpack(packed: "tuple[FileResult, str | None] | _ConfigFailure") -> "FileResult | _ConfigFailure":
    if isinstance(packed, _ConfigFailure):
        return packed
    result, text = packed
    if text is not None:
        result.lines = text.split("\n")
    return result
