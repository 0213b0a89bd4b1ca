"""The .gitignore pattern reader: the forms git documents, matched as git matches them."""

from __future__ import annotations

from pathlib import Path

import pytest

from slint.gitignore import GitIgnore, _compile

ROOT = Path("/repo")


def _ignored(lines: list[str], relative: str, is_folder: bool = False) -> bool:
    patterns = tuple(p for p in map(_compile, lines) if p is not None)
    return GitIgnore(((ROOT, patterns),)).ignores(ROOT / relative, is_folder)


@pytest.mark.parametrize(
    "lines, relative, is_folder, ignored",
    [
        (["*.out.yaml"], "a/b/x.out.yaml", False, True),  # no slash: any level
        (["/top.yaml"], "top.yaml", False, True),  # leading slash: anchored
        (["/top.yaml"], "a/top.yaml", False, False),
        (["a/top.yaml"], "b/a/top.yaml", False, False),  # a middle slash anchors too
        (["build/"], "build", True, True),  # trailing slash: folders only
        (["build/"], "build", False, False),
        (["**/gen/*.yaml"], "x/y/gen/t.yaml", False, True),
        (["**/gen/*.yaml"], "gen/t.yaml", False, True),
        (["docs/**"], "docs/a/b.yaml", False, True),
        (["a/**/b.yaml"], "a/x/y/b.yaml", False, True),
        (["a/**/b.yaml"], "a/b.yaml", False, True),
        (["*.yaml", "!keep.yaml"], "keep.yaml", False, False),  # the last match wins
        (["!keep.yaml", "*.yaml"], "keep.yaml", False, True),
        (["t?.yaml"], "t1.yaml", False, True),
        (["t[0-9].yaml"], "tx.yaml", False, False),
        (["t[!0-9].yaml"], "tx.yaml", False, True),
        (["# comment", "", "\\#hash.yaml"], "#hash.yaml", False, True),
        (["*.yaml"], "sub/dir", True, False),
    ],
)
def test_patterns(lines, relative, is_folder, ignored):
    assert _ignored(lines, relative, is_folder) is ignored


def test_deeper_files_override_shallower_ones(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("*.yaml\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitignore").write_text("!t.yaml\n")
    rules = GitIgnore.for_folder(tmp_path / "sub")
    assert not rules.ignores((tmp_path / "sub" / "t.yaml").resolve(), False)
    assert rules.ignores((tmp_path / "sub" / "u.yaml").resolve(), False)
