"""A small reader of ``.gitignore`` patterns, so folder walks skip what git ignores.

Covers what repositories use: comments, ``!`` negation, a trailing ``/`` for folders only, a
``/`` at the start or in the middle anchoring to the file's folder, ``*``, ``?``, ``[...]`` and
``**``. The last matching pattern wins, and deeper files override shallower ones, as in git.
Applied inside a git work tree only (where git would apply it), with ``.git/info/exclude``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern
    negated: bool
    folders_only: bool


def _compile(line: str) -> _Pattern | None:
    line = line.rstrip("\n").rstrip("\r")
    if not line.endswith("\\ "):
        line = line.rstrip(" ")
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    elif line.startswith("\\"):  # \# and \! stand for themselves
        line = line[1:]
    folders_only = line.endswith("/")
    line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    line = line.lstrip("/")
    regex = ""
    index = 0
    while index < len(line):
        char = line[index]
        if line.startswith("**/", index):
            regex += "(?:.*/)?"
            index += 3
            continue
        if line.startswith("/**", index) and index + 3 == len(line):
            regex += "/.*"
            break
        if line.startswith("**", index):
            regex += ".*"
            index += 2
            continue
        if char == "*":
            regex += "[^/]*"
        elif char == "?":
            regex += "[^/]"
        elif char == "[":
            end = line.find("]", index + 2)
            if end == -1:
                regex += re.escape(char)
            else:
                body = line[index + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                regex += f"[{body.replace(chr(92), chr(92) * 2)}]"
                index = end
        elif char == "\\" and index + 1 < len(line):
            index += 1
            regex += re.escape(line[index])
        else:
            regex += re.escape(char)
        index += 1
    prefix = "" if anchored else "(?:.*/)?"
    return _Pattern(re.compile(prefix + regex + r"\Z", re.DOTALL), negated, folders_only)


def read_patterns(file: Path) -> list[_Pattern]:
    try:
        text = file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [pattern for pattern in map(_compile, text.splitlines()) if pattern is not None]


def git_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``.git`` (a folder, or a file in a worktree)."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


class GitIgnore:
    """The ignore rules in force below one folder: (folder, patterns) from the work tree's root down."""

    def __init__(self, layers: tuple[tuple[Path, tuple[_Pattern, ...]], ...] = ()):
        self.layers = layers

    @classmethod
    def for_folder(cls, folder: Path) -> GitIgnore | None:
        """Every ignore file between the git work tree's root and ``folder``; None outside a work tree."""
        folder = folder.resolve()
        root = git_root(folder)
        if root is None:
            return None
        layers = []
        root_patterns = read_patterns(root / ".git" / "info" / "exclude") if (root / ".git").is_dir() else []
        if root_patterns:
            layers.append((root, tuple(root_patterns)))
        chain = [folder, *folder.parents]
        for current in reversed(chain[: chain.index(root) + 1]):
            patterns = read_patterns(current / ".gitignore")
            if patterns:
                layers.append((current, tuple(patterns)))
        return cls(tuple(layers))

    def entering(self, real_folder: Path, names: list[str]) -> GitIgnore:
        """The rules below ``real_folder``, a folder of the walk whose entries are ``names``."""
        if ".gitignore" not in names:
            return self
        patterns = read_patterns(real_folder / ".gitignore")
        return GitIgnore((*self.layers, (real_folder, tuple(patterns)))) if patterns else self

    def ignores(self, real_path: Path, is_folder: bool) -> bool:
        """Whether git ignores ``real_path`` (absolute, links resolved)."""
        ignored = False
        for base, patterns in self.layers:
            try:
                relative = real_path.relative_to(base).as_posix()
            except ValueError:
                continue
            for pattern in patterns:
                if pattern.folders_only and not is_folder:
                    continue
                if pattern.regex.match(relative):
                    ignored = not pattern.negated
        return ignored
