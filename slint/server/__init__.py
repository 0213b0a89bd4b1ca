"""``slint server``: the Language Server Protocol over standard input and output.

Needs the ``server`` extra (``pip install 'slint[server]'``, which brings pygls); nothing
else in slint imports this package, so ``slint lint`` never loads it."""

from __future__ import annotations

PYGLS_MISSING = "slint server needs pygls: pip install 'slint[server]'"


def serve() -> None:
    """Run the server on stdio until the client sends ``exit`` (or closes the stream)."""
    from .server import create_server

    create_server().start_io()
