"""Hostile local artifacts (CodeUri/ContentUri): measured without trusting them, reported, never fatal.

"Outside the repository" means: the real path (symbolic links resolved) is not below the
template's git work tree; without one, below the working directory when the template is
there, else below the template's own folder. Such a path is reported and never read."""

from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path

import pytest

from slint import artifacts
from slint.artifacts import measure, repository_root

from .slint_cli import lint_json

CLAIMED_BYTES = 4_000_000_000
TEMPLATE = "Transform: AWS::Serverless-2016-10-31\nResources:\n" + "".join(
    f"  {name}:\n    Type: AWS::Serverless::Function\n    Properties: {{Runtime: python3.12, Handler: app.handler, CodeUri: {uri}}}\n"
    for name, uri in [
        ("Loop", "loop"),
        ("Bomb", "bomb.zip"),
        ("Corrupt", "corrupt.zip"),
        ("Device", "/dev/zero"),
        ("DeviceLink", "zero-link"),
        ("Pipe", "pipe"),
        ("Outside", "../elsewhere"),
        ("Missing", "missing/"),
        ("LinkedTree", "tree/"),
    ]
)


def zip_bomb(path: Path) -> Path:
    """A tiny zip whose central directory claims CLAIMED_BYTES for its one member."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("app.py", "def handler(event, context): pass\n")
    data = bytearray(path.read_bytes())
    header = data.index(b"PK\x01\x02")  # central directory entry; uncompressed size at +24
    data[header + 24 : header + 28] = struct.pack("<I", CLAIMED_BYTES)
    path.write_bytes(bytes(data))
    return path


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    (root / ".git").mkdir()
    return root


@pytest.fixture
def hostile_repo(repo):
    (repo / "template.yaml").write_text(TEMPLATE)
    os.symlink("loop", repo / "loop")
    zip_bomb(repo / "bomb.zip")
    (repo / "corrupt.zip").write_bytes(b"PK\x03\x04 this is not really a zip archive")
    os.symlink("/dev/zero", repo / "zero-link")
    os.mkfifo(repo / "pipe")
    (repo.parent / "elsewhere").mkdir()
    (repo.parent / "elsewhere" / "secret.py").write_text("x = 1\n")
    tree = repo / "tree"
    tree.mkdir()
    (tree / "app.py").write_text("def handler(event, context): pass\n")
    os.symlink(".", tree / "again")  # a loop inside the folder: never followed
    os.symlink("/dev/zero", tree / "zero")
    return repo


def test_hostile_artifacts_are_reported_and_the_run_goes_on(hostile_repo):
    report, _ = lint_json("template.yaml", cwd=hostile_repo)
    sl201 = {f["resource"]: f["message"] for f in report["findings"] if f["rule"] == "SL201"}
    assert not [f for f in report["findings"] if f["rule"] == "SL000"]
    root = str(hostile_repo)
    assert sl201.pop("Bomb").startswith(
        f"CodeUri bomb.zip unzipped is {CLAIMED_BYTES:,} bytes; Lambda allows 262,144,000 bytes"
    )
    assert sl201 == {  # DeviceLink resolves to /dev/zero: the same path is reported once per template
        "Loop": "CodeUri loop cannot be read (Too many levels of symbolic links); cannot check the 250 MB package limit",
        "Corrupt": "CodeUri corrupt.zip is not a readable zip archive (File is not a zip file); cannot check the 250 MB package limit",
        "Device": f"CodeUri /dev/zero is outside the repository ({root}), so slint does not read it; cannot check the 250 MB package limit",
        "Pipe": "CodeUri pipe is not a regular file or directory; cannot check the 250 MB package limit",
        "Outside": f"CodeUri ../elsewhere is outside the repository ({root}), so slint does not read it; cannot check the 250 MB package limit",
    }


def test_zip_is_measured_from_its_central_directory_never_extracted(tmp_path):
    measurement = measure(zip_bomb(tmp_path / "bomb.zip"))
    assert (measurement.unzipped_bytes, measurement.files, measurement.problem) == (CLAIMED_BYTES, 1, None)


def test_devices_links_out_and_missing_paths(hostile_repo):
    assert measure(Path("/dev/zero")).problem == "is not a regular file or directory"
    outside = f"is outside the repository ({hostile_repo}), so slint does not read it"
    assert measure(hostile_repo / "zero-link", within=hostile_repo).problem == outside
    assert measure(hostile_repo / "missing", within=hostile_repo).missing


def test_a_directory_of_too_many_files_stops_at_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(artifacts, "MAX_ENTRIES", 50)
    for index in range(60):
        (tmp_path / f"f{index}.py").write_text("")
    measurement = measure(tmp_path)
    assert measurement.unzipped_bytes is None
    assert measurement.problem == "has more than 50 entries; not measured"


def test_folder_with_links_counts_files_once_and_follows_no_directory_link(hostile_repo):
    measurement = measure(hostile_repo / "tree")
    assert measurement.problem is None
    assert measurement.unzipped_bytes == len("def handler(event, context): pass\n")


def test_repository_root(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "service").mkdir()
    assert repository_root(repo / "service") == repo
    loose = tmp_path / "loose" / "service"
    loose.mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "loose")
    assert repository_root(loose) == tmp_path / "loose"  # below the working directory
    assert repository_root(repo.parent) == tmp_path  # neither: the template's own folder
