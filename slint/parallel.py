"""``--jobs``: templates spread over processes, results in exactly the order a serial run gives.

The parent lints too: with N jobs it starts N-1 worker processes. The files are cut into
chunks (big ones first, small ones to even out the end); the parent takes the next chunk
whenever it is free, and hands one to each worker over that worker's own pipe, the next one
when its results come back. Nothing is shared between processes, so a worker that dies at any
moment (kill -9, the OOM killer, half-way through sending a result) holds nothing the others
wait for: its pipe reads as closed, its process sentinel fires, and the parent lints the chunk
it had been given. Forked workers inherit the parent's engine and the job list (nothing to
rebuild or send); under the spawn start method they get the settings and build their own.
Workers ignore Ctrl-C: the parent stops them.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from .config import Settings
    from .engine import Engine, FileResult

MIN_FILES_PER_PROCESS = 8  # below this, starting a process costs more than it saves
CHUNK_SHRINK = 4  # each chunk is 1/(4 x processes) of what is left: big ones first, small ones to even out the end
MIN_CHUNK = 4
_PARENT_POLL_SECONDS = 0.2  # how often an idle parent looks again, in case the dispatcher itself failed


def available_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the platform has one)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def effective_jobs(jobs: int | None, files: int) -> int:
    """Processes worth using: ``jobs`` (None or 0: one per CPU), never more than the CPUs, and
    fewer for a handful of files."""
    cpus = available_cpus()
    requested = min(jobs, cpus) if jobs and jobs > 0 else cpus
    return max(1, min(requested, files // MIN_FILES_PER_PROCESS))


@dataclass
class LintJob:
    """One file to lint: read from ``path``, or its bytes already read (as the cache key saw them)."""

    path: Path
    file: str | None = None  # the name findings carry, when ``data`` is given
    data: bytes | None = None

    def run(self, engine: Engine) -> FileResult:
        if self.data is None:
            from .sources import lint_file

            return lint_file(engine, self.path)
        return engine.lint_bytes(self.data, self.file or str(self.path), self.path)


def lint_in_processes(
    engine: Engine, jobs: list[LintJob], processes: int, deliver: Callable[[int, FileResult], None]
) -> None:
    """``jobs`` linted by this process and ``processes - 1`` workers. ``deliver(position, result)``
    is called here in ``jobs`` order, each result as soon as every one before it is in."""
    import multiprocessing

    context = multiprocessing.get_context()
    chunks = _chunks(jobs, processes)
    plan = _Plan(len(chunks))
    done: dict[int, list] = {}
    forked = context.get_start_method() == "fork"
    inherited = engine if forked else None
    workers: list[_Worker] = []
    dispatcher = threading.Thread(target=_dispatch, args=(workers, plan, done), daemon=True)
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
        with _ctrl_c_ignored():  # inherited by the workers started here
            for _ in range(processes - 1):
                ours, theirs = context.Pipe()
                parent_ends = (
                    [worker.connection for worker in workers] + [ours] if forked else []
                )  # what a fork inherits
                process = context.Process(
                    target=_work, args=(engine.settings, inherited, chunks, theirs, parent_ends), daemon=True
                )
                try:
                    process.start()
                except OSError:  # no more processes allowed (EAGAIN, ENOMEM): lint with those there are
                    ours.close()
                    break
                finally:
                    theirs.close()  # the worker's end lives in the worker only: its death reads as end of file here
                workers.append(_Worker(process, ours))
        # Workers' results are received while this process lints: a worker never waits on a
        # full pipe, and unpickling is spread over the run instead of all coming at its end.
        dispatcher.start()
        while True:
            seen = plan.changes
            index = plan.claim()
            if index is not None:
                done[index] = [_lint_one(engine, job) for job in chunks[index]]
            elif dispatcher.is_alive():
                plan.wait(seen, _PARENT_POLL_SECONDS)  # for a result to deliver, a chunk handed back, or the end
            else:
                break
            deliver_ready()
        for index in range(next_chunk, len(chunks)):  # had the dispatcher failed, what it never received
            if index not in done:
                done[index] = [_lint_one(engine, job) for job in chunks[index]]
        deliver_ready()
    finally:
        for worker in workers:
            if worker.process.is_alive():
                worker.process.terminate()
            worker.process.join()
        if dispatcher.ident is not None:
            dispatcher.join()  # quick: every worker has ended, so every pipe reads as closed
        for worker in workers:
            worker.connection.close()


def _chunks(jobs: list[LintJob], processes: int) -> list[list[LintJob]]:
    chunks, start = [], 0
    while start < len(jobs):
        size = max(MIN_CHUNK, (len(jobs) - start) // (processes * CHUNK_SHRINK))
        chunks.append(jobs[start : start + size])
        start += size
    return chunks


class _Plan:
    """Which chunk goes next, for the parent's two threads: chunks in order, then any a dead
    worker was given and never sent back. Threads of one process only: a lock no process shares."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.next = 0
        self.handed_back: list[int] = []
        self.changes = 0  # results in, chunks handed back, the dispatcher's end: what the parent waits for
        self.changed = threading.Condition()

    def claim(self) -> int | None:
        with self.changed:
            if self.handed_back:
                return self.handed_back.pop(0)
            if self.next < self.count:
                self.next += 1
                return self.next - 1
            return None

    def hand_back(self, index: int) -> None:
        with self.changed:
            self.handed_back.append(index)
            self.changes += 1
            self.changed.notify_all()

    def wake(self) -> None:
        with self.changed:
            self.changes += 1
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> None:
        """Until something changed since ``seen`` (what ``changes`` was), or ``timeout``."""
        with self.changed:
            if self.changes == seen:
                self.changed.wait(timeout)


@dataclass(eq=False)
class _Worker:
    process: object  # multiprocessing.Process
    connection: object  # the parent's end of this worker's pipe
    chunk: int | None = None  # the chunk it is linting


def _dispatch(workers: list[_Worker], plan: _Plan, done: dict[int, list]) -> None:
    """The parent's side of every worker's pipe: give each a chunk, store what it sends back,
    give it the next; a worker that dies (its pipe closed, its process ended) hands its chunk
    back to the parent. Returns when no worker is linting."""
    from multiprocessing.connection import wait

    linting: list[_Worker] = []

    def give_next(worker: _Worker) -> None:
        worker.chunk = plan.claim()
        try:
            worker.connection.send(worker.chunk)  # None: nothing left, stop
        except OSError:  # it died after its last result
            lost(worker)
            return
        if worker.chunk is not None:
            linting.append(worker)

    def lost(worker: _Worker) -> None:
        if worker.chunk is not None and worker.chunk not in done:
            plan.hand_back(worker.chunk)
        worker.chunk = None

    def receive(worker: _Worker) -> bool:
        """Take one message from ``worker``; False when its pipe is closed or broken."""
        try:
            index, packed = worker.connection.recv()
        except (EOFError, OSError):  # died, maybe half-way through a message: nothing of it is used
            return False
        except Exception:  # a message that does not unpickle: as good as lost
            return False
        done[index] = [_unpack(outcome) for outcome in packed]
        plan.wake()
        return True

    try:
        for worker in workers:
            give_next(worker)
        while linting:
            by_handle = {}
            for worker in linting:
                by_handle[worker.connection] = by_handle[worker.process.sentinel] = worker
            for handle in wait(list(by_handle)):
                worker = by_handle[handle]
                if worker not in linting:
                    continue  # its pipe and its sentinel were both ready
                linting.remove(worker)
                if handle is worker.connection:
                    if receive(worker):
                        give_next(worker)
                        continue
                else:  # it ended: take what it sent just before, if whole
                    while worker.connection.poll(0) and receive(worker):
                        pass
                lost(worker)
    finally:
        for worker in linting:
            lost(worker)
        plan.wake()


def _work(settings: Settings, engine: Engine | None, chunks, connection, parent_ends: list) -> None:
    """A worker process: lint the chunks the parent names on ``connection`` until it says None,
    or until the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent answers it
    parent = os.getppid()
    for end in parent_ends:  # the parent's ends a fork copied: with them closed, a dead parent reads as end of file
        end.close()
    if engine is None:  # spawned, not forked: nothing was inherited
        from .engine import Engine, PathMemo

        engine = Engine.from_settings(settings)
        engine.paths = PathMemo()  # a worker lives for one run
    gc.disable()  # one collection per linted file instead (see Engine.lint_bytes)
    try:
        while True:
            while not connection.poll(_PARENT_POLL_SECONDS):
                if os.getppid() != parent:  # killed without a word: nobody to lint for
                    return
            index = connection.recv()
            if index is None:
                return
            results = [_pack(_lint_one(engine, job)) for job in chunks[index]]
            try:
                _send(connection, (index, results))
            except (pickle.PicklingError, AttributeError, TypeError):
                return  # a result that cannot be sent (a plugin's own objects): the parent lints this chunk itself
    except (EOFError, OSError):  # the parent is gone: nobody to lint for
        return


def _send(connection, message) -> None:  # one place, so a test can kill a worker half-way through a send
    connection.send(message)


@contextlib.contextmanager
def _ctrl_c_ignored():
    """SIGINT ignored while workers start, so none can take a Ctrl-C before it ignores it itself."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass
class _ConfigFailure:  # a ConfigError, carried back whole (its pickled form loses file and line)
    message: str
    file: str | None
    line: int | None


def _lint_one(engine: Engine, job: LintJob) -> FileResult | _ConfigFailure:
    try:
        return job.run(engine)
    except ConfigError as exc:
        return _ConfigFailure(exc.message, exc.file, exc.line)


def _pack(outcome: FileResult | _ConfigFailure) -> tuple[FileResult, str | None] | _ConfigFailure:
    """The result with its lines as one string (lines never hold a newline): pickling one
    string instead of a list of them is most of the cost of sending a result back."""
    if isinstance(outcome, _ConfigFailure):
        return outcome
    text = "\n".join(outcome.lines) if outcome.lines else None
    outcome.lines = []
    return outcome, text


def _unpack(packed: tuple[FileResult, str | None] | _ConfigFailure) -> FileResult | _ConfigFailure:
    if isinstance(packed, _ConfigFailure):
        return packed
    result, text = packed
    if text is not None:
        result.lines = text.split("\n")
    return result
