"""The language server: pygls wiring from LSP messages to linting, code actions and hover.

Documents are synchronised in full (each change sends the whole text): pygls applies incremental
changes with ``str.splitlines()``, which breaks lines at form feeds and U+2028 where Python and LSP
do not, and a full copy of a source file costs the client next to nothing. Python files are linted
on open and save at once, and after each change once the user pauses typing (``lint-delay``).
Notebooks (``notebookDocument/*``, LSP 3.17) are linted as one namespace, with findings per cell.
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
    merged,
    our_section,
    parse_client_settings,
)

log = logging.getLogger("tf2lint.server")
PYTHON_SUFFIXES = (".py", ".pyi")


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
        """Lint a document (or notebook) now, or after the user stops typing for ``lint-delay``."""
        handle = self.pending.pop(key, None)
        if handle is not None:
            handle.cancel()
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

    def lint_document(self, uri: str) -> Linted:
        document = self.workspace.get_text_document(uri)
        text = document.source
        path = _path(uri)
        lines = LineIndex(text, self.encoding)
        linted = Linted(uri, document.version, text, lines, analyse_python(text, self.settings_for(path), path))
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
        found = analyse_notebook(cells, self.settings_for(path), path)
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
            )
            self.linted[uri] = linted
            self.publish(linted)
        current = {uri for uri, _ in cells}
        for gone in set(self.notebook_cells.get(notebook_uri, ())) - current:  # deleted cells, markdown now
            self.forget(gone)
        self.notebook_cells[notebook_uri] = sorted(current)

    def publish(self, linted: Linted) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                linted.uri, to_lsp_all(linted.diagnostics, linted.lines, linted.uri), linted.version
            )
        )

    def forget(self, uri: str) -> None:
        self.linted.pop(uri, None)
        handle = self.pending.pop(uri, None)
        if handle is not None:
            handle.cancel()
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    def relint_all(self) -> None:
        for notebook_uri in list(self.workspace.notebook_documents):
            self.schedule(notebook_uri, later=False)
        for uri in list(self.workspace.text_documents):
            if self.notebook_of(uri) is None:
                self.schedule(uri, later=False)

    def current(self, uri: str) -> Linted | None:
        """The findings for the document as it is now (linting it first if an edit is pending)."""
        notebook_uri = self.notebook_of(uri)
        document = self.workspace.text_documents.get(uri)
        linted = self.linted.get(uri)
        if document is None:
            return None
        if linted is None or linted.version != document.version or linted.text != document.source:
            self.schedule(notebook_uri or uri, later=False)  # also cancels a pending (debounced) lint
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
        ls.forget(params.text_document.uri)

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
