"""Telling a real Ctrl-C from a KeyboardInterrupt (or SystemExit) a local rule raises itself.

A rule's ``sys.exit(0)`` or ``raise KeyboardInterrupt`` must be that rule's error, never the end
of the run; a Ctrl-C must still end it. While :func:`watching_ctrl_c` is active, a SIGINT is
noted before it raises KeyboardInterrupt as Python's own handler does."""

from __future__ import annotations

import contextlib
import signal
import threading

_state = {"watching": 0, "received": False}


@contextlib.contextmanager
def watching_ctrl_c():
    """Note SIGINTs while inside (main thread, Python's default handler only; otherwise as is)."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    previous = signal.signal(signal.SIGINT, _note_ctrl_c)
    if not _state["watching"]:
        _state["received"] = False  # a Ctrl-C from an earlier run (in a long-lived process) is over
    _state["watching"] += 1
    try:
        yield
    finally:
        _state["watching"] -= 1
        signal.signal(signal.SIGINT, previous)


def _note_ctrl_c(signum, frame):
    _state["received"] = True
    raise KeyboardInterrupt


def is_ctrl_c(exc: BaseException) -> bool:
    """Whether ``exc`` may be a real Ctrl-C: a KeyboardInterrupt after a SIGINT was noted, or
    one raised where SIGINTs are not watched and not ignored (then nobody can tell)."""
    if not isinstance(exc, KeyboardInterrupt):
        return False
    if _state["received"]:
        return True
    return not _state["watching"] and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN


RULE_EXITS = (SystemExit, KeyboardInterrupt)  # what a rule may raise that ``except Exception`` misses
