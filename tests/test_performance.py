"""--jobs gives a serial run's results in a serial run's order; the result cache never serves a
stale result; a cold start imports only what linting needs. (Speed itself: bench/compare.py.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from slint import cache as cache_module
from slint.api import build_engine, lint_paths
from slint.config import Settings
from slint.engine import Engine, PathMemo
from slint.parallel import MIN_FILES_PER_PROCESS, effective_jobs
from slint.reporters import render

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "sample.yaml"

FUNCTION = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: {code_uri}
      Handler: app.handler
      Runtime: python3.12
      Timeout: {timeout}
"""


def _template(timeout: int = 30, code_uri: str = "s3://bucket/code.zip") -> str:
    return FUNCTION.format(timeout=timeout, code_uri=code_uri)


def _findings(report) -> list[tuple]:
    return [(f.file, f.line, f.column, f.rule, f.message_id, f.message) for f in report.all_findings]


@pytest.fixture
def count_lints(monkeypatch):
    """How many templates the engine really linted (not served from the cache)."""
    calls: list[str] = []
    original = Engine.lint_bytes

    def counting(self, data, file, path=None):
        calls.append(file)
        return original(self, data, file, path)

    monkeypatch.setattr(Engine, "lint_bytes", counting)
    return calls


# -- --jobs ---------------------------------------------------------------------------------------


def test_a_handful_of_files_runs_in_one_process_and_many_spread_over_the_requested_jobs(monkeypatch):
    import slint.parallel

    monkeypatch.setattr(slint.parallel, "available_cpus", lambda: 4)  # the same answers on any machine
    assert effective_jobs(4, MIN_FILES_PER_PROCESS) == 1
    assert effective_jobs(2, 40) == 2
    assert effective_jobs(1, 1000) == 1
    assert effective_jobs(None, 1000) == 4


def test_jobs_give_the_serial_results_in_the_serial_order(tmp_path):
    for index in range(24):  # findings and clean files, a parse error, a non-template, nested folders
        folder = tmp_path / f"group{index % 3}"
        folder.mkdir(exist_ok=True)
        (folder / f"t{index:02d}.yaml").write_text(_template(timeout=600 + index * 20), encoding="utf-8")
    shutil.copy(SAMPLE, tmp_path / "sample.yaml")
    (tmp_path / "broken.yaml").write_text("Resources:\n  A: [unclosed\n", encoding="utf-8")
    (tmp_path / "other.yaml").write_text("just: some yaml\n", encoding="utf-8")
    settings = Settings(today=Settings().today)

    serial = lint_paths([tmp_path], settings, jobs=1)
    parallel = lint_paths([tmp_path], settings, jobs=2)

    assert [r.file for r in parallel.results] == [r.file for r in serial.results]
    assert [r.lines for r in parallel.results] == [r.lines for r in serial.results]  # sent back as one string
    assert _findings(parallel) == _findings(serial)
    assert any(f[3] == "SL101" for f in _findings(serial))  # the timeouts past 900 s are there
    assert render(parallel, "text") == render(serial, "text")
    assert render(parallel, "json") == render(serial, "json")


@pytest.mark.parametrize("jobs", [1, 2])
def test_on_result_sees_every_final_result_in_the_report_order(tmp_path, jobs):
    for index in range(24):
        comment = (
            "  # slint: ignore[SL102]" if index % 5 == 0 else ""
        )  # suppresses nothing: SL009 is part of the result
        (tmp_path / f"t{index:02d}.yaml").write_text(
            _template(timeout=880 + index * 5) + f"      MemorySize: 512{comment}\n", encoding="utf-8"
        )
    settings = Settings(today=Settings().today, report_unused_suppressions=True)
    cache_dir = tmp_path / "cache"
    lint_paths(
        [tmp_path / "t03.yaml", tmp_path / "t17.yaml"], settings, cache_dir=cache_dir
    )  # some are served, the rest linted
    seen = []

    report = lint_paths([tmp_path], settings, jobs=jobs, cache_dir=cache_dir, on_result=seen.append)

    assert [id(result) for result in seen] == [id(result) for result in report.results]
    assert [Path(result.file).name for result in seen] == [f"t{index:02d}.yaml" for index in range(24)]
    unused = [(Path(f.file).name, f.line, f.message) for result in seen for f in result.findings if f.rule == "SL009"]
    assert unused == [(f"t{index:02d}.yaml", 10, "unused comment suppression of SL102") for index in range(0, 24, 5)]


def test_the_text_output_of_a_parallel_run_is_the_serial_one(tmp_path):
    for index in range(30):
        (tmp_path / f"t{index:02d}.yaml").write_text(_template(timeout=870 + index * 3), encoding="utf-8")
    shutil.copy(SAMPLE, tmp_path / "sample.yaml")
    outputs = [
        subprocess.run(
            [sys.executable, "-m", "slint", "lint", "--no-cache", "--no-color", "--jobs", jobs, str(tmp_path)],
            capture_output=True,
            text=True,
        ).stdout
        for jobs in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    assert outputs[0].count(" error SL101 [lambda-timeout-range] Timeout ") == 20  # 903 s and above
    assert outputs[0].endswith("\n36 problem(s) in 31 template(s): 28 errors, 1 warning, 7 infos\n")


def test_spawned_workers_build_their_own_engine_and_give_the_serial_results(tmp_path):
    """macOS and Windows start workers with spawn: nothing is inherited, the engine is built from the settings."""
    for index in range(20):
        (tmp_path / f"t{index:02d}.yaml").write_text(_template(timeout=880 + index * 3), encoding="utf-8")
    script = """
import multiprocessing, sys, threading, time
import slint.parallel
from slint.api import lint_paths
from slint.config import Settings

multiprocessing.set_start_method("spawn", force=True)
received = []  # chunks a worker sent back
unpack, claim = slint.parallel._unpack, slint.parallel._Plan.claim
slint.parallel._unpack = lambda packed: received.append(1) or unpack(packed)

def after_the_worker(plan):  # this process lints nothing until a worker has sent a chunk back
    if threading.current_thread() is threading.main_thread():
        deadline = time.monotonic() + 60
        while not received and time.monotonic() < deadline:
            time.sleep(0.01)
        assert received, "the spawned worker never sent a result"
    return claim(plan)

slint.parallel._Plan.claim = after_the_worker
slint.parallel.available_cpus = lambda: 2  # a worker even on a 1-CPU runner
report = lint_paths([sys.argv[1]], Settings(use_samconfig=False), jobs=int(sys.argv[2]))
print([(f.file, f.line, f.rule, f.message) for f in report.all_findings])
"""
    outputs = [
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path), jobs], capture_output=True, text=True, check=True
        ).stdout
        for jobs in ("1", "2")
    ]
    assert outputs[0] == outputs[1]
    assert outputs[0].count("'SL101'") == 13  # 901 s and above


@pytest.mark.skipif(sys.platform == "win32", reason="needs the fork start method to plant the failure in the worker")
def test_a_worker_that_dies_loses_nothing(tmp_path, monkeypatch):
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("needs the fork start method to plant the failure in the worker")
    for index in range(40):
        (tmp_path / f"t{index:02d}.yaml").write_text(_template(timeout=860 + index * 2), encoding="utf-8")
    settings = Settings(today=Settings().today)
    serial = lint_paths([tmp_path], settings, jobs=1)
    parent = os.getpid()
    original = Engine.lint_bytes

    def dying_in_the_worker(self, data, file, path=None):
        if os.getpid() != parent:
            os._exit(3)  # as if the worker were killed while linting its first file
        return original(self, data, file, path)

    monkeypatch.setattr(Engine, "lint_bytes", dying_in_the_worker)
    parallel = lint_paths([tmp_path], settings, jobs=2)

    assert _findings(parallel) == _findings(serial)
    assert [f[3] for f in _findings(parallel)].count("SL101") == 19  # 902 s and above


# -- the result cache -------------------------------------------------------------------------------


def test_an_unchanged_file_is_served_from_the_cache_with_the_same_findings(tmp_path, count_lints):
    template = tmp_path / "app" / "template.yaml"
    template.parent.mkdir()
    shutil.copy(SAMPLE, template)
    cache_dir = tmp_path / "cache"

    cold = lint_paths([template], Settings(), cache_dir=cache_dir)
    warm = lint_paths([template], Settings(), cache_dir=cache_dir)

    assert count_lints == [cold.results[0].file]  # linted once, then served
    assert _findings(warm) == _findings(cold) and _findings(cold)
    assert warm.results[0].lines == cold.results[0].lines
    assert render(warm, "text") == render(cold, "text")


def test_a_changed_template_is_linted_again(tmp_path, count_lints):
    template = tmp_path / "template.yaml"
    template.write_text(_template(timeout=30), encoding="utf-8")
    assert _findings(lint_paths([template], Settings(), cache_dir=tmp_path / "c")) == []
    template.write_text(_template(timeout=901), encoding="utf-8")

    report = lint_paths([template], Settings(), cache_dir=tmp_path / "c")

    assert len(count_lints) == 2
    assert [(f[3], f[1]) for f in _findings(report)] == [("SL101", 9)]


def test_changed_settings_lint_again(tmp_path, count_lints):
    template = tmp_path / "template.yaml"
    template.write_text(_template(timeout=901), encoding="utf-8")
    first = lint_paths([template], Settings(), cache_dir=tmp_path / "c")
    ignored = lint_paths([template], Settings(ignore=("SL101",)), cache_dir=tmp_path / "c")
    later = lint_paths([template], Settings(today=Settings().today.replace(year=2099)), cache_dir=tmp_path / "c")

    assert len(count_lints) == 3
    assert "SL101" in [f[3] for f in _findings(first)]
    assert "SL101" not in [f[3] for f in _findings(ignored)]
    assert "SL101" in [f[3] for f in _findings(later)]


def test_a_changed_configuration_file_lints_again(tmp_path, count_lints):
    template = tmp_path / "template.yaml"
    template.write_text(_template(timeout=901), encoding="utf-8")
    config = tmp_path / ".slint.yaml"
    config.write_text("select: [SL101]\n", encoding="utf-8")
    first = lint_paths([template], cache_dir=tmp_path / "c")
    config.write_text("ignore: [SL101]\n", encoding="utf-8")
    second = lint_paths([template], cache_dir=tmp_path / "c")

    assert len(count_lints) == 2
    assert [f[3] for f in _findings(first)] == ["SL101"]
    assert "SL101" not in [f[3] for f in _findings(second)]


def test_a_changed_local_artifact_lints_again(tmp_path, count_lints):
    code = tmp_path / "src"
    (code / "pkg").mkdir(parents=True)
    (code / "pkg" / "app.py").write_text("print('hello')\n", encoding="utf-8")
    template = tmp_path / "template.yaml"
    template.write_text(_template(code_uri="src/"), encoding="utf-8")
    cache_dir = tmp_path / "c"

    lint_paths([template], Settings(), cache_dir=cache_dir)
    lint_paths([template], Settings(), cache_dir=cache_dir)
    assert len(count_lints) == 1
    (code / "pkg" / "app.py").write_text("print('hello, world')\n", encoding="utf-8")  # same folder, new size
    lint_paths([template], Settings(), cache_dir=cache_dir)
    assert len(count_lints) == 2
    (code / "pkg" / "extra.bin").write_bytes(b"")  # a new, empty file
    lint_paths([template], Settings(), cache_dir=cache_dir)
    assert len(count_lints) == 3
    shutil.rmtree(code)
    report = lint_paths([template], Settings(), cache_dir=cache_dir)
    assert len(count_lints) == 4
    assert "does not exist" in " ".join(f[5] for f in _findings(report))


def test_a_changed_rule_lints_again(tmp_path, count_lints):
    rules = tmp_path / "rules"
    rules.mkdir()
    rule_source = """\
from slint.rule import Rule, Severity


class HandlerName(Rule):
    '''
    ## What it does
    Checks the handler.
    '''

    id = "ORG001"
    name = "org-handler"
    severity = Severity.WARNING
    resource_types = ("AWS::Serverless::Function",)
    messages = {"handler": "handler is {value}; MARK"}

    def check_resource(self, function, ctx):
        for value in function.each("Handler"):
            ctx.report(value, "handler", value=value.text)
"""
    (rules / "org.py").write_text(rule_source, encoding="utf-8")
    template = tmp_path / "template.yaml"
    template.write_text(_template(), encoding="utf-8")
    settings = Settings(rules_paths=(rules,), select=("ORG001",))

    first = lint_paths([template], settings, cache_dir=tmp_path / "c")
    (rules / "org.py").write_text(rule_source.replace("MARK", "CHANGED"), encoding="utf-8")
    second = lint_paths([template], settings, cache_dir=tmp_path / "c")

    assert len(count_lints) == 2
    assert [f[5] for f in _findings(first)] == ["handler is app.handler; MARK"]
    assert [f[5] for f in _findings(second)] == ["handler is app.handler; CHANGED"]


def test_another_slint_version_does_not_reuse_entries(tmp_path, count_lints, monkeypatch):
    template = tmp_path / "template.yaml"
    template.write_text(_template(timeout=901), encoding="utf-8")
    lint_paths([template], Settings(), cache_dir=tmp_path / "c")
    monkeypatch.setattr(cache_module, "__version__", "999.0.0")
    lint_paths([template], Settings(), cache_dir=tmp_path / "c")
    assert len(count_lints) == 2


def test_a_corrupt_or_unwritable_cache_never_changes_results(tmp_path, count_lints):
    template = tmp_path / "template.yaml"
    template.write_text(_template(timeout=901), encoding="utf-8")
    cache_dir = tmp_path / "c"
    expected = _findings(lint_paths([template], Settings(), cache_dir=cache_dir))
    (index,) = cache_dir.rglob("*.jsonl")
    nonsense = json.dumps({"artifacts": {}, "result": {"findings": "nonsense"}})
    index.write_text(
        "".join(line.partition("\t")[0] + "\t" + nonsense + "\n" for line in index.read_text().splitlines()),
        encoding="utf-8",
    )
    assert _findings(lint_paths([template], Settings(), cache_dir=cache_dir)) == expected
    index.write_bytes(b"\xff\xfe not an index")
    assert _findings(lint_paths([template], Settings(), cache_dir=cache_dir)) == expected
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    assert _findings(lint_paths([template], Settings(), cache_dir=blocked)) == expected
    assert len(count_lints) == 4


def test_the_index_keeps_the_entries_of_earlier_runs(tmp_path, count_lints):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(_template(timeout=901), encoding="utf-8")
    second.write_text(_template(timeout=30), encoding="utf-8")
    cache_dir = tmp_path / "c"
    alone = [
        _findings(lint_paths([path], Settings(), cache_dir=cache_dir)) for path in (first, second)
    ]  # as pre-commit does
    both = lint_paths([first, second], Settings(), cache_dir=cache_dir)

    assert len(count_lints) == 2  # each file linted once, in its own run
    assert _findings(both) == alone[0] + alone[1] and alone[0]


def test_a_full_index_drops_the_entries_used_least_recently(tmp_path, count_lints, monkeypatch):
    monkeypatch.setattr(cache_module, "MAX_INDEX_ENTRIES", 2)
    files = {name: tmp_path / f"{name}.yaml" for name in "abc"}
    for index, path in enumerate(files.values()):
        path.write_text(_template(timeout=901 + index), encoding="utf-8")
    cache_dir = tmp_path / "c"
    for name in "ab":
        lint_paths([files[name]], Settings(), cache_dir=cache_dir)
    lint_paths([files["a"], files["c"]], Settings(), cache_dir=cache_dir)  # a served, c added: b, unused, goes
    assert [Path(file).stem for file in count_lints] == ["a", "b", "c"]

    report = lint_paths(list(files.values()), Settings(), cache_dir=cache_dir)

    assert [Path(file).stem for file in count_lints] == ["a", "b", "c", "b"]
    assert [(Path(f[0]).stem, f[3], f[1]) for f in _findings(report)] == [
        ("a", "SL101", 9),
        ("b", "SL101", 9),
        ("c", "SL101", 9),
    ]


def test_jobs_with_a_cache_store_what_the_workers_linted(tmp_path, count_lints):
    for index in range(24):
        (tmp_path / f"t{index:02d}.yaml").write_text(_template(timeout=880 + index * 5), encoding="utf-8")
    settings = Settings(today=Settings().today)
    cache_dir = tmp_path / "c"

    parallel = lint_paths([tmp_path], settings, jobs=2, cache_dir=cache_dir)
    linted_here = len(count_lints)  # the parent lints its share too; the worker's share is not counted here
    served = lint_paths([tmp_path], settings, jobs=2, cache_dir=cache_dir)

    assert len(count_lints) == linted_here  # the second run lints nothing: every result is served
    assert _findings(served) == _findings(parallel) == _findings(lint_paths([tmp_path], settings, jobs=1))
    assert [f[3] for f in _findings(served)].count("SL101") == 19  # 885 s and above… past 900 s


def test_a_run_resolves_paths_as_realpath_does(tmp_path, monkeypatch):
    real = tmp_path / "real"
    real.mkdir()
    (real / "t.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "linked").symlink_to(real)
    (real / "link.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (real / "dangling.yaml").symlink_to(tmp_path / "missing.yaml")
    monkeypatch.chdir(real)
    memo = PathMemo()
    for path in [
        "t.yaml",
        "../linked/t.yaml",
        str(tmp_path / "linked" / "t.yaml"),
        "link.yaml",
        "dangling.yaml",
        "missing.yaml",
        "..",
        ".",
    ]:
        assert memo.real_path(Path(path)) == os.path.realpath(path), path
        assert memo.real_path(Path(path)) == os.path.realpath(path), path  # memoised


def test_an_edited_samconfig_is_read_by_the_next_run_of_the_same_engine(tmp_path, monkeypatch):
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    template = tmp_path / "template.yaml"
    template.write_text(
        _template(timeout=30).replace("Timeout: 30", "Timeout: !Ref T")
        + "Parameters:\n  T: {Type: Number, Default: 30}\n",
        encoding="utf-8",
    )
    samconfig = tmp_path / "samconfig.toml"
    settings = Settings()
    engine = build_engine(settings)
    runs = []
    for timeout in (60, 1000):
        samconfig.write_text(
            f'version = 0.1\n[default.deploy.parameters]\nparameter_overrides = "T={timeout}"\n', encoding="utf-8"
        )
        os.utime(samconfig, ns=(timeout, timeout))  # distinct mtimes, however fast the two runs are
        runs.append([f[3] for f in _findings(lint_paths([template], settings, engine=engine))])
    assert runs == [[], ["SL101"]]


def test_the_default_cache_folder_is_the_user_cache_not_the_repository(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_module.default_cache_dir() == tmp_path / "xdg" / "slint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_module.default_cache_dir() == Path.home() / ".cache" / "slint"


def test_cli_no_cache_and_cache_dir(tmp_path):
    template = tmp_path / "template.yaml"
    template.write_text(_template(timeout=901), encoding="utf-8")
    cache_dir = tmp_path / "c"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    command = [sys.executable, "-m", "slint", "lint", str(template)]
    subprocess.run([*command, "--no-cache"], env=env, capture_output=True, check=False)
    assert not (tmp_path / "xdg").exists()
    subprocess.run([*command, "--cache-dir", str(cache_dir)], env=env, capture_output=True, check=False)
    assert list(cache_dir.rglob("*.jsonl")) and not (tmp_path / "xdg").exists()
    subprocess.run(command, env=env, capture_output=True, check=False)
    assert list((tmp_path / "xdg" / "slint").rglob("*.jsonl"))


# -- cold start -----------------------------------------------------------------------------------

_PROBE = """
import sys
from slint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = [m for m in ("cfnlint", "jsonschema", "rich.console", "rich.text", "multiprocessing.pool") if m in sys.modules]
print("HEAVY=" + ",".join(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "arguments", [["--version"], ["lint", "template.yaml"], ["lint", "--format", "json", "template.yaml"]]
)
def test_a_cold_start_does_not_import_cfn_lint_jsonschema_or_rich(tmp_path, arguments):
    shutil.copy(SAMPLE, tmp_path / "template.yaml")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *arguments], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert "HEAVY=\n" in done.stderr, done.stderr


def _probe_heavy(folder: Path, *arguments: str) -> tuple[str, str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(folder / "xdg")}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "lint", *arguments, "template.yaml"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    heavy = done.stderr.split("HEAVY=")[-1].strip()
    return heavy, done.stderr


def test_a_configuration_is_validated_with_jsonschema_once_then_remembered_by_its_content(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "template.yaml")
    config = tmp_path / ".slint.yaml"
    config.write_text("ignore: [SL902]\n", encoding="utf-8")

    assert _probe_heavy(tmp_path)[0] == "jsonschema"  # first run: validated
    assert _probe_heavy(tmp_path)[0] == ""  # same content: remembered
    assert _probe_heavy(tmp_path, "--no-cache")[0] == "jsonschema"  # no cache: nothing remembered is used

    config.write_text("ignore: SL902\n", encoding="utf-8")  # edited, and now invalid: validated again, and fails
    heavy, stderr = _probe_heavy(tmp_path)
    assert heavy == "jsonschema"
    assert ".slint.yaml:1: 'ignore': 'SL902' is not of type 'array'" in stderr
    assert _probe_heavy(tmp_path) == (heavy, stderr)  # an invalid one is never remembered: same check, same error


def test_the_cache_key_follows_cfn_lint_whose_schemas_the_schema_layer_reads(monkeypatch):
    # SL020-SL025 read cfn-lint's provider schemas on every run, --cfn-lint or not: results
    # cached under one cfn-lint version must not be served under another.
    import importlib.metadata

    engine = Engine.from_settings(Settings(use_samconfig=False))
    assert not engine.settings.cfn_lint
    before = cache_module.code_fingerprint(engine)
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "9.9.9" if name == "cfn-lint" else real(name))
    assert cache_module.code_fingerprint(engine) != before
