"""Where findings' files are, for reporters that need paths relative to a repository or workspace."""

from __future__ import annotations

import os
from pathlib import Path


def repository_root() -> Path:
    """``GITHUB_WORKSPACE`` when set, else the nearest folder holding ``.git``, else the working directory."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace:
        return Path(workspace).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def relative_path(file: str, root: Path) -> str | None:
    """``file`` (as findings carry it: relative to the working directory) relative to ``root``, in
    POSIX form; None when it lies outside ``root``."""
    path = Path(file)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        return absolute.resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return None
