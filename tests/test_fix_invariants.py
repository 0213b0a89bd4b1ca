"""--fix --unsafe-fixes over every rule fixture and a sample of the shared corpus: nothing
changes outside the edited ranges, the file still parses, no finding is added, a second
run changes nothing; and --diff writes nothing."""

from __future__ import annotations

import os
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from slint.api import build_engine
from slint.cli import main
from slint.config import Settings
from slint.core_rules import ParseFailure
from slint.fixes import Fixer
from slint.parser import decode, parse_text

from .rule_fixtures import all_fixtures, run_options

CORPUS = Path(os.environ.get("SLINT_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
CORPUS_SAMPLE_EVERY = 2  # half the corpus (about 860 files) keeps the run to a few seconds


def _corpus_sample() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    files = sorted(
        p for p in CORPUS.rglob("*") if p.is_file() and p.name.endswith((".yaml", ".yml", ".json", ".template"))
    )
    return files[::CORPUS_SAMPLE_EVERY]


def _fixture_settings(path: Path) -> Settings:
    options = run_options(path.read_text(encoding="utf-8", errors="replace"))
    return Settings(
        use_samconfig=False,
        region=options.get("region"),
        parameters=options.get("parameters", {}),
        today=options.get("today", date(2026, 11, 23)),
    )


def _where(finding) -> tuple:
    return (finding.rule, finding.resource, finding.path)


def assert_fix_keeps_the_file(engine, data: bytes, name: str) -> int:
    """The invariants for one file; returns the number of fixes applied."""
    fixer = Fixer(engine, unsafe=True)
    fixed = fixer.fix_bytes(data, name)
    if not fixed.changed:
        assert fixed.applied == 0 and fixed.passes == []
        return 0
    assert not any(f.rule == ParseFailure.id for f in fixed.original_findings), "a file that does not parse was touched"
    for before, edits, after in fixed.passes:  # outside the edited ranges, every character is as it was
        position = previous_end = 0
        for start, end, new_text in edits:
            kept = before[previous_end:start]
            assert after[position : position + len(kept)] == kept, f"{name}: text before offset {start} changed"
            assert after[position + len(kept) : position + len(kept) + len(new_text)] == new_text
            assert before[start:end].count("\n") <= 1, f"{name}: an edit spans several lines: {before[start:end]!r}"
            position += len(kept) + len(new_text)
            previous_end = end
        assert after[position:] == before[previous_end:], f"{name}: the text after the last edit changed"
    assert fixed.fixed.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    parse_text(decode(fixed.fixed), name)  # raises if the fix broke it
    added = Counter(_where(f) for f in fixed.result.findings) - Counter(_where(f) for f in fixed.original_findings)
    if _lacked_transform(fixed.original_findings) and not _lacked_transform(fixed.result.findings):
        # SL506's fix makes Globals apply: what they hold is checked at last, not added by the fix
        added = Counter({where: n for where, n in added.items() if where[2][:1] != ("Globals",)})
    assert not added, f"{name}: fixing added {sorted(added)}"
    again = fixer.fix_bytes(fixed.fixed, name)
    assert not again.changed, f"{name}: a second --fix changed it again"
    return fixed.applied


@pytest.mark.parametrize("fixture", all_fixtures(), ids=lambda f: f.id)
def test_fixing_a_fixture_keeps_everything_else(fixture):
    engine = build_engine(_fixture_settings(fixture.path))
    assert_fix_keeps_the_file(engine, fixture.path.read_bytes(), fixture.id)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_fixing_the_corpus_keeps_everything_else():
    engine = build_engine(Settings(use_samconfig=False, region="us-east-1", today=date(2026, 11, 23)))
    files = _corpus_sample()
    applied = {str(path): assert_fix_keeps_the_file(engine, path.read_bytes(), str(path)) for path in files}
    assert sum(1 for count in applied.values() if count) > 50, "the sample should exercise fixes, not only clean files"


def test_diff_writes_nothing_and_exits_1_when_fixes_exist(tmp_path):
    template = tmp_path / "template.yaml"
    template.write_bytes(
        b"Transform: AWS::Serverless-2016-10-31\r\nResources:\r\n  Fn:\r\n    Type: AWS::Serverless::Function\r\n    Properties: {Runtime: python3.12, Handler: a.b, CodeUri: s3://b/k, Timeout: 1200}\r\n"
    )
    before = template.read_bytes(), template.stat().st_mtime_ns
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--diff", "--unsafe-fixes", str(template)])
    assert result.exit_code == 1
    assert (
        b"-    Properties: {Runtime: python3.12, Handler: a.b, CodeUri: s3://b/k, Timeout: 1200}\r\n"
        in result.stdout_bytes
    )  # line endings kept
    assert (
        b"+    Properties: {Runtime: python3.12, Handler: a.b, CodeUri: s3://b/k, Timeout: 900}\r\n"
        in result.stdout_bytes
    )
    assert (template.read_bytes(), template.stat().st_mtime_ns) == before
    safe_only = CliRunner().invoke(main, ["lint", "--no-cache", "--diff", str(template)])
    assert safe_only.exit_code == 0 and safe_only.stdout == ""
    assert "1 more fix(es) available with --unsafe-fixes" in safe_only.stderr
    assert (template.read_bytes(), template.stat().st_mtime_ns) == before


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_diff_over_a_corpus_folder_writes_nothing(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in _corpus_sample()[:40]:
        (folder / path.name).write_bytes(path.read_bytes())
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    CliRunner().invoke(main, ["lint", "--no-cache", "--diff", "--unsafe-fixes", "--region", "us-east-1", str(folder)])
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before


@pytest.mark.parametrize("fixture", all_fixtures(), ids=lambda f: f.id)
def test_adding_suppressions_to_a_fixture_only_adds_comments(fixture):
    from slint.adoption import add_suppressions

    engine = build_engine(_fixture_settings(fixture.path))
    data = fixture.path.read_bytes()
    outcome = add_suppressions(engine, data, fixture.id, None, reason="adopted")
    if not outcome.changed:
        return
    before, after = decode(data), decode(outcome.updated)
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old_lines) == len(new_lines)
    for old, new in zip(
        old_lines, new_lines, strict=True
    ):  # each line keeps its text and ending; a comment may be added or joined
        body = old.rstrip("\r\n")
        assert new.endswith(old[len(body) :]) and (new == old or "slint: ignore" in new)
        assert new.startswith(body) or (body[: body.index("]")] in new and "slint: ignore[" in body)
    assert parse_text(after, fixture.id).root == parse_text(before, fixture.id).root
    relinted = engine.lint_bytes(outcome.updated, fixture.id, None)
    unsuppressed = {
        (f.rule, f.line)
        for f in relinted.findings
        if f.suppressed is None and f.rule not in ("SL000", "SL001", "SL005", "SL009")
    }
    assert unsuppressed == {(f.rule, f.line) for f in outcome.left}


def _lacked_transform(findings) -> bool:
    return any(f.rule == "SL506" for f in findings)
