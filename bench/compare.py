"""slint against cfn-lint on the same templates: CPU, wall time, memory, scaling, --jobs, cache.

Run by hand (not in CI), from the repository root:

    python3 bench/compare.py                      # ../shared/corpus/sam-translator
    python3 bench/compare.py path/to/templates    # any folder

Every tool runs in its own child process; CPU time and peak RSS come from that child's
rusage (os.wait4), so neither tool's numbers include the other's or this script's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = REPO.parent / "shared" / "corpus" / "sam-translator"
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")
SLINT = [sys.executable, "-m", "slint"]
CFN_LINT = [shutil.which("cfn-lint") or "cfn-lint"]
COLD_RUNS = 5
GENERATED_SIZES = (200, 500, 2000, 4000)  # the target compares 2,000 with 200; 4,000 shows the trend beyond
LARGE_FOLDER_FILES = 3000  # the --jobs figure is taken on a folder at least this large
JOBS_RUNS = 5  # --jobs 1 and --jobs N, taken in turns; the fastest of each (wall time on a shared machine varies)

# Targets from issue 5, printed beside the measured ratios.
TARGETS = {
    "cpu": ">= 30x less CPU",
    "cold": ">= 5x faster",
    "rss": "<= 1/3 of cfn-lint",
    "scaling": "<= 12x",
    "jobs": ">= 1.7x on 2 cores",
    "cache": "<= 10% of cold",
}


@dataclass
class Run:
    wall: float
    cpu: float
    max_rss_mib: float
    returncode: int


# Children may write bytecode, as an installed package has it; the sandbox's
# PYTHONDONTWRITEBYTECODE would otherwise make slint recompile itself on every start.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], cwd: Path | None = None) -> Run:
    """Run one child process; its own CPU time and peak RSS come from wait4, not from the shell."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, env=CHILD_ENV)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


def template_files(folder: Path) -> list[Path]:
    """Template-like files below ``folder`` (hidden entries skipped), as slint discovers them."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root) / name for name in sorted(files) if name.endswith(TEMPLATE_SUFFIXES) and not name.startswith(".")
        )
    return found


def small_template(files: list[Path]) -> Path:
    """A small, valid-looking template: the smallest file of at least 500 bytes not named error_*."""
    candidates = [f for f in files if not f.name.startswith("error_") and f.stat().st_size >= 500] or files
    return min(candidates, key=lambda f: (f.stat().st_size, str(f)))


def generated_template(resources: int) -> str:
    """A SAM template of exactly ``resources`` resources, densely connected like a real stack:
    functions with SQS/Api/Schedule events and layers, event source mappings, bucket, topic and
    rule notifications, and one topic and one implicit API that every unit refers to."""
    lines = [
        "AWSTemplateFormatVersion: '2010-09-09'",
        "Transform: AWS::Serverless-2016-10-31",
        "Parameters:",
        "  Stage:",
        "    Type: String",
        "    Default: prod",
        "Globals:",
        "  Function:",
        "    Timeout: 30",
        "    MemorySize: 512",
        "Resources:",
        "  SharedTopic:",
        "    Type: AWS::SNS::Topic",
    ]
    blocks = []
    unit = 0
    while len(blocks) < resources - 1:
        blocks.extend(_unit_blocks(unit))
        unit += 1
    for block in blocks[: resources - 1]:
        lines.extend("  " + line for line in block.strip("\n").splitlines())
    lines += ["Outputs:", "  Topic:", "    Value: !Ref SharedTopic"]
    return "\n".join(lines) + "\n"


def _unit_blocks(i: int) -> list[str]:
    return [
        f"Queue{i}:\n  Type: AWS::SQS::Queue\n  Properties:\n    VisibilityTimeout: 180\n",
        f"Table{i}:\n  Type: AWS::DynamoDB::Table\n  Properties:\n    BillingMode: PAY_PER_REQUEST\n"
        "    AttributeDefinitions: [{AttributeName: id, AttributeType: S}]\n"
        "    KeySchema: [{AttributeName: id, KeyType: HASH}]\n"
        "    StreamSpecification: {StreamViewType: NEW_IMAGE}\n",
        f"Layer{i}:\n  Type: AWS::Serverless::LayerVersion\n  Properties:\n    ContentUri: s3://bench-bucket/layer{i}.zip\n",
        f"Role{i}:\n  Type: AWS::IAM::Role\n  Properties:\n    AssumeRolePolicyDocument:\n      Version: '2012-10-17'\n"
        "      Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]\n",
        f"Worker{i}:\n  Type: AWS::Serverless::Function\n  Properties:\n    CodeUri: s3://bench-bucket/worker{i}.zip\n"
        "    Handler: app.handler\n    Runtime: python3.12\n"
        f"    Layers: [!Ref Layer{i}]\n"
        f"    Environment: {{Variables: {{TABLE: !Ref Table{i}, TOPIC: !Ref SharedTopic, STAGE: !Sub '${{Stage}}-{i}'}}}}\n"
        f"    Policies: [{{DynamoDBCrudPolicy: {{TableName: !Ref Table{i}}}}}]\n"
        "    Events:\n"
        f"      Queue: {{Type: SQS, Properties: {{Queue: !GetAtt Queue{i}.Arn, BatchSize: 10}}}}\n"
        f"      Api: {{Type: Api, Properties: {{Path: /items/{i}, Method: get}}}}\n"
        "      Nightly: {Type: Schedule, Properties: {Schedule: rate(1 day)}}\n",
        f"Handler{i}:\n  Type: AWS::Lambda::Function\n  Properties:\n    Runtime: nodejs20.x\n    Handler: index.handler\n"
        f"    Role: !GetAtt Role{i}.Arn\n    Code: {{S3Bucket: bench-bucket, S3Key: handler{i}.zip}}\n    MemorySize: 256\n    Timeout: 60\n",
        f"Mapping{i}:\n  Type: AWS::Lambda::EventSourceMapping\n  Properties:\n    FunctionName: !Ref Handler{i}\n"
        f"    EventSourceArn: !GetAtt Table{i}.StreamArn\n    StartingPosition: LATEST\n",
        f"Bucket{i}:\n  Type: AWS::S3::Bucket\n  Properties:\n    NotificationConfiguration:\n"
        f"      LambdaConfigurations: [{{Event: 's3:ObjectCreated:*', Function: !GetAtt Handler{i}.Arn}}]\n",
        f"Topic{i}:\n  Type: AWS::SNS::Topic\n  Properties:\n    Subscription: [{{Protocol: lambda, Endpoint: !GetAtt Handler{i}.Arn}}]\n",
        f"Rule{i}:\n  Type: AWS::Events::Rule\n  Properties:\n    ScheduleExpression: rate(5 minutes)\n"
        f"    Targets: [{{Id: target, Arn: !GetAtt Worker{i}.Arn}}]\n",
    ]


def time_generated(sizes: tuple[int, ...], workdir: Path) -> dict[int, float]:
    """Seconds to lint each generated template in this process (engine built once; best of 7: the 200-resource one takes ~20 ms, where a hiccup of the machine shows)."""
    sys.path.insert(0, str(REPO))
    from slint.api import build_engine
    from slint.config import Settings

    engine = build_engine(Settings(use_samconfig=False))
    timings = {}
    for size in sizes:
        path = workdir / f"generated-{size}.yaml"
        path.write_text(generated_template(size), encoding="utf-8")
        data = path.read_bytes()
        best = float("inf")
        for _ in range(7):
            start = time.perf_counter()
            engine.lint_bytes(data, path.name, path)
            best = min(best, time.perf_counter() - start)
        timings[size] = best
    return timings


def time_cache_in_process(folder: Path, cache_dir: Path) -> tuple[float, float]:
    """Linting ``folder`` without a cache, then re-linting it from a filled one (best of 3 each),
    in this process: what a re-run costs beyond starting Python."""
    from slint.api import build_engine, lint_paths
    from slint.config import Settings

    settings = Settings()
    engine = build_engine(settings)
    lint_paths([folder], settings, engine=engine, cache_dir=cache_dir)  # fills the cache
    timings = []
    for cache in (None, cache_dir):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            lint_paths([folder], settings, engine=engine, cache_dir=cache)
            best = min(best, time.perf_counter() - start)
        timings.append(best)
    return timings[0], timings[1]


def large_folder(files: list[Path], workdir: Path) -> Path:
    """``files`` copied as many times as needed to reach LARGE_FOLDER_FILES templates."""
    folder = workdir / "large"
    copies = max(1, -(-LARGE_FOLDER_FILES // max(1, len(files))))
    for copy in range(copies):
        target = folder / f"copy{copy}"
        target.mkdir(parents=True)
        for index, file in enumerate(files):
            shutil.copyfile(file, target / f"{index:05d}-{file.name}")
    return folder


def best_of(times: int, command: list[str], cwd: Path | None = None) -> Run:
    return min((run(command, cwd) for _ in range(times)), key=lambda r: r.wall)


def best_of_interleaved(times: int, first: list[str], second: list[str]) -> tuple[Run, Run]:
    """The fastest of ``times`` runs of each command, taken in turns, so that a slow spell of a
    shared machine slows both alike instead of one of them."""
    runs: tuple[list[Run], list[Run]] = ([], [])
    for _ in range(times):
        runs[0].append(run(first))
        runs[1].append(run(second))
    return min(runs[0], key=lambda r: r.wall), min(runs[1], key=lambda r: r.wall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "folder", nargs="?", default=str(DEFAULT_FOLDER), help="templates to lint (default: %(default)s)"
    )
    parser.add_argument("--skip-cfn-lint", action="store_true", help="only slint's own figures (no comparison)")
    args = parser.parse_args()
    folder = Path(args.folder).resolve()
    files = template_files(folder)
    if not files:
        print(f"no templates under {folder}", file=sys.stderr)
        return 2
    small = small_template(files)
    jobs = os.cpu_count() or 1
    names = [str(f) for f in files]
    print(
        f"folder: {folder} ({len(files)} template files); small template: {small.name} ({small.stat().st_size} bytes)"
    )
    print(f"python {sys.version.split()[0]}, {jobs} CPU(s), {_versions()}\n")
    rows: list[tuple[str, str, str, str]] = []

    with tempfile.TemporaryDirectory(prefix="slint-bench-") as tmp:
        work = Path(tmp)
        run([*SLINT, "lint", "--no-cache", str(small)])  # writes slint's bytecode once, as an install would
        slint_folder = best_of(
            3, [*SLINT, "lint", "--no-cache", "--jobs", "1", *names]
        )  # cfn-lint takes ~20 s: one run of it
        slint_cold = [run([*SLINT, "lint", "--no-cache", str(small)]).wall for _ in range(COLD_RUNS)]
        if not args.skip_cfn_lint:
            cfn_folder = run([*CFN_LINT, *names])
            cfn_cold = [run([*CFN_LINT, str(small)]).wall for _ in range(COLD_RUNS)]
            rows.append(
                (
                    "folder, one process: CPU s",
                    f"{slint_folder.cpu:.2f}",
                    f"{cfn_folder.cpu:.2f}",
                    _ratio(cfn_folder.cpu, slint_folder.cpu, "less", TARGETS["cpu"]),
                )
            )
            rows.append(
                (
                    "folder, one process: wall s",
                    f"{slint_folder.wall:.2f}",
                    f"{cfn_folder.wall:.2f}",
                    _ratio(cfn_folder.wall, slint_folder.wall, "faster"),
                )
            )
            rows.append((f"one small template, median of {COLD_RUNS} cold runs: wall s", f"{statistics.median(slint_cold):.3f}", f"{statistics.median(cfn_cold):.3f}",
                         _ratio(statistics.median(cfn_cold), statistics.median(slint_cold), "faster", TARGETS["cold"])))  # fmt: skip
            rows.append(("folder, one process: peak RSS MiB", f"{slint_folder.max_rss_mib:.0f}", f"{cfn_folder.max_rss_mib:.0f}",
                         f"{slint_folder.max_rss_mib / cfn_folder.max_rss_mib:.2f} of cfn-lint's (target {TARGETS['rss']})"))  # fmt: skip
        else:
            rows.append(
                ("folder, one process: CPU s / wall s", f"{slint_folder.cpu:.2f} / {slint_folder.wall:.2f}", "-", "")
            )
            rows.append(
                (
                    f"one small template, median of {COLD_RUNS} cold runs: wall s",
                    f"{statistics.median(slint_cold):.3f}",
                    "-",
                    "",
                )
            )
            rows.append(("folder, one process: peak RSS MiB", f"{slint_folder.max_rss_mib:.0f}", "-", ""))

        generated = time_generated(GENERATED_SIZES, work)
        for size, seconds in generated.items():
            rows.append((f"generated template, {size:,} resources: s (in process)", f"{seconds:.3f}", "-", ""))
        scaling = generated[2000] / generated[200]
        rows.append(
            (
                "  2,000 / 200 resources",
                f"{scaling:.1f}x",
                "-",
                f"{scaling:.1f}x for 10x the resources (target {TARGETS['scaling']})",
            )
        )
        doubling = generated[4000] / generated[2000]
        rows.append(("  4,000 / 2,000 resources", f"{doubling:.2f}x", "-", f"{doubling:.2f}x for 2x the resources"))

        large = large_folder(files, work)
        large_count = len(template_files(large))
        for label, target_folder in (
            (f"folder ({len(files)} files)", folder),
            (f"large folder ({large_count} files)", large),
        ):
            serial, parallel = best_of_interleaved(JOBS_RUNS, [*SLINT, "lint", "--no-cache", "--jobs", "1", str(target_folder)],
                                                   [*SLINT, "lint", "--no-cache", "--jobs", str(jobs), str(target_folder)])  # fmt: skip
            target = TARGETS["jobs"] if target_folder is large else ""
            rows.append((f"--jobs 1 vs --jobs {jobs}, {label}: wall s", f"{serial.wall:.2f} / {parallel.wall:.2f}", "-",
                         _ratio(serial.wall, parallel.wall, "faster", target)))  # fmt: skip

        cache_dir = work / "cache"
        cold = run([*SLINT, "lint", "--jobs", "1", "--cache-dir", str(cache_dir), str(folder)])
        warm = best_of(3, [*SLINT, "lint", "--jobs", "1", "--cache-dir", str(cache_dir), str(folder)])
        rows.append(("cache: cold run / unchanged re-run, wall s", f"{cold.wall:.3f} / {warm.wall:.3f}", "-",
                     f"re-run is {100 * warm.wall / cold.wall:.0f}% of cold (target {TARGETS['cache']})"))  # fmt: skip
        rows.append(
            (
                "cache: cold run / unchanged re-run, CPU s",
                f"{cold.cpu:.3f} / {warm.cpu:.3f}",
                "-",
                f"re-run is {100 * warm.cpu / cold.cpu:.0f}% of cold",
            )
        )
        uncached, cached = time_cache_in_process(folder, work / "cache-in-process")
        rows.append(("cache, in process (no interpreter start): no cache / re-run, s", f"{uncached:.3f} / {cached:.3f}", "-",
                     f"re-run is {100 * cached / uncached:.0f}% of cold (target {TARGETS['cache']})"))  # fmt: skip

    _print_table(("measure", "slint", "cfn-lint", "ratio (target)"), rows)
    return 0


def _ratio(theirs: float, ours: float, word: str, target: str = "") -> str:
    text = f"{theirs / ours:.1f}x {word}" if ours > 0 else "-"
    return f"{text} (target {target})" if target else text


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in ("slint-sam", "cfn-lint"):
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            out.append(f"{name} (not installed)")
    return ", ".join(out)


def _print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    sys.exit(main())
