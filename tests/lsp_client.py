"""Helpers for driving ``tf2lint server`` as an editor would: a pytest-lsp client that records
every diagnostics notification with its version, and LSP edits applied independently of the server."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Sequence

import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient

SERVER = [sys.executable, "-m", "tf2lint", "server"]
TIMEOUT = 20.0


def recording_client() -> LanguageClient:
    """A client that keeps every diagnostics notification and every capability registration."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]

    def on_diagnostics(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # type: ignore[attr-defined]

    def on_register(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations += params.registrations  # type: ignore[attr-defined]

    pytest_lsp.client.register_lsp_features(
        client,
        {
            **pytest_lsp.client.DEFAULT_CLIENT_FEATURES,
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: on_diagnostics,
            types.CLIENT_REGISTER_CAPABILITY: on_register,
        },
    )
    return client


CONFIG = ClientServerConfig(server_command=SERVER, client_factory=recording_client)


def pushed_to(capabilities: types.ClientCapabilities) -> types.ClientCapabilities:
    """The capabilities without pull diagnostics: the server pushes them to such a client."""
    if capabilities.text_document is not None:
        capabilities.text_document.diagnostic = None
    return capabilities


def pulling(capabilities: types.ClientCapabilities, refresh: bool = True) -> types.ClientCapabilities:
    """The capabilities with pull diagnostics (LSP 3.17), as VS Code has sent them since 1.70."""
    if capabilities.text_document is None:
        capabilities.text_document = types.TextDocumentClientCapabilities()
    capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities(
        dynamic_registration=True, related_document_support=False
    )
    if capabilities.workspace is None:
        capabilities.workspace = types.WorkspaceClientCapabilities()
    capabilities.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=refresh)
    return capabilities


async def published(
    client: LanguageClient, uri: str, version: int | None = None, after: int = 0
) -> list[types.Diagnostic]:
    """The first diagnostics published for ``uri`` (at ``version``) after notification number ``after``."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        for params in client.published[after:]:  # type: ignore[attr-defined]
            if params.uri == uri and (version is None or params.version == version):
                return list(params.diagnostics)
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics for {uri} (version {version}) within {TIMEOUT} s")


def open_document(client: LanguageClient, uri: str, text: str, version: int = 1) -> int:
    mark = len(client.published)  # type: ignore[attr-defined]
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "python", version, text)))
    return mark


def change_document(client: LanguageClient, uri: str, text: str, version: int) -> int:
    mark = len(client.published)  # type: ignore[attr-defined]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=uri),
            [types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return mark


def utf16_offset(text: str, position: types.Position) -> int:
    """Character offset of an LSP position (UTF-16 code units), for ``\\n`` line endings."""
    lines = text.split("\n")
    start = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for index, char in enumerate(line):
        if units >= position.character:
            return start + index
        units += 2 if ord(char) > 0xFFFF else 1
    return start + len(line)


def apply_text_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    spans = sorted(
        ((utf16_offset(text, e.range.start), utf16_offset(text, e.range.end), e.new_text) for e in edits), reverse=True
    )
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text


def edits_for(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    found: list[types.TextEdit] = []
    for change in edit.document_changes or ():
        if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri:
            found += [e for e in change.edits if isinstance(e, types.TextEdit)]
    found += list((edit.changes or {}).get(uri, ()))
    return found


def lsp_column(line: str, column: int) -> int:
    """UTF-16 code units before a character column."""
    return len(line[:column].encode("utf-16-le")) // 2
