"""Every real template in the shared corpus goes through the CLI in one run: no internal error, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import CORPUS

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus (../shared/corpus) is not available")

HANG_GUARD_SECONDS = 600  # not a speed assertion: only stops a hung run from blocking CI


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("corpus-run")  # no configuration file above the working directory
    completed = subprocess.run(
        [sys.executable, "-m", "slint", "lint", "--no-cache", "--format", "json", str(CORPUS)],
        cwd=cwd, capture_output=True, text=True, timeout=HANG_GUARD_SECONDS,
    )  # fmt: skip
    return completed


def test_corpus_exits_normally_without_traceback(corpus_run):
    assert corpus_run.returncode in (0, 1), corpus_run.stderr
    assert "Traceback" not in corpus_run.stderr, corpus_run.stderr


def test_corpus_has_no_internal_error(corpus_run):
    report = json.loads(corpus_run.stdout)
    internal = [f"{f['file']}:{f['line']}: {f['message']}" for f in report["findings"] if f["rule"] == "SL000"]
    assert internal == []
    templates = sorted(CORPUS.rglob("*"))
    template_count = sum(1 for p in templates if p.is_file() and p.suffix in (".yaml", ".yml", ".json", ".template"))
    assert report["summary"]["files"] == template_count


def test_broken_file_is_a_parse_error_and_the_others_still_report(corpus_run):
    findings = json.loads(corpus_run.stdout)["findings"]

    def at(name: str) -> list[tuple]:
        return sorted((f["rule"], f["line"], f["message"]) for f in findings if f["file"].endswith(name))

    assert at("cfn-lint/bad/core__config_invalid_yaml.yaml") == [
        ("SL001", 8, "cannot parse template: did not find expected key")
    ]
    assert at("cfn-lint/bad/json_parse.json") == [("SL001", 5, "cannot parse template: Expecting ':' delimiter")]
    duplicates = [(rule, line) for rule, line, _ in at("cfn-lint/bad/duplicate.yaml") if rule == "SL002"]
    assert duplicates == [("SL002", 9), ("SL002", 13)]
