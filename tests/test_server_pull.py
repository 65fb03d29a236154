"""Pull diagnostics (``textDocument/diagnostic``) and settings changes, with ``tf2lint server``
driven over stdio by a client that pulls and by one that does not."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_asyncio

pytest.importorskip("pygls")
pytest.importorskip("pytest_lsp")

from lsp_client import CONFIG, change_document, lsp_column, open_document, published, pulling
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities
from test_server import V1, cli_findings, open_notebook, uri_of

TIMEOUT = 20.0


async def started(capabilities: types.ClientCapabilities) -> LanguageClient:
    client = await CONFIG.start()
    client.answer = await client.initialize_session(  # type: ignore[attr-defined]
        types.InitializeParams(capabilities=capabilities, initialization_options={"tf2lint": {"lintDelay": 0}})
    )
    return client


async def pull(client: LanguageClient, uri: str, previous: str | None = None) -> types.DocumentDiagnosticReport:
    return await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(types.TextDocumentIdentifier(uri), previous_result_id=previous)
    )


async def settled(client: LanguageClient) -> None:
    """Wait until the server has handled every earlier message (it answers requests in order, and
    what it pushes while handling a notification is sent before the next answer)."""
    await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier("untitled:nothing"), types.Position(0, 0))
    )


async def refreshed(client: LanguageClient, before: int) -> None:
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while client.diagnostic_refresh_count == before:
        assert asyncio.get_running_loop().time() < deadline, "no workspace/diagnostic/refresh"
        await asyncio.sleep(0.01)


async def watched(client: LanguageClient) -> list[str]:
    """The file patterns the server asked the client to watch (it asks once initialized)."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while not client.registrations:  # type: ignore[attr-defined]
        assert asyncio.get_running_loop().time() < deadline, "no client/registerCapability"
        await asyncio.sleep(0.01)
    return [
        watcher["globPattern"]
        for registration in client.registrations  # type: ignore[attr-defined]
        if registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        for watcher in registration.register_options["watchers"]
    ]


def pushed_for(client: LanguageClient, uri: str) -> list[types.PublishDiagnosticsParams]:
    return [params for params in client.published if params.uri == uri]  # type: ignore[attr-defined]


@pytest_asyncio.fixture
async def puller():
    client = await started(pulling(client_capabilities("visual-studio-code")))
    yield client
    await client.shutdown_session()
    await client.stop()


@pytest_asyncio.fixture
async def pusher():
    client = await started(client_capabilities("visual-studio-code"))  # 1.65: before pull diagnostics
    yield client
    await client.shutdown_session()
    await client.stop()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.tf2lint]\n")
    return tmp_path


@pytest.mark.asyncio
async def test_server_declares_pull_diagnostics(puller: LanguageClient):
    provider = puller.answer.capabilities.diagnostic_provider  # type: ignore[attr-defined]
    assert isinstance(provider, types.DiagnosticOptions)
    assert (provider.inter_file_dependencies, provider.workspace_diagnostics) == (False, False)


@pytest.mark.asyncio
async def test_pulled_and_pushed_diagnostics_are_the_same_as_the_cli(
    puller: LanguageClient, pusher: LanguageClient, project: Path
):
    path = project / "train.py"
    path.write_text(V1, encoding="utf-8")
    uri = uri_of(path)
    open_document(puller, uri, V1)
    report = await pull(puller, uri)
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport) and report.result_id
    await settled(puller)
    assert pushed_for(puller, uri) == []  # a pulling client is not also pushed to: no duplicates
    pushed = await published(pusher, uri, 1, open_document(pusher, uri, V1))
    assert list(report.items) == pushed  # ranges, codes, severities, links, data: all identical
    assert {d.code for d in pushed} == {"TF901", "TF811", "TF101"}
    assert all(d.code_description.href.endswith(f"rules.md#{d.code.lower()}") for d in report.items)
    lines = V1.split("\n")
    expected = sorted(
        (
            f["code"],
            f["line"] - 1,
            lsp_column(lines[f["line"] - 1], f["column"] - 1),
            f["end_line"] - 1,
            lsp_column(lines[f["end_line"] - 1], f["end_column"] - 1),
        )
        for f in await asyncio.to_thread(cli_findings, path)
    )
    got = sorted(
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
        for d in report.items
    )
    assert got == expected


@pytest.mark.asyncio
async def test_unchanged_until_the_document_or_its_settings_change(puller: LanguageClient, project: Path):
    uri = uri_of(project / "model.py")
    open_document(puller, uri, V1)
    first = await pull(puller, uri)
    again = await pull(puller, uri, first.result_id)
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    assert again.result_id == first.result_id
    stranger = await pull(puller, uri, "some-other-id")  # an id we did not give: the full list
    assert isinstance(stranger, types.RelatedFullDocumentDiagnosticReport) and stranger.items == first.items
    change_document(puller, uri, V1.replace("tf.log(", "tf.math.log("), 2)
    edited = await pull(puller, uri, first.result_id)
    assert isinstance(edited, types.RelatedFullDocumentDiagnosticReport)
    assert edited.result_id != first.result_id
    assert {d.code for d in edited.items} == {"TF811", "TF101"}
    # settings the client was not told about are still seen at the next pull
    (project / "pyproject.toml").write_text('[tool.tf2lint]\nignore = ["TF811"]\n')
    reconfigured = await pull(puller, uri, edited.result_id)
    assert isinstance(reconfigured, types.RelatedFullDocumentDiagnosticReport)
    assert [d.code for d in reconfigured.items] == ["TF101"]
    await settled(puller)
    assert pushed_for(puller, uri) == []


@pytest.mark.asyncio
async def test_pyproject_change_refreshes_a_pulling_client(puller: LanguageClient, project: Path):
    assert await watched(puller) == ["**/pyproject.toml"]
    uri = uri_of(project / "watched.py")
    open_document(puller, uri, V1)
    first = await pull(puller, uri)
    assert "TF101" in {d.code for d in first.items}
    before = puller.diagnostic_refresh_count
    pyproject = project / "pyproject.toml"
    pyproject.write_text('[tool.tf2lint]\nignore = ["TF101"]\n')
    puller.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(pyproject.as_uri(), types.FileChangeType.Changed)])
    )
    await refreshed(puller, before)
    after = await pull(puller, uri, first.result_id)
    assert isinstance(after, types.RelatedFullDocumentDiagnosticReport)
    assert {d.code for d in after.items} == {"TF901", "TF811"}
    # editor settings too: asked to pull again, not pushed
    before = puller.diagnostic_refresh_count
    puller.workspace_did_change_configuration(types.DidChangeConfigurationParams({"tf2lint": {"select": ["TF9"]}}))
    await refreshed(puller, before)
    assert [d.code for d in (await pull(puller, uri, after.result_id)).items] == ["TF901"]
    await settled(puller)
    assert pushed_for(puller, uri) == []


@pytest.mark.asyncio
async def test_pyproject_change_republishes_to_a_pushed_client(pusher: LanguageClient, project: Path):
    uri = uri_of(project / "pushed.py")
    first = await published(pusher, uri, 1, open_document(pusher, uri, V1))
    assert "TF101" in {d.code for d in first}
    pyproject = project / "pyproject.toml"
    # a change to a pyproject.toml that is not this document's: nothing is linted again
    (project / "other").mkdir()
    unrelated = project / "other" / "pyproject.toml"
    unrelated.write_text('[tool.tf2lint]\nignore = ["TF9"]\n')
    mark = len(pusher.published)  # type: ignore[attr-defined]
    pusher.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(unrelated.as_uri(), types.FileChangeType.Created)])
    )
    await settled(pusher)
    assert pusher.published[mark:] == []  # type: ignore[attr-defined]
    pyproject.write_text('[tool.tf2lint]\nignore = ["TF101"]\n')
    mark = len(pusher.published)  # type: ignore[attr-defined]
    pusher.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(pyproject.as_uri(), types.FileChangeType.Changed)])
    )
    after = await published(pusher, uri, 1, mark)  # the same version: the document was not edited
    assert {d.code for d in after} == {"TF901", "TF811"}
    assert pusher.diagnostic_refresh_count == 0


@pytest.mark.asyncio
async def test_notebook_cells_are_pushed_to_a_pulling_client(puller: LanguageClient, project: Path):
    cells = ["import tensorflow as tf\n", "x = tf.log(1.0)\n"]
    path = project / "nb.ipynb"
    cell_uris, mark = open_notebook(puller, uri_of(path), cells)
    assert [d.code for d in await published(puller, cell_uris[1], None, mark)] == ["TF901"]
    report = await pull(puller, cell_uris[1])  # answered empty: the cell's findings are pushed
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport) and list(report.items) == []
    # a pyproject change re-lints the notebook too
    pyproject = project / "pyproject.toml"
    pyproject.write_text('[tool.tf2lint]\nignore = ["TF901"]\n')
    mark = len(puller.published)  # type: ignore[attr-defined]
    puller.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams([types.FileEvent(pyproject.as_uri(), types.FileChangeType.Changed)])
    )
    assert await published(puller, cell_uris[1], None, mark) == []


@pytest.mark.asyncio
async def test_pulling_client_without_refresh_is_not_sent_one(project: Path):
    client = await started(pulling(client_capabilities("neovim"), refresh=False))
    try:
        uri = uri_of(project / "nvim.py")
        open_document(client, uri, V1)
        first = await pull(client, uri)
        assert client.registrations == []  # type: ignore[attr-defined]  # neovim on Linux: no dynamic watchers
        pyproject = project / "pyproject.toml"
        pyproject.write_text('[tool.tf2lint]\nignore = ["TF101"]\n')
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams([types.FileEvent(pyproject.as_uri(), types.FileChangeType.Changed)])
        )
        await settled(client)
        assert client.diagnostic_refresh_count == 0 and pushed_for(client, uri) == []
        assert {d.code for d in (await pull(client, uri, first.result_id)).items} == {"TF901", "TF811"}
        assert client.error is None
    finally:
        await client.shutdown_session()
        await client.stop()
