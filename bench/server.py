"""How long `slint server` takes from an edit to the diagnostics of the edited version.

Run by hand (not in CI), from the repository root, with the server extra installed:

    python3 bench/server.py                 # a generated 300-resource SAM template
    python3 bench/server.py --resources 600 --edits 30

The server runs as an editor runs it (its own process, LSP over stdio, pygls's client). Each
edit changes one function's Timeout; the latency is from sending the change until the
diagnostics for that document version arrive, so it includes the server's debounce.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

TARGET_MS = 200


def template(resources: int) -> str:
    """A SAM template without findings: functions, each fed by its own queue (with a dead-letter
    queue), Globals and a parameter."""
    out = [
        'AWSTemplateFormatVersion: "2010-09-09"',
        "Transform: AWS::Serverless-2016-10-31",
        "Parameters:",
        "  Stage:",
        "    Type: String",
        "    Default: prod",
        "Globals:",
        "  Function:",
        "    Runtime: python3.12",
        "    Handler: app.handler",
        "    MemorySize: 256",
        "Resources:",
        "  DeadLetters:",
        "    Type: AWS::SQS::Queue",
        "    Properties:",
        "      MessageRetentionPeriod: 1209600",
    ]
    for index in range((resources - 1) // 2):  # a queue and a function each, beside the dead-letter queue
        out += [
            f"  Queue{index}:",
            "    Type: AWS::SQS::Queue",
            "    Properties:",
            "      VisibilityTimeout: 180",
            "      RedrivePolicy:",
            "        deadLetterTargetArn: !GetAtt DeadLetters.Arn",
            "        maxReceiveCount: 5",
            f"  Function{index}:",
            "    Type: AWS::Serverless::Function",
            "    Properties:",
            f"      CodeUri: s3://bucket/function{index}.zip",
            "      Timeout: 30",
            "      Environment:",
            "        Variables:",
            "          STAGE: !Ref Stage",
            "      Events:",
            "        Work:",
            "          Type: SQS",
            "          Properties:",
            f"            Queue: !GetAtt Queue{index}.Arn",
            "            FunctionResponseTypes: [ReportBatchItemFailures]",
        ]
    return "\n".join(out) + "\n"


async def measure(resources: int, edits: int) -> list[float]:
    client = LanguageClient("slint-bench", "1")
    published: asyncio.Queue = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.yaml"
        text = template(resources)
        path.write_text(text)
        uri = from_fs_path(str(path))
        await client.start_io(sys.executable, "-m", "slint", "server", cwd=folder)
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
        client.initialized(types.InitializedParams())

        async def diagnostics_for(version: int) -> list:
            while True:
                params = await published.get()
                if params.version == version:
                    return params.diagnostics

        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text)))
        await diagnostics_for(1)  # the first lint also loads the rules
        line = text.splitlines().index("      Timeout: 30")  # the first function's
        latencies = []
        for version in range(2, edits + 2):
            value = "1200" if version % 2 else "30"  # an error appears, then goes away
            change = types.TextDocumentContentChangePartial(
                range=types.Range(
                    types.Position(line, 15), types.Position(line, 15 + len("30" if value == "1200" else "1200"))
                ),
                text=value,
            )
            started = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(version, uri), [change])
            )
            diagnostics = await diagnostics_for(version)
            latencies.append((time.perf_counter() - started) * 1000)
            assert any(d.code == "SL101" for d in diagnostics) == (value == "1200"), "the edit was not linted"
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=300)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    latencies = asyncio.run(measure(args.resources, args.edits))
    from slint.server.server import CHANGE_DEBOUNCE_SECONDS

    print(
        f"{args.resources} resources, {len(latencies)} edits, debounce {CHANGE_DEBOUNCE_SECONDS * 1000:.0f} ms, load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"edit -> diagnostics: median {statistics.median(latencies):.0f} ms, max {max(latencies):.0f} ms (target {TARGET_MS} ms)"
    )
    lint_alone = lint_in_process(template(args.resources), args.edits)
    print(f"of which linting (in process, no LSP): median {statistics.median(lint_alone):.0f} ms")


def lint_in_process(text: str, times: int) -> list[float]:
    from slint.server.linter import DocumentLinter

    linter = DocumentLinter()
    linter.lint(text, None)  # loads the rules
    durations = []
    for _ in range(times):
        started = time.perf_counter()
        linter.lint(text, None)
        durations.append((time.perf_counter() - started) * 1000)
    return durations


if __name__ == "__main__":
    main()
