"""Errors that end a run with exit code 2: bad configuration, bad usage."""

from __future__ import annotations


class ConfigError(Exception):
    """A configuration problem, with the file and line it comes from when known."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return where + self.message
