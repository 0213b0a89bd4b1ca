"""Measuring local artifacts (CodeUri, ContentUri, …) without trusting them.

Directories are walked without following symbolic links to directories, counting apparent
sizes (a sparse file counts at its full size); .zip/.jar files are measured from the central
directory and never extracted. Every walk is bounded; anything odd is reported, never fatal.
"""

from __future__ import annotations

import functools
import os
import stat
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
    listing = zip_listing(path)
    if isinstance(listing, str):
        return Measurement(path, None, listing)
    return Measurement(path, listing.unzipped_bytes, None, listing.entries)


# -- zip archives: the central directory, read once per archive and bounded ---------------------

MAX_ZIP_DIRECTORY_BYTES = 64 * 1024 * 1024  # a central directory this large holds far more than MAX_ENTRIES entries
_END = struct.Struct("<4s4H2LH")  # end of central directory record
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64 = struct.Struct("<4sQ2H2L4Q")
_ENTRY = struct.Struct("<4s6H3L5H2L")  # central directory file header
_UTF8_NAMES = 0x800  # general purpose flag: the name is UTF-8 (else code page 437)


@dataclass(frozen=True)
class ZipListing:
    unzipped_bytes: int
    entries: int
    names: frozenset[str]


def zip_listing(path: Path) -> ZipListing | str:
    """Sizes and member names from a .zip/.jar's central directory, or why they cannot be read.
    Nothing is extracted, at most MAX_ENTRIES entries are read, and an unchanged archive is
    read once per process (the size rule and the handler rule both ask)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return f"is not a readable zip archive ({exc.strerror or exc})"
    return _zip_listing(os.fspath(path), info.st_size, info.st_mtime_ns)


@functools.lru_cache(maxsize=32)
def _zip_listing(path: str, size: int, mtime_ns: int) -> ZipListing | str:
    try:
        with open(path, "rb") as archive:
            directory = _central_directory(archive, size)
            if isinstance(directory, str):
                return directory
            return _read_entries(directory)
    except (OSError, ValueError, struct.error) as exc:
        return f"is not a readable zip archive ({exc})"


def _central_directory(archive, size: int) -> bytes | str:
    tail_size = min(size, _END.size + 0xFFFF)  # the end record, after at most a 64 KiB comment
    archive.seek(size - tail_size)
    tail = archive.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END.size:
        raise ValueError("File is not a zip file")
    _, _, _, _, entries, directory_size, _, _ = _END.unpack_from(tail, at)
    directory_end = size - tail_size + at
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:  # zip64: the real counts are in the zip64 end record
        locator_at = directory_end - _END64_LOCATOR.size
        end64_at = locator_at - _END64.size
        if end64_at < 0:
            raise ValueError("File is not a zip file")
        archive.seek(end64_at)
        record = archive.read(_END64.size + _END64_LOCATOR.size)
        if record[:4] != b"PK\x06\x06" or record[_END64.size : _END64.size + 4] != b"PK\x06\x07":
            raise ValueError("zip64 end record missing")
        entries, directory_size = _END64.unpack_from(record)[7:9]
        directory_end = end64_at
    if entries > MAX_ENTRIES or directory_size > MAX_ZIP_DIRECTORY_BYTES:
        return _too_many_entries()
    if directory_size > directory_end:
        raise ValueError("central directory is truncated")
    archive.seek(directory_end - directory_size)  # right before the end record: data prepended to the zip is no matter
    return archive.read(directory_size)


def _read_entries(directory: bytes) -> ZipListing | str:
    total = count = position = 0
    names = set()
    while position < len(directory):
        fields = _ENTRY.unpack_from(directory, position)
        if fields[0] != b"PK\x01\x02":
            raise ValueError("central directory is damaged")
        flags, unzipped, name_length, extra_length, comment_length = (
            fields[3],
            fields[9],
            fields[10],
            fields[11],
            fields[12],
        )
        name_at = position + _ENTRY.size
        extra_at = name_at + name_length
        if unzipped == 0xFFFFFFFF:
            unzipped = _zip64_size(directory[extra_at : extra_at + extra_length])
        names.add(directory[name_at:extra_at].decode("utf-8" if flags & _UTF8_NAMES else "cp437", "replace"))
        total += unzipped
        count += 1
        if count > MAX_ENTRIES:  # the end record understated them
            return _too_many_entries()
        position = extra_at + extra_length + comment_length
    return ZipListing(total, count, frozenset(names))


def _too_many_entries() -> str:
    return f"has more than {MAX_ENTRIES:,} entries; not measured"


def _zip64_size(extra: bytes) -> int:
    """The uncompressed size from an entry's zip64 extra field (its first value when present)."""
    position = 0
    while position + 4 <= len(extra):
        kind, length = struct.unpack_from("<2H", extra, position)
        if kind == 0x0001:
            return struct.unpack_from("<Q", extra, position + 4)[0]
        position += 4 + length
    raise ValueError("zip64 size missing")


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
        return Measurement(root, None, _too_many_entries(), MAX_ENTRIES)
    return Measurement(root, total, None, files)


def read_regular_file(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes. Anything else raises ValueError
    saying what it is (a device such as /dev/zero, a FIFO, a socket, a directory, a larger file)
    or OSError. Checked on the opened file, so a swap after a check cannot slip a device in;
    opened without blocking, so a FIFO or /proc/kmsg cannot hang the run; reading stops one byte
    past the limit whatever size the file reports."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("is not a regular file")
        if info.st_size > limit:
            raise ValueError(f"is larger than {limit:,} bytes")
        chunks = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, max(info.st_size + 1 - total, 64 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:  # a file that grew, or one that reports size 0 (/proc)
            raise ValueError(f"is larger than {limit:,} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)


def has_member(root: Path, candidates: tuple[str, ...]) -> bool | None:
    """Whether a directory or .zip/.jar artifact holds one of ``candidates`` (relative POSIX
    paths); None when that cannot be told (not a directory or readable archive)."""
    try:
        if root.is_dir():
            return any((root / name).is_file() for name in candidates)
        if root.is_file() and root.suffix.lower() in (".zip", ".jar"):
            listing = zip_listing(root)
            return None if isinstance(listing, str) else any(name in listing.names for name in candidates)
    except OSError:
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
                    dockerfile = (
                        resource.metadata.get("Dockerfile") if artifact.property == "Metadata.DockerContext" else None
                    )
                    if isinstance(dockerfile, str):  # relative to the context; may lie outside it
                        found[str(resolve_artifact(template.base_dir / artifact.path, dockerfile))] = None
    except Exception:  # the rules that need the graph report the failure themselves
        return None
    return list(found)
