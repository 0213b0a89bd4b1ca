"""`slint server` driven over stdio by pygls's own LSP client, as an editor drives it."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the server extra is not installed")

from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402
from pygls.uris import from_fs_path  # noqa: E402

HARNESS_TIMEOUT = 60  # seconds: only so that a hung server fails the test instead of the run

TEMPLATE = textwrap.dedent(
    """\
    AWSTemplateFormatVersion: "2010-09-09"
    Transform: AWS::Serverless-2016-10-31
    Parameters:
      WorkerTimeout:
        Type: Number
        Default: 1000
    Globals:
      Function:
        MemorySize: 20000
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Runtime: python3.12
          Handler: app.handler
          CodeUri: s3://bucket/fn.zip
          Timeout: 1200
      Worker:
        Type: AWS::Serverless::Function
        Properties:
          Runtime: python3.12
          Handler: app.handler
          CodeUri: s3://bucket/worker.zip
          Timeout: !Ref WorkerTimeout
    """
)
TIMEOUT_LINE = 16  # 0-based: "      Timeout: 1200"


class Editor:
    """An LSP client that records what the server publishes and what it registers."""

    def __init__(self) -> None:
        self.client = LanguageClient("slint-tests", "1")
        self.published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()
        self.registrations: list[types.Registration] = []
        self.versions: dict[str, int] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_publish(params: types.PublishDiagnosticsParams) -> None:
            self.published.put_nowait(params)

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def on_register(params: types.RegistrationParams) -> None:
            self.registrations.extend(params.registrations)

    async def start(self, root: Path) -> types.InitializeResult:
        await self.client.start_io(sys.executable, "-m", "slint", "server", cwd=str(root))
        capabilities = types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
            )
        )
        result = await self.wait(
            self.client.initialize_async(
                types.InitializeParams(capabilities=capabilities, root_uri=from_fs_path(str(root)))
            )
        )
        self.client.initialized(types.InitializedParams())
        return result

    async def stop(self) -> int | None:
        await self.wait(self.client.shutdown_async(None))
        self.client.exit(None)
        await self.wait(self.client.stop())
        return self.client._server.returncode if self.client._server else None

    @staticmethod
    async def wait(awaitable):
        return await asyncio.wait_for(awaitable, HARNESS_TIMEOUT)

    def open(self, path: Path, text: str, language: str = "yaml") -> str:
        uri = from_fs_path(str(path))
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text))
        )
        return uri

    def replace(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        change = types.TextDocumentContentChangeWholeDocument(text=text)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(self.versions[uri], uri), [change])
        )

    def edit(self, uri: str, edits) -> None:
        self.versions[uri] += 1
        changes = [types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in edits]
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(self.versions[uri], uri), changes)
        )

    async def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        """The diagnostics published for the document's current version."""
        while True:
            params = await self.wait(self.published.get())
            if params.uri == uri and params.version == self.versions[uri]:
                return list(params.diagnostics)

    async def code_actions(self, uri: str, diagnostic: types.Diagnostic, only=None) -> list[types.CodeAction]:
        context = types.CodeActionContext(diagnostics=[diagnostic], only=only)
        params = types.CodeActionParams(types.TextDocumentIdentifier(uri), diagnostic.range, context)
        return list(await self.wait(self.client.text_document_code_action_async(params)) or [])

    async def hover(self, uri: str, position: types.Position) -> types.Hover | None:
        return await self.wait(
            self.client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), position))
        )


def drive(root: Path, scenario) -> int | None:
    """Run ``scenario(editor)`` against a fresh server; the server's exit status."""

    async def main():
        editor = Editor()
        await editor.start(root)
        try:
            await scenario(editor)
        finally:
            code = await editor.stop()
        return code

    return asyncio.run(main())


def by_rule(diagnostics: list[types.Diagnostic], rule: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == rule]


def test_open_reports_findings_with_range_docs_link_and_provenance(tmp_path):
    template = tmp_path / "template.yaml"
    template.write_text(TEMPLATE)
    seen = {}

    async def scenario(editor: Editor):
        uri = editor.open(template, TEMPLATE)
        seen["diagnostics"] = await editor.diagnostics(uri)
        seen["uri"] = uri

    assert drive(tmp_path, scenario) == 0  # shutdown and exit end the process cleanly
    diagnostics, uri = seen["diagnostics"], seen["uri"]
    (timeout,) = [d for d in by_rule(diagnostics, "SL101") if d.range.start.line == TIMEOUT_LINE]
    assert timeout.source == "slint"
    assert timeout.severity == types.DiagnosticSeverity.Error
    assert timeout.message.startswith("Timeout 1200 exceeds Lambda's maximum of 900 seconds")
    assert timeout.range == types.Range(types.Position(TIMEOUT_LINE, 15), types.Position(TIMEOUT_LINE, 19))
    assert timeout.code_description.href == "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"

    (from_parameter,) = [d for d in by_rule(diagnostics, "SL101") if d.range.start.line == 23]
    (where,) = from_parameter.related_information
    assert where.location.uri == uri
    assert where.location.range.start == types.Position(5, 13)  # the parameter's "Default: 1000"
    assert "WorkerTimeout" in where.message

    globals_memory = by_rule(diagnostics, "SL103")
    assert {d.range.start.line for d in globals_memory} == {8}  # where Globals writes MemorySize
    assert {r.location.range.start.line for d in globals_memory for r in d.related_information} == {
        10,
        17,
    }  # Fn and Worker


def test_a_value_from_samconfig_points_at_the_samconfig_line(tmp_path):
    template = tmp_path / "template.yaml"
    template.write_text(TEMPLATE)
    samconfig = tmp_path / "samconfig.toml"
    samconfig.write_text(
        'version = 0.1\n[prod.deploy.parameters]\nparameter_overrides = "WorkerTimeout=5"\n'
        '[default.deploy.parameters]\nparameter_overrides = "Stage=dev WorkerTimeout=1100"\n'
    )
    seen = {}

    async def scenario(editor: Editor):
        seen["diagnostics"] = await editor.diagnostics(editor.open(template, TEMPLATE))

    drive(tmp_path, scenario)
    (from_samconfig,) = [d for d in by_rule(seen["diagnostics"], "SL101") if d.range.start.line == 23]
    assert from_samconfig.message.startswith("Timeout 1100 exceeds")
    (where,) = from_samconfig.related_information
    assert where.location.uri == from_fs_path(str(samconfig.resolve()))
    assert where.location.range == types.Range(
        types.Position(4, 33), types.Position(4, 46)
    )  # "WorkerTimeout" in the default env
    assert where.message == "parameter WorkerTimeout set in samconfig.toml (default)"


def test_suppression_action_hover_and_clean_republish(tmp_path):
    template = tmp_path / "template.yaml"
    template.write_text(TEMPLATE)
    seen = {}

    async def scenario(editor: Editor):
        uri = editor.open(template, TEMPLATE)
        (timeout,) = [d for d in by_rule(await editor.diagnostics(uri), "SL101") if d.range.start.line == TIMEOUT_LINE]
        seen["actions"] = actions = await editor.code_actions(uri, timeout)
        seen["hover"] = await editor.hover(uri, timeout.range.start)
        seen["hover_elsewhere"] = await editor.hover(uri, types.Position(0, 0))
        (suppress,) = [a for a in actions if a.title.startswith("Suppress SL101")]
        editor.edit(uri, suppress.edit.changes[uri])
        seen["after_suppression"] = await editor.diagnostics(uri)
        editor.replace(uri, TEMPLATE.replace("Timeout: 1200", "Timeout: 900"))
        seen["after_fix"] = await editor.diagnostics(uri)

    drive(tmp_path, scenario)
    (suppress,) = [a for a in seen["actions"] if a.title.startswith("Suppress SL101")]
    assert suppress.kind == types.CodeActionKind.QuickFix
    (edit,) = next(iter(suppress.edit.changes.values()))
    assert edit.range.start == edit.range.end == types.Position(TIMEOUT_LINE, 19)  # the end of "      Timeout: 1200"
    assert edit.new_text == "  # slint: ignore[SL101]"
    hover = seen["hover"].contents.value
    assert "**SL101** `lambda-timeout-range`" in hover and "### What it does" in hover
    assert seen["hover_elsewhere"] is None
    assert [d.range.start.line for d in by_rule(seen["after_suppression"], "SL101")] == [
        23
    ]  # only the other function's
    assert [d.range.start.line for d in by_rule(seen["after_fix"], "SL101")] == [23]


def test_other_documents_get_nothing_and_non_templates_get_no_findings(tmp_path):
    notes = tmp_path / "notes.txt"
    settings = tmp_path / "settings.yaml"
    template = tmp_path / "template.yaml"
    seen = {}

    async def scenario(editor: Editor):
        text_uri = editor.open(notes, "Timeout: 1200\n", language="plaintext")
        plain_uri = editor.open(settings, "name: demo\nTimeout: 1200\n")
        seen["plain"] = await editor.diagnostics(plain_uri)
        template_uri = editor.open(template, TEMPLATE)
        await editor.diagnostics(template_uri)
        seen["uris"] = set()
        while not editor.published.empty():
            seen["uris"].add(editor.published.get_nowait().uri)
        seen["text_uri"] = text_uri

    drive(tmp_path, scenario)
    assert seen["plain"] == []
    assert seen["text_uri"] not in seen["uris"]


def test_configuration_found_from_the_path_and_read_again_when_it_changes(tmp_path):
    project = tmp_path / "my project"  # a space: quoted in URIs
    (project / "stacks").mkdir(parents=True)
    template = project / "stacks" / "template.yaml"
    template.write_text(TEMPLATE)
    config = project / ".slint.yaml"
    config.write_text("ignore: [SL103]\n")
    seen = {}

    def changed(editor: Editor, path: Path) -> None:
        event = types.FileEvent(from_fs_path(str(path)), types.FileChangeType.Changed)
        editor.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([event]))

    async def scenario(editor: Editor):
        uri = editor.open(template, TEMPLATE)
        seen["first"] = await editor.diagnostics(uri)
        config.write_text("ignore: [SL101, SL103]\n")
        changed(editor, config)
        seen["ignored"] = await editor.diagnostics(uri)
        config.write_text("ignor: [SL101]\n")
        changed(editor, config)
        seen["broken"] = await editor.diagnostics(uri)
        seen["registrations"] = list(editor.registrations)

    drive(tmp_path, scenario)
    assert by_rule(seen["first"], "SL103") == [] and by_rule(seen["first"], "SL101")
    assert by_rule(seen["ignored"], "SL101") == []
    (broken,) = seen["broken"]
    assert broken.code == "config" and broken.severity == types.DiagnosticSeverity.Error
    assert "unknown configuration key 'ignor'; did you mean 'ignore'?" in broken.message
    (where,) = broken.related_information
    assert where.location.uri == from_fs_path(str(config.resolve())) and where.location.range.start.line == 0
    (registration,) = seen["registrations"]
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    assert {"globPattern": "**/.slint.yaml"} in registration.register_options["watchers"]  # sent untyped


def test_quick_edits_are_linted_once_and_stale_versions_never_published(tmp_path):
    template = tmp_path / "template.yaml"
    published = []

    async def scenario(editor: Editor):
        uri = editor.open(template, TEMPLATE)
        for timeout in (1201, 1202, 1203):  # faster than the debounce: one lint, of the last text
            editor.replace(uri, TEMPLATE.replace("Timeout: 1200", f"Timeout: {timeout}"))
        editor.client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
        while True:
            params = await editor.wait(editor.published.get())
            published.append(params)
            if params.version == 4:  # the save supersedes the debounced lint of the same version
                break

    drive(tmp_path, scenario)
    assert {p.version for p in published} <= {1, 4}
    for params in published:
        (timeout,) = [d for d in by_rule(list(params.diagnostics), "SL101") if d.range.start.line == TIMEOUT_LINE]
        expected = "Timeout 1200" if params.version == 1 else "Timeout 1203"
        assert timeout.message.startswith(expected)


def test_server_reports_a_missing_pygls_clearly():
    import subprocess

    code = "import sys; sys.modules['pygls'] = None; sys.argv = ['slint', 'server']; from slint.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=HARNESS_TIMEOUT)
    assert done.returncode == 2
    assert "slint server needs pygls: pip install 'slint[server]'" in done.stderr


def test_lint_does_not_import_the_server_dependencies():
    import subprocess

    root = Path(__file__).resolve().parent.parent
    code = (
        "import sys\n"
        "from slint.cli import main\n"
        "sys.argv = ['slint', 'lint', '--no-cache', 'fixtures/sample.yaml']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'cattrs') or m.startswith('slint.server')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=HARNESS_TIMEOUT
    )
    assert "SL101" in done.stdout  # it did lint
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_request_waiting_for_a_lint_can_be_cancelled(tmp_path):
    from pygls.exceptions import JsonRpcRequestCancelled

    template = tmp_path / "template.yaml"
    seen = {}

    async def scenario(editor: Editor):
        uri = editor.open(template, TEMPLATE)  # the first lint also loads the rules: the request waits for it
        whole = types.Range(types.Position(0, 0), types.Position(30, 0))
        params = types.CodeActionParams(types.TextDocumentIdentifier(uri), whole, types.CodeActionContext([]))
        request = editor.client.protocol.send_request_async(types.TEXT_DOCUMENT_CODE_ACTION, params, msg_id="to-cancel")
        editor.client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="to-cancel"))
        try:
            seen["answer"] = await editor.wait(request)
        except JsonRpcRequestCancelled:
            seen["answer"] = "cancelled"
        seen["diagnostics"] = await editor.diagnostics(uri)  # the lint itself went on

    drive(tmp_path, scenario)
    assert seen["answer"] == "cancelled"
    assert by_rule(seen["diagnostics"], "SL101")


def test_fixes_are_quick_fixes_unsafe_ones_labelled_and_fix_all_applies_the_safe_ones(tmp_path):
    """Issue 15's 'done when': Timeout 1200 offers the quick fix to 900; issue 14's fixes reach the editor."""
    layer = "arn:aws:lambda:us-east-1:123456789012:layer:shared:3"
    text = TEMPLATE.replace("      Timeout: 1200\n", f"      Timeout: 1200\n      Layers: [{layer}, {layer}]\n")
    template = tmp_path / "template.yaml"
    template.write_text(text)
    seen = {}

    async def scenario(editor: Editor):
        uri = editor.open(template, text)
        diagnostics = await editor.diagnostics(uri)
        (timeout,) = [d for d in by_rule(diagnostics, "SL101") if d.range.start.line == TIMEOUT_LINE]
        seen["timeout_actions"] = actions = await editor.code_actions(uri, timeout)
        (worker,) = [d for d in by_rule(diagnostics, "SL101") if d.range.start.line != TIMEOUT_LINE]
        seen["worker_actions"] = await editor.code_actions(uri, worker)
        whole = types.Diagnostic(types.Range(types.Position(0, 0), types.Position(len(text.splitlines()), 0)), "")
        seen["fix_all"] = await editor.code_actions(uri, whole, only=[types.CodeActionKind.SourceFixAll])
        (quick_fix,) = [a for a in actions if a.title.startswith("Set Timeout")]
        editor.edit(uri, quick_fix.edit.changes[uri])
        seen["after_fix"] = await editor.diagnostics(uri)

    drive(tmp_path, scenario)
    (quick_fix,) = [a for a in seen["timeout_actions"] if a.title.startswith("Set Timeout")]
    assert (
        quick_fix.title == "Set Timeout to 900 (SL101) [unsafe]"
        and quick_fix.kind == types.CodeActionKind.QuickFix
        and not quick_fix.is_preferred
    )
    (edit,) = next(iter(quick_fix.edit.changes.values()))
    assert (
        edit.range == types.Range(types.Position(TIMEOUT_LINE, 15), types.Position(TIMEOUT_LINE, 19))
        and edit.new_text == "900"
    )
    (default_fix,) = [a for a in seen["worker_actions"] if a.title.startswith("Set Timeout")]
    (edit,) = next(iter(default_fix.edit.changes.values()))
    assert edit.range.start == types.Position(5, 13) and edit.new_text == "900"  # the parameter's "Default: 1000"
    (fix_all,) = seen["fix_all"]
    (edit,) = next(iter(fix_all.edit.changes.values()))  # only the safe fix: the repeated layer
    assert edit.new_text == "" and edit.range.start.line == TIMEOUT_LINE + 1
    assert [d.range.start.line for d in by_rule(seen["after_fix"], "SL101")] == [24]  # the Worker's remains


def test_foreach_copies_share_one_suppression_and_a_configuration_points_at_its_allowed_values(tmp_path):
    # One Fn::ForEach body makes AlphaFunction and BetaFunction at one line: one suppression
    # action (it suppresses both), not one per copy; "(when Stage is prod)" points at the
    # AllowedValues that make that configuration possible.
    text = textwrap.dedent(
        """\
        Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
        Parameters:
          Stage:
            Type: String
            Default: dev
            AllowedValues: [dev, prod]
        Mappings:
          Sizes:
            dev: {Memory: 128}
            prod: {Memory: 20000}
        Resources:
          Fn::ForEach::Functions:
            - Name
            - [Alpha, Beta]
            - ${Name}Function:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: app.handler
                  Runtime: python3.12
                  CodeUri: s3://bucket/fn.zip
                  MemorySize: !FindInMap [Sizes, !Ref Stage, Memory]
        """
    )
    template = tmp_path / "template.yaml"
    template.write_text(text)
    seen = {}

    async def scenario(editor: Editor):
        uri = editor.open(template, text)
        seen["diagnostics"] = diagnostics = by_rule(await editor.diagnostics(uri), "SL103")
        seen["actions"] = await editor.code_actions(uri, diagnostics[0])

    drive(tmp_path, scenario)
    diagnostics = seen["diagnostics"]
    assert [(d.range.start.line, d.message) for d in diagnostics] == [
        (
            20,
            f"MemorySize 20000 MB is outside Lambda's range of 128 to 10240 MB (when Stage is prod) (in {name}Function, made by Fn::ForEach::Functions)",
        )
        for name in ("Alpha", "Beta")
    ]
    for diagnostic in diagnostics:
        (where,) = diagnostic.related_information
        assert where.message == "parameter Stage may be prod (AllowedValues)"
        assert where.location.range.start == types.Position(5, 19)  # "[dev, prod]"
    (suppress,) = [a for a in seen["actions"] if a.title.startswith("Suppress SL103")]
    assert len(suppress.diagnostics) == 2
