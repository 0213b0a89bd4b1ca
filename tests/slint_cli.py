"""Running the real CLI in a child process, bounded, for tests about hostile input.

The timeout and the address-space limit are guards, not measurements: a hang or a runaway
allocation fails the test instead of freezing or swapping the machine."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

HANG_GUARD_SECONDS = 120
MEMORY_GUARD_BYTES = 2 * 1024**3  # address space, not resident memory: far above what slint needs


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_GUARD_BYTES, MEMORY_GUARD_BYTES))


def run_slint(*args: str | Path, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """``slint <args>``; ``lint`` runs without the result cache, so every file goes through the real path."""
    if args and args[0] == "lint":
        args = ("lint", "--no-cache", *args[1:])
    return subprocess.run(
        [sys.executable, "-m", "slint", *map(str, args)],
        cwd=cwd, input=stdin, capture_output=True, timeout=HANG_GUARD_SECONDS, preexec_fn=_limit_memory,
    )  # fmt: skip


def lint_json(*args: str | Path, cwd: Path) -> tuple[dict, subprocess.CompletedProcess]:
    """``slint lint --format json``: the parsed report, after checking that the run ended normally."""
    completed = run_slint("lint", "--format", "json", *args, cwd=cwd)
    stderr = completed.stderr.decode("utf-8", "replace")
    assert completed.returncode in (0, 1), stderr
    assert "Traceback" not in stderr, stderr
    return json.loads(completed.stdout), completed


def by_file(report: dict) -> dict[str, list[tuple]]:
    """Findings per file name (the last path part) as (rule, line, message)."""
    out: dict[str, list[tuple]] = {}
    for finding in report["findings"]:
        out.setdefault(Path(finding["file"]).name, []).append((finding["rule"], finding["line"], finding["message"]))
    return {name: sorted(found) for name, found in out.items()}
