"""--jobs survives workers that die at the worst moment, never starts more processes than CPUs,
and answers Ctrl-C with a short note. Each run is a subprocess with a timeout: a hang fails the
test instead of hanging the suite."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from slint.parallel import available_cpus, effective_jobs

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="plants failures in forked workers")

RUN_TIMEOUT = 120  # seconds; a run that hangs is stopped here and fails

FUNCTION = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://bucket/code.zip
      Handler: app.handler
      Runtime: python3.12
      Timeout: {timeout}
"""

# Runs lint_paths with argv[2] jobs and prints the text report. ``slint.parallel._send`` is
# replaced so that a worker dies half-way through sending its first result (argv[3]: "exit" for
# os._exit, "kill" for SIGKILL); argv[4] is a file only the first worker to send can create, so
# that one dies and the others go on. ``available_cpus`` says 4, so 4 jobs start 3 workers here.
SCRIPT = """
import os, signal, struct, sys
from multiprocessing.reduction import ForkingPickler

import slint.parallel
from slint.api import lint_paths
from slint.config import Settings
from slint.reporters import render

folder, jobs, how, marker = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
send = slint.parallel._send

def dying_half_way(connection, message):
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return send(connection, message)
    payload = bytes(ForkingPickler.dumps(message))
    os.write(connection.fileno(), struct.pack("!i", len(payload)) + payload[: len(payload) // 2])
    if how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(3)

slint.parallel._send = dying_half_way
slint.parallel.available_cpus = lambda: 4
report = lint_paths([folder], Settings(use_samconfig=False), jobs=jobs)
sys.stdout.write(render(report, "text", color=False))
"""


def _templates(folder: Path, count: int) -> None:
    folder.mkdir(exist_ok=True)
    for index in range(count):
        (folder / f"t{index:03d}.yaml").write_text(FUNCTION.format(timeout=860 + index), encoding="utf-8")


def _run(folder: Path, jobs: int, how: str, marker: Path) -> str:
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder), str(jobs), how, str(marker)],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


@pytest.mark.parametrize("how", ["exit", "kill"])
@pytest.mark.parametrize("jobs", [2, 4])
def test_a_worker_dying_half_way_through_sending_a_result_loses_nothing_and_hangs_nothing(tmp_path, how, jobs):
    _templates(tmp_path / "templates", 80)
    serial = _run(tmp_path / "templates", 1, how, tmp_path / "serial-marker")
    marker = tmp_path / "parallel-marker"

    parallel = _run(tmp_path / "templates", jobs, how, marker)

    assert marker.exists(), "no worker sent a result, so none died sending one"
    assert parallel == serial
    assert serial.count(" error SL101 [lambda-timeout-range] Timeout ") == 39  # 901 s and above
    assert "t079.yaml:9:" in serial


def test_jobs_never_start_more_processes_than_there_are_cpus(monkeypatch):
    import slint.parallel

    monkeypatch.setattr(slint.parallel, "available_cpus", lambda: 2)
    assert effective_jobs(64, 10_000) == 2
    assert effective_jobs(0, 10_000) == 2  # 0: one per CPU
    assert effective_jobs(64, 12) == 1  # a handful of files: one process


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity on this platform")
def test_the_cpus_counted_are_those_this_process_may_run_on():
    assert available_cpus() == len(os.sched_getaffinity(0))


# Lints with --jobs 2 through the CLI; workers take a while per file, so Ctrl-C finds them busy.
SLOW_CLI = """
import os, sys, time
import slint.parallel
from slint.cli import run
from slint.engine import Engine

parent = os.getpid()
lint_bytes = Engine.lint_bytes

def slow_in_workers(self, data, file, path=None):
    if os.getpid() != parent:
        time.sleep(0.5)
    return lint_bytes(self, data, file, path)

Engine.lint_bytes = slow_in_workers
slint.parallel.available_cpus = lambda: 2
sys.argv = ["slint", "lint", "--no-cache", "--jobs", "2", sys.argv[1]]
run()
"""


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers through /proc")
def test_ctrl_c_with_jobs_exits_130_with_a_short_note_and_no_worker_tracebacks(tmp_path):
    _templates(tmp_path / "templates", 80)
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_CLI, str(tmp_path / "templates")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + RUN_TIMEOUT
        while not _children(process.pid) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _children(process.pid), "the worker never started"
        time.sleep(0.5)  # the worker is inside its first chunk (0.5 s a file)
        os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the whole process group
        stdout, stderr = process.communicate(timeout=RUN_TIMEOUT)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130
    assert stderr.strip() == "slint: interrupted"
    assert stdout == ""


START_FAILS = """
import multiprocessing.context, sys
import slint.parallel
from slint.api import lint_paths
from slint.config import Settings
from slint.reporters import render

start, started = multiprocessing.context.ForkProcess.start, []

def second_start_fails(process):
    started.append(process)
    if len(started) == 2:
        raise OSError(11, "Resource temporarily unavailable")
    start(process)

multiprocessing.context.ForkProcess.start = second_start_fails
slint.parallel.available_cpus = lambda: 4
report = lint_paths([sys.argv[1]], Settings(use_samconfig=False), jobs=int(sys.argv[2]))
sys.stdout.write(render(report, "text", color=False))
print(len(started))
"""


def test_a_worker_that_cannot_be_started_leaves_the_run_to_the_others(tmp_path):
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("plants the failure in the fork start method")
    _templates(tmp_path, 80)
    outputs = [
        subprocess.run(
            [sys.executable, "-c", START_FAILS, str(tmp_path), jobs],
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=True,
        ).stdout
        for jobs in ("1", "4")
    ]
    assert outputs[0].endswith("\n0\n")  # serial: no process started
    assert outputs[1].endswith("\n2\n")  # the third worker was never tried
    assert outputs[0][:-2] == outputs[1][:-2]
    assert outputs[0].count(" error SL101 [lambda-timeout-range] Timeout ") == 39


def test_a_configuration_error_met_while_linting_ends_a_parallel_run_as_it_ends_a_serial_one(tmp_path):
    """An unknown --config-env in one folder's samconfig is a configuration error (exit 2), with
    its file, and no worker's traceback, whichever process met it."""
    for group in ("a", "b"):
        _templates(tmp_path / group, 12)
    (tmp_path / "b" / "samconfig.toml").write_text('version = 0.1\n[prod.deploy.parameters]\nregion = "eu-west-1"\n')
    runs = [
        subprocess.run(
            [
                sys.executable,
                "-m",
                "slint",
                "lint",
                "--no-cache",
                "--jobs",
                jobs,
                "--config-env",
                "staging",
                str(tmp_path),
            ],
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )  # fmt: skip
        for jobs in ("1", "2")
    ]
    for completed in runs:
        assert completed.returncode == 2
        assert completed.stdout == ""
        assert "Traceback" not in completed.stderr
    assert runs[0].stderr == runs[1].stderr
    assert (
        runs[0].stderr
        == f"slint: configuration error: {tmp_path.resolve()}/b/samconfig.toml: --config-env: no environment 'staging' in this samconfig (it has: prod)\n"
    )


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers through /proc")
def test_workers_end_when_the_parent_is_killed(tmp_path):
    """A worker whose parent is killed (CI timeout, OOM killer) stops instead of waiting for ever
    on its pipe: with the parent's ends it inherited closed, the pipe reads as closed."""
    _templates(tmp_path / "templates", 40)  # chunks of 5 files: a worker ends its chunk, then notices
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_CLI, str(tmp_path / "templates")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + RUN_TIMEOUT
        while not _children(process.pid) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = _children(process.pid)
        assert workers, "the worker never started"
        process.kill()
        process.wait()
        while any(_running(worker) for worker in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_running(worker) for worker in workers)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for worker in workers:  # left running by a failure: never past the test
            if _running(worker):
                os.kill(worker, signal.SIGKILL)


# A worker whose first result cannot be pickled (as cfn-lint's own str subclass could not):
# it must end without a traceback and the parent lints its chunk.
UNPICKLABLE_SCRIPT = """
import os, sys
import slint.parallel
from slint.api import lint_paths
from slint.config import Settings
from slint.reporters import render

folder, marker = sys.argv[1], sys.argv[2]
send = slint.parallel._send

def unpicklable(connection, message):
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return send(connection, message)
    return send(connection, (message, lambda: None))

slint.parallel._send = unpicklable
report = lint_paths([folder], Settings(use_samconfig=False), jobs=2)
sys.stdout.write(render(report, "text", color=False))
"""


def test_a_result_that_cannot_be_sent_is_linted_again_without_a_traceback(tmp_path):
    _templates(tmp_path / "templates", 80)
    marker = tmp_path / "marker"
    completed = subprocess.run(
        [sys.executable, "-c", UNPICKLABLE_SCRIPT, str(tmp_path / "templates"), str(marker)],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    assert completed.returncode == 0, completed.stderr
    assert marker.exists()
    assert completed.stderr == ""
    assert completed.stdout.count(" error SL101 [lambda-timeout-range] Timeout ") == 39  # 901 s and above
