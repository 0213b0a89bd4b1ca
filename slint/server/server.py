"""The language server: pygls handlers over :class:`DocumentLinter` and :mod:`.convert`.

Lints run one at a time on a worker thread, so the protocol keeps answering (cancellations,
hovers) while a large template is linted. A result is published only if its document has
not changed meanwhile; an edit supersedes a lint that has not started yet."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..errors import ConfigError
from ..findings import Finding
from ..parser import looks_like_json
from .convert import (
    FIX_ALL_KIND,
    SOURCE,
    Positions,
    diagnostic,
    fix_edits,
    fix_title,
    overlaps,
    rule_markdown,
    suppression_edit,
)
from .linter import DocumentLinter, Linted, is_template_candidate

CHANGE_DEBOUNCE_SECONDS = 0.075  # edits closer together than this (a burst of keystrokes) lint once
WATCHED_FILES = (
    "**/.slint.yaml",
    "**/.slint.yml",
    "**/pyproject.toml",
    "**/samconfig.toml",
    "**/samconfig.yaml",
    "**/samconfig.yml",
)


@dataclass
class Published:
    """What was published for one version of a document, kept for code actions and hovers."""

    version: int | None
    linted: Linted
    positions: Positions
    shown: list[tuple[Finding, types.Diagnostic]]
    comments_allowed: bool = True  # False for JSON, which has no comments to suppress with


class SlintServer(LanguageServer):
    def __init__(self, linter: DocumentLinter | None = None):
        super().__init__("slint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.linter = linter or DocumentLinter()
        self.published: dict[str, Published] = {}
        self.pending: dict[str, asyncio.Task] = {}
        self.open_uris: set[str] = set()  # as the client wrote them, which is how it expects them back
        self.lint_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="slint-lint")

    # -- linting ---------------------------------------------------------------------------------

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        earlier = self.pending.pop(uri, None)
        if earlier is not None:
            earlier.cancel()
        self.pending[uri] = asyncio.ensure_future(self._lint(uri, delay))

    async def _lint(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        document = self._document(uri)
        if document is None:
            return
        path = Path(document.path) if uri.startswith("file:") else None
        if not is_template_candidate(path, document.language_id):
            return
        version, text = document.version, document.source
        loop = asyncio.get_running_loop()
        try:
            linted = await loop.run_in_executor(self.lint_thread, self.linter.lint, text, path)
        except ConfigError as exc:
            if self._is_current(uri, version):
                self.published.pop(uri, None)
                self._publish(uri, version, [_config_diagnostic(exc)])
            return
        except Exception as exc:  # a bug, or rules that fail to load: say so, keep serving
            self.window_log_message(
                types.LogMessageParams(types.MessageType.Error, f"slint failed on {uri}: {type(exc).__name__}: {exc}")
            )
            return
        if not self._is_current(uri, version):  # the document changed while it was linted
            return
        positions = Positions(
            text, document.position_codec, json=(path is not None and path.suffix == ".json") or looks_like_json(text)
        )
        shown = [(f, diagnostic(f, positions, uri)) for f in linted.result.findings if f.suppressed is None]
        self.published[uri] = Published(
            version, linted, positions, shown, document.language_id not in ("json", "jsonc")
        )
        self._publish(uri, version, [d for _, d in shown])

    def _document(self, uri: str):
        """The open document at ``uri``, or None (pygls 2.1 keeps them under the unquoted URI, 2.0 as sent)."""
        documents = self.workspace.text_documents
        return documents.get(uri) or documents.get(unquote(uri))

    def _is_current(self, uri: str, version: int | None) -> bool:
        document = self._document(uri)
        return document is not None and document.version == version

    def _publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics)
        )

    async def current(self, uri: str) -> Published | None:
        """The published result for the document as it is now, once any lint under way ends;
        None when there is none (not a template, or the document changed again)."""
        task = self.pending.get(uri)
        if task is not None and not task.done():
            await asyncio.wait([task])  # a cancelled request ends here with CancelledError
        published = self.published.get(uri)
        return published if published is not None and self._is_current(uri, published.version) else None

    def relint_all(self) -> None:
        self.lint_thread.submit(self.linter.forget)  # on the lint thread: never under a running lint
        for uri in self.open_uris:
            self.schedule(uri)

    # -- code actions and hover ------------------------------------------------------------------

    def code_actions(self, uri: str, published: Published, params: types.CodeActionParams) -> list[types.CodeAction]:
        only = [getattr(kind, "value", kind) for kind in params.context.only or ()]

        def wanted(kind: str) -> bool:  # "source" asks for "source.fixAll.slint" too
            return not only or any(kind == k or kind.startswith(f"{k}.") for k in only)

        actions: list[types.CodeAction] = []
        by_edit: dict[tuple, types.CodeAction] = {}

        def offer(action: types.CodeAction) -> None:
            """One action per distinct edit: the resources one Fn::ForEach body makes share
            its line, and one comment there suppresses them all."""
            edits = tuple(
                (e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.new_text)
                for e in action.edit.changes[uri]
            )
            known = by_edit.get((action.title, edits))
            if known is None:
                by_edit[(action.title, edits)] = action
                actions.append(action)
            else:
                known.diagnostics.extend(d for d in action.diagnostics if d not in known.diagnostics)

        if wanted(types.CodeActionKind.QuickFix.value):
            for finding, shown in published.shown:
                if not overlaps(shown.range, params.range):
                    continue
                fix = getattr(finding, "fix", None)  # supplied by rules that can fix (see convert)
                if fix is not None:
                    edit = types.WorkspaceEdit(changes={uri: fix_edits(fix, published.positions)})
                    offer(
                        types.CodeAction(
                            fix_title(finding, fix),
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[shown],
                            edit=edit,
                            is_preferred=bool(fix.safe),
                        )
                    )
                suppression = suppression_edit(finding, published.positions) if published.comments_allowed else None
                if suppression is not None:
                    edit = types.WorkspaceEdit(changes={uri: [suppression]})
                    offer(
                        types.CodeAction(
                            f"Suppress {finding.rule} ({finding.name}) on this line",
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[shown],
                            edit=edit,
                        )
                    )
        if only and wanted(FIX_ALL_KIND):  # asked for explicitly (on save, or the command)
            edits = _safe_fix_edits(published)
            if edits:
                actions.append(
                    types.CodeAction(
                        "Fix all safe slint problems", kind=FIX_ALL_KIND, edit=types.WorkspaceEdit(changes={uri: edits})
                    )
                )
        return actions

    def hover(self, published: Published, position: types.Position) -> types.Hover | None:
        here = types.Range(position, position)
        rules = {}
        for finding, shown in published.shown:
            if overlaps(shown.range, here):
                rule = published.linted.ruleset.by_id.get(finding.rule)
                if rule is not None:
                    rules.setdefault(rule.id, rule)
        if not rules:
            return None
        text = "\n\n---\n\n".join(rule_markdown(rule) for rule in rules.values())
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text))


def _safe_fix_edits(published: Published) -> list[types.TextEdit]:
    """Every safe fix's edits, leaving out a fix that overlaps one already taken (a later
    lint offers it again)."""
    taken: list[types.TextEdit] = []
    for finding, _ in published.shown:
        fix = getattr(finding, "fix", None)
        if fix is None or not fix.safe:
            continue
        edits = fix_edits(fix, published.positions)
        if not any(overlaps(e.range, t.range) for e in edits for t in taken):
            taken.extend(edits)
    return taken


def _config_diagnostic(exc: ConfigError) -> types.Diagnostic:
    """A configuration error on the document's first line, pointing at the file and line at fault."""
    start = types.Range(types.Position(0, 0), types.Position(0, 0))
    related = None
    if exc.file:
        from pygls.uris import from_fs_path

        line = max((exc.line or 1) - 1, 0)
        where = types.Location(
            from_fs_path(str(Path(exc.file).resolve())) or exc.file,
            types.Range(types.Position(line, 0), types.Position(line, 0)),
        )
        related = [types.DiagnosticRelatedInformation(where, exc.message)]
    return types.Diagnostic(
        start,
        f"slint configuration error: {exc}",
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
        code="config",
        related_information=related,
    )


def create_server(linter: DocumentLinter | None = None) -> SlintServer:
    server = SlintServer(linter)

    @server.feature(types.INITIALIZED)
    def initialized(ls: SlintServer, params: types.InitializedParams) -> None:
        watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED_FILES]
            )
            registration = types.Registration(
                id="slint-configuration", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
            )
            ls.client_register_capability(types.RegistrationParams(registrations=[registration]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: SlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.open_uris.add(params.text_document.uri)
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: SlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, CHANGE_DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: SlintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: SlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.open_uris.discard(uri)
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        if ls.published.pop(uri, None) is not None:
            ls._publish(uri, None, [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: SlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.relint_all()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]),
    )
    async def code_action(ls: SlintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        published = await ls.current(params.text_document.uri)
        return ls.code_actions(params.text_document.uri, published, params) if published is not None else None

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: SlintServer, params: types.HoverParams) -> types.Hover | None:
        published = await ls.current(params.text_document.uri)
        return ls.hover(published, params.position) if published is not None else None

    return server
