"""Measuring local artifacts (CodeUri, ContentUri, …) without trusting them.

Directories are walked without following symbolic links to directories, counting apparent
sizes (a sparse file counts at its full size); .zip/.jar files are measured from the central
directory and never extracted. Every walk is bounded; anything odd is reported, never fatal.
"""

from __future__ import annotations

import functools
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

MAX_ENTRIES = 200_000  # files visited in one directory tree before giving up
MISSING = "does not exist"


@dataclass(frozen=True)
class Measurement:
    path: Path
    unzipped_bytes: int | None  # None when it could not be measured
    problem: str | None = None  # why it could not be measured
    files: int = 0

    @property
    def ok(self) -> bool:
        return self.unzipped_bytes is not None

    @property
    def missing(self) -> bool:
        return self.problem == MISSING


def resolve_artifact(base_dir: Path, raw: str) -> Path:
    """The real path an artifact names (realpath: a symbolic-link loop is left as is, never an error)."""
    return Path(os.path.realpath(base_dir / raw))


@functools.lru_cache(maxsize=256)
def repository_root(base_dir: Path) -> Path:
    """The folder a template's local artifacts must stay inside: its git work tree; without one,
    the working directory when the template is below it, else the template's own folder."""
    base_dir = Path(os.path.realpath(base_dir))
    for folder in (base_dir, *base_dir.parents):
        if (folder / ".git").exists():
            return folder
    cwd = Path(os.path.realpath(Path.cwd()))
    return cwd if base_dir.is_relative_to(cwd) else base_dir


def measure(path: Path, within: Path | None = None) -> Measurement:
    """Unzipped size of a file, directory or .zip/.jar; with ``within``, a real path outside
    that folder is reported and not read."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return Measurement(path, None, MISSING)
    except OSError as exc:
        return Measurement(path, None, f"cannot be read ({exc.strerror or exc})")
    if within is not None and not Path(os.path.realpath(path)).is_relative_to(within):
        return Measurement(path, None, f"is outside the repository ({within}), so slint does not read it")
    if stat.S_ISDIR(info.st_mode):
        return _measure_directory(path)
    if not stat.S_ISREG(info.st_mode):
        return Measurement(path, None, "is not a regular file or directory")
    if path.suffix.lower() in (".zip", ".jar"):
        return _measure_zip(path)
    return Measurement(path, info.st_size, None, 1)


def _measure_zip(path: Path) -> Measurement:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            return Measurement(path, sum(i.file_size for i in infos), None, len(infos))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        return Measurement(path, None, f"is not a readable zip archive ({exc})")


class TooManyEntries(Exception):
    """A directory tree holds more than MAX_ENTRIES entries."""


def walk_tree(root: str) -> Iterator[tuple[str, list[os.DirEntry] | OSError]]:
    """Each folder of a tree (root first) with its entries sorted by name, or the error that
    kept it from being listed. Links to folders are not followed, so a link loop ends; past
    MAX_ENTRIES entries in all, raises TooManyEntries. The one walk every artifact check shares."""
    entries_seen = 0
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            yield folder, exc
            continue
        entries_seen += len(entries)
        if entries_seen > MAX_ENTRIES:
            raise TooManyEntries(folder)
        yield folder, entries
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
            except OSError:
                continue


def _measure_directory(root: Path) -> Measurement:
    total = 0
    files = 0
    try:
        for folder, entries in walk_tree(str(root)):
            if isinstance(entries, OSError):
                return Measurement(root, None, f"cannot be read ({entries.strerror or entries}: {folder})")
            files += len(entries)
            for entry in entries:
                try:
                    if not entry.is_dir(follow_symlinks=False) and entry.is_file(follow_symlinks=True):
                        total += entry.stat(follow_symlinks=True).st_size
                except OSError:
                    continue  # a dangling link or a file that vanished: nothing to package
    except TooManyEntries:
        return Measurement(root, None, f"has more than {MAX_ENTRIES:,} entries; not measured", MAX_ENTRIES)
    return Measurement(root, total, None, files)


def has_member(root: Path, candidates: tuple[str, ...]) -> bool | None:
    """Whether a directory or .zip/.jar artifact holds one of ``candidates`` (relative POSIX
    paths); None when that cannot be told (not a directory or readable archive)."""
    try:
        if root.is_dir():
            return any((root / name).is_file() for name in candidates)
        if root.is_file() and root.suffix.lower() in (".zip", ".jar"):
            with zipfile.ZipFile(root) as archive:
                names = set(archive.namelist())
            return any(name in names for name in candidates)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    return None


def local_artifact_paths(template) -> list[str] | None:
    """Every local path the template's resources package or build from, resolved (what the
    result cache signs): CodeUri and the like, an image function's DockerContext and its
    Dockerfile; None when they cannot be listed (a template the graph fails on)."""
    if template.base_dir is None:
        return []
    found: dict[str, None] = {}
    try:
        graph = template.graph
        for resource in template.resources.values():
            for artifact in graph.artifacts(resource, build_inputs=True):
                if artifact.path:
                    found[str(resolve_artifact(template.base_dir, artifact.path))] = None
                    dockerfile = resource.metadata.get("Dockerfile") if artifact.property == "Metadata.DockerContext" else None
                    if isinstance(dockerfile, str):  # relative to the context; may lie outside it
                        found[str(resolve_artifact(template.base_dir / artifact.path, dockerfile))] = None
    except Exception:  # the rules that need the graph report the failure themselves
        return None
    return list(found)
