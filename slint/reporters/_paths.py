"""Where findings' files are, for reporters that need paths relative to a repository or workspace."""

from __future__ import annotations

import os
from pathlib import Path


def real_path(path: str | os.PathLike) -> Path:
    """The absolute path with links resolved; unlike ``Path.resolve``, a link loop is no error."""
    return Path(os.path.realpath(path))


def repository_root() -> Path:
    """``GITHUB_WORKSPACE`` when set, else the nearest folder holding ``.git``, else the working directory."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        return real_path(workspace)
    here = real_path(Path.cwd())
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def relative_path(file: str, root: Path) -> str | None:
    """``file`` (as findings carry it: relative to the working directory) relative to ``root``, in
    POSIX form; None when it lies outside ``root``."""
    path = Path(file)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:  # a finding on a symbolic-link loop (SL001) names one
        return real_path(absolute).relative_to(root).as_posix()
    except (ValueError, OSError):
        return None
