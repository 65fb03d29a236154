"""The language server: pygls wiring from LSP messages to linting, code actions and hover.

Documents are synchronised in full (each change sends the whole text): pygls applies incremental
changes with ``str.splitlines()``, which breaks lines at form feeds and U+2028 where Python and LSP
do not, and a full copy of a source file costs the client next to nothing. Python files are linted
on open and save at once, and after each change once the user pauses typing (``lint-delay``).
Notebooks (``notebookDocument/*``, LSP 3.17) are linted as one namespace, with findings per cell.

Diagnostics reach the client one of two ways. A client that can pull them (``textDocument/diagnostic``,
LSP 3.17) asks for a file's findings when it wants them, and the server lints then; nothing is pushed
for its files, so no finding is shown twice. Every other client gets ``publishDiagnostics`` as above.
Notebook cells are always pushed: whether a client pulls for cell URIs at all depends on the client
and its document selector, while every notebook-aware client takes pushed cell diagnostics; a pull
for a cell is answered with an empty report, so a client that does both shows each finding once.

When a pyproject.toml changes (``workspace/didChangeWatchedFiles``; the server asks for a watcher on
``**/pyproject.toml`` when the client allows it) or the editor's settings change, open documents
whose effective settings changed are linted again: pushed anew, or for a pulling client announced
with ``workspace/diagnostic/refresh``.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from tf2lint import __version__
from tf2lint.config import Settings
from tf2lint.server.actions import (
    FIX_ALL,
    KINDS,
    NOTEBOOK_FIX_ALL,
    fix_all_action,
    line_actions,
    wanted,
)
from tf2lint.server.diagnostics import to_lsp_all
from tf2lint.server.documents import Linted
from tf2lint.server.findings import (
    analyse_notebook,
    analyse_python,
    cell_python,
    check_target,
    fix_all,
    fix_tiers,
)
from tf2lint.server.hover import hover
from tf2lint.server.positions import UTF16, LineIndex
from tf2lint.server.settings import (
    ClientSettings,
    ProjectSettings,
    fingerprint,
    merged,
    our_section,
    parse_client_settings,
)

log = logging.getLogger("tf2lint.server")
PYTHON_SUFFIXES = (".py", ".pyi")
PYPROJECT = "pyproject.toml"
WATCH_PYPROJECT = "tf2lint-watch-pyproject"  # id of the dynamic registration of the file watcher


def _path(uri: str) -> Path | None:
    """The file behind a ``file:`` URI (for pyproject.toml and per-file-ignores), None for unsaved buffers."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


class Tf2lintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "tf2lint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Full,
            notebook_document_sync=types.NotebookDocumentSyncOptions(
                notebook_selector=[
                    types.NotebookDocumentFilterWithCells(notebook="*", cells=[types.NotebookCellLanguage("python")])
                ],
                save=True,
            ),
        )
        self.client_settings = ClientSettings()
        self.project = ProjectSettings()
        self.linted: dict[str, Linted] = {}  # by document or cell URI
        self.notebook_cells: dict[str, list[str]] = {}  # cells last published per notebook URI
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.warned: set[str] = set()

    # --- messages to the client -----------------------------------------------------------------

    def warn_once(self, message: str) -> None:
        """A settings problem is shown once, not on every keystroke; linting goes on with defaults."""
        if message in self.warned:
            return
        self.warned.add(message)
        self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, f"tf2lint: {message}"))

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(kind, f"tf2lint: {message}"))

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding
        return str(getattr(encoding, "value", encoding) or UTF16)

    @property
    def pull(self) -> bool:
        """The client pulls diagnostics (``textDocument/diagnostic``): do not push them for files."""
        text_document = self.client_capabilities.text_document
        return bool(text_document and text_document.diagnostic is not None)

    @property
    def refreshable(self) -> bool:
        """The client re-pulls on ``workspace/diagnostic/refresh``."""
        workspace = self.client_capabilities.workspace
        return bool(workspace and workspace.diagnostics and workspace.diagnostics.refresh_support)

    @property
    def watches_dynamically(self) -> bool:
        workspace = self.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace else None
        return bool(watched and watched.dynamic_registration)

    @property
    def versioned_edits(self) -> bool:
        workspace = self.client_capabilities.workspace
        edit = workspace.workspace_edit if workspace else None
        return bool(edit and edit.document_changes)

    # --- settings -------------------------------------------------------------------------------

    def apply_client_settings(self, options: Any) -> None:
        self.client_settings, warnings = parse_client_settings(options)
        for warning in warnings:
            self.warn_once(warning)
        self.warned = {w for w in self.warned if w in warnings}  # show a problem again if it comes back

    def settings_for(self, path: Path | None) -> Settings:
        """The effective settings for a document at ``path``: its project's, under the editor's."""
        project, error = self.project.for_path(path)
        if error:
            self.warn_once(f"{error} (using the defaults)")
        settings = merged(project, self.client_settings)
        problem = check_target(settings.target)
        if problem:
            self.warn_once(f"target {settings.target!r}: {problem} (using the newest release)")
            settings.target = None
        return settings

    # --- linting --------------------------------------------------------------------------------

    def is_python(self, uri: str) -> bool:
        document = self.workspace.get_text_document(uri)
        return document.language_id in (None, "", "python") or uri.endswith(PYTHON_SUFFIXES)

    def notebook_of(self, uri: str) -> str | None:
        notebook = self.workspace.get_notebook_document(cell_uri=uri)
        return notebook.uri if notebook is not None else None

    def schedule(self, key: str, later: bool) -> None:
        """Lint a document (or notebook) now, or after the user stops typing for ``lint-delay``;
        a file of a pulling client is linted when the client asks for its diagnostics."""
        handle = self.pending.pop(key, None)
        if handle is not None:
            handle.cancel()
        if self.pull and key not in self.workspace.notebook_documents:
            return
        if later and self.client_settings.lint_delay > 0:
            loop = asyncio.get_running_loop()
            self.pending[key] = loop.call_later(self.client_settings.lint_delay, self.lint_now, key)
        else:
            self.lint_now(key)

    def lint_now(self, key: str) -> None:
        """Lint and publish; an internal error is logged and never takes the server down."""
        self.pending.pop(key, None)
        try:
            if key in self.workspace.notebook_documents:
                self.lint_notebook(key)
            elif key in self.workspace.text_documents and self.is_python(key):
                self.lint_document(key)
        except Exception as exc:  # the editor session must survive any bug of ours
            log.exception("tf2lint: internal error while linting %s", key)
            self.log(f"internal error while linting {key}: {type(exc).__name__}: {exc}", types.MessageType.Error)

    def lint_document(self, uri: str, settings: Settings | None = None) -> Linted:
        document = self.workspace.get_text_document(uri)
        text = document.source
        path = _path(uri)
        lines = LineIndex(text, self.encoding)
        settings = settings if settings is not None else self.settings_for(path)
        linted = Linted(
            uri,
            document.version,
            text,
            lines,
            analyse_python(text, settings, path),
            settings_key=fingerprint(settings),
        )
        self.linted[uri] = linted
        self.publish(linted)
        return linted

    def code_cells(self, notebook_uri: str) -> list[tuple[str, str]]:
        notebook = self.workspace.notebook_documents[notebook_uri]
        cells = []
        for cell in notebook.cells:
            if cell.kind != types.NotebookCellKind.Code:
                continue
            document = self.workspace.text_documents.get(cell.document)
            if document is not None and document.language_id in (None, "", "python"):
                cells.append((cell.document, document.source))
        return cells

    def lint_notebook(self, notebook_uri: str) -> None:
        path = _path(notebook_uri)
        cells = self.code_cells(notebook_uri)
        settings = self.settings_for(path)
        found = analyse_notebook(cells, settings, path)
        for uri, text in cells:
            document = self.workspace.text_documents[uri]
            linted = Linted(
                uri,
                document.version,
                text,
                LineIndex(text, self.encoding),
                found.get(uri, []),
                python=cell_python(text),
                notebook=notebook_uri,
                settings_key=fingerprint(settings),
            )
            self.linted[uri] = linted
            self.publish(linted)
        current = {uri for uri, _ in cells}
        for gone in set(self.notebook_cells.get(notebook_uri, ())) - current:  # deleted cells, markdown now
            self.forget(gone)
        self.notebook_cells[notebook_uri] = sorted(current)

    def publish(self, linted: Linted) -> None:
        if self.pull and linted.notebook is None:
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                linted.uri, to_lsp_all(linted.diagnostics, linted.lines, linted.uri), linted.version
            )
        )

    def forget(self, uri: str, pushed: bool = True) -> None:
        """Drop a closed document; its pushed diagnostics are cleared (a pulling client clears its own)."""
        self.linted.pop(uri, None)
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        if pushed:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    def stale_settings(self, uri: str, path: Path | None) -> bool:
        """Whether the findings kept for ``uri`` were made with other settings than apply now
        (a document never linted is not stale: it is linted when it is first needed)."""
        linted = self.linted.get(uri)
        return linted is not None and linted.settings_key != fingerprint(self.settings_for(path))

    def relint_all(self, only_stale: bool = False) -> None:
        """Lint the open documents again after a settings change (``only_stale``: those whose
        effective settings changed); a pulling client is asked to pull its files again."""
        for notebook_uri, notebook in list(self.workspace.notebook_documents.items()):
            cells = [cell.document for cell in notebook.cells]
            path = _path(notebook_uri)
            if not only_stale or any(self.stale_settings(cell, path) for cell in cells):
                self.schedule(notebook_uri, later=False)
        files = [uri for uri in list(self.workspace.text_documents) if self.notebook_of(uri) is None]
        if only_stale:
            files = [uri for uri in files if self.stale_settings(uri, _path(uri))]
        if not self.pull:
            for uri in files:
                self.schedule(uri, later=False)
        elif files and self.refreshable:
            self.workspace_diagnostic_refresh(None)

    def pulled(self, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        """Answer ``textDocument/diagnostic``: the findings as they would be pushed, or "unchanged"
        when the client already holds them (same text, version and settings as its result id)."""
        uri = params.text_document.uri
        document = self.workspace.text_documents.get(uri)
        if document is None or self.notebook_of(uri) is not None or not self.is_python(uri):
            return types.RelatedFullDocumentDiagnosticReport(items=[])  # cells: pushed (see the module doc)
        settings = self.settings_for(_path(uri))
        linted = self.linted.get(uri)
        if (
            linted is None
            or linted.version != document.version
            or linted.text != document.source
            or linted.settings_key != fingerprint(settings)
        ):
            handle = self.pending.pop(uri, None)
            if handle is not None:
                handle.cancel()
            linted = self.lint_document(uri, settings)
        if params.previous_result_id == linted.result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=linted.result_id)
        return types.RelatedFullDocumentDiagnosticReport(
            items=to_lsp_all(linted.diagnostics, linted.lines, linted.uri), result_id=linted.result_id
        )

    async def watch_pyproject(self) -> None:
        """Ask the client to report pyproject.toml changes (when it lets servers register watchers)."""
        if not self.watches_dynamically:
            return
        watcher = types.FileSystemWatcher(glob_pattern=f"**/{PYPROJECT}")
        registration = types.Registration(
            id=WATCH_PYPROJECT,
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=[watcher]),
        )
        try:
            await self.client_register_capability_async(types.RegistrationParams([registration]))
        except Exception as exc:  # a client that refuses keeps the settings it has until a save
            log.warning("tf2lint: could not register a pyproject.toml watcher: %s", exc)
            self.log(f"could not watch pyproject.toml files: {exc}")

    def files_changed(self, params: types.DidChangeWatchedFilesParams) -> None:
        if not any(change.uri.rstrip("/").endswith("/" + PYPROJECT) for change in params.changes):
            return
        self.project.clear()
        self.relint_all(only_stale=True)

    def current(self, uri: str) -> Linted | None:
        """The findings for the document as it is now (linting it first if an edit is pending)."""
        notebook_uri = self.notebook_of(uri)
        document = self.workspace.text_documents.get(uri)
        linted = self.linted.get(uri)
        if document is None:
            return None
        if linted is None or linted.version != document.version or linted.text != document.source:
            self.lint_now(notebook_uri or uri)  # also cancels a pending (debounced) lint
            linted = self.linted.get(uri)
        return linted

    # --- code actions ---------------------------------------------------------------------------

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        linted = self.current(uri)
        if linted is None:
            return []
        only = params.context.only
        actions: list[types.CodeAction] = []
        if wanted(types.CodeActionKind.QuickFix.value, only):
            actions += line_actions(linted, params.range, self.versioned_edits)
        if only is None:  # fix-all is a source action: offered when asked for, or on save
            return actions
        tiers = fix_tiers(self.client_settings.unsafe_fixes, self.client_settings.compat_fixes)
        if linted.notebook is None and wanted(FIX_ALL, only):
            path = _path(uri)
            settings = self.settings_for(path)
            fixed = fix_all(
                {uri: linted.text},
                lambda texts: {uri: analyse_python(texts[uri], settings, path)},
                lambda text: text,
                tiers,
            )
            action = fix_all_action([linted], fixed, FIX_ALL, self.versioned_edits)
            actions += [action] if action else []
        elif linted.notebook is not None and (wanted(FIX_ALL, only) or wanted(NOTEBOOK_FIX_ALL, only)):
            path = _path(linted.notebook)
            settings = self.settings_for(path)
            cells = self.code_cells(linted.notebook)
            fixed = fix_all(
                dict(cells), lambda texts: analyse_notebook(list(texts.items()), settings, path), cell_python, tiers
            )
            docs = [doc for doc in (self.linted.get(cell_uri) for cell_uri, _ in cells) if doc is not None]
            kind = NOTEBOOK_FIX_ALL if wanted(NOTEBOOK_FIX_ALL, only) and not wanted(FIX_ALL, only) else FIX_ALL
            action = fix_all_action(docs, fixed, kind, self.versioned_edits)
            actions += [action] if action else []
        return actions


def build() -> Tf2lintServer:
    server = Tf2lintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: Tf2lintServer, params: types.InitializeParams) -> None:
        ls.apply_client_settings(params.initialization_options)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: Tf2lintServer, params: types.InitializedParams) -> None:
        await ls.watch_pyproject()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: Tf2lintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, later=False)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: Tf2lintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, later=True)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: Tf2lintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, later=False)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: Tf2lintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri, pushed=not ls.pull)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_open(ls: Tf2lintServer, params: types.DidOpenNotebookDocumentParams) -> None:
        ls.schedule(params.notebook_document.uri, later=False)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_change(ls: Tf2lintServer, params: types.DidChangeNotebookDocumentParams) -> None:
        ls.schedule(params.notebook_document.uri, later=True)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_save(ls: Tf2lintServer, params: types.DidSaveNotebookDocumentParams) -> None:
        ls.schedule(params.notebook_document.uri, later=False)

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_close(ls: Tf2lintServer, params: types.DidCloseNotebookDocumentParams) -> None:
        handle = ls.pending.pop(params.notebook_document.uri, None)
        if handle is not None:
            handle.cancel()
        for cell in params.cell_text_documents:
            ls.forget(cell.uri)
        ls.notebook_cells.pop(params.notebook_document.uri, None)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=KINDS))
    def code_action(ls: Tf2lintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        try:
            return ls.code_actions(params)
        except Exception as exc:
            log.exception("tf2lint: internal error in code actions")
            ls.log(f"internal error in code actions: {type(exc).__name__}: {exc}", types.MessageType.Error)
            return []

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: Tf2lintServer, params: types.HoverParams) -> types.Hover | None:
        try:
            linted = ls.current(params.text_document.uri)
            return hover(linted, params.position) if linted else None
        except Exception as exc:
            log.exception("tf2lint: internal error in hover")
            ls.log(f"internal error in hover: {type(exc).__name__}: {exc}", types.MessageType.Error)
            return None

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier="tf2lint", inter_file_dependencies=False, workspace_diagnostics=False),
    )
    def diagnostic(ls: Tf2lintServer, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        try:
            return ls.pulled(params)
        except Exception as exc:  # as for pushed diagnostics: log it, answer, keep serving
            log.exception("tf2lint: internal error while linting %s", params.text_document.uri)
            ls.log(
                f"internal error while linting {params.text_document.uri}: {type(exc).__name__}: {exc}",
                types.MessageType.Error,
            )
            return types.RelatedFullDocumentDiagnosticReport(items=[])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: Tf2lintServer, params: types.DidChangeWatchedFilesParams) -> None:
        try:
            ls.files_changed(params)
        except Exception as exc:
            log.exception("tf2lint: internal error after a file change")
            ls.log(f"internal error after a file change: {type(exc).__name__}: {exc}", types.MessageType.Error)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: Tf2lintServer, params: types.DidChangeConfigurationParams) -> None:
        settings = our_section(params.settings)
        workspace = ls.client_capabilities.workspace
        if settings is None and workspace is not None and workspace.configuration:  # pull model: ask for it
            try:
                answer = await ls.workspace_configuration_async(
                    types.ConfigurationParams([types.ConfigurationItem(section="tf2lint")])
                )
                settings = answer[0] if answer and isinstance(answer[0], dict) else None
            except Exception as exc:  # a client that fails the request keeps the old settings
                log.exception("tf2lint: workspace/configuration failed")
                ls.log(f"workspace/configuration failed: {exc}")
                return
        if settings is None:  # nothing for tf2lint in this change: keep what we have
            return
        ls.apply_client_settings(settings)
        ls.relint_all()

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: Tf2lintServer, params: None) -> None:
        for handle in ls.pending.values():
            handle.cancel()
        ls.pending.clear()

    return server


def serve() -> int:
    """Serve until the client says ``exit``: 0 after a ``shutdown`` request, 1 without one (as LSP asks)."""
    server = build()
    server.start_io()
    return 0 if getattr(server.protocol, "_shutdown", False) else 1
