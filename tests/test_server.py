"""``tf2lint server`` driven over stdio as an editor drives it (pytest-lsp starts the real command).

The findings are compared with the ``tf2lint --format json`` command on the same file, and every
edit the server offers is applied here, independently of the server's own position code.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest.importorskip("pytest_lsp")

import pytest_lsp
from lsp_client import (
    CONFIG,
    apply_text_edits,
    change_document,
    edits_for,
    lsp_column,
    open_document,
    published,
    pushed_to,
)
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

in_module_loop = pytest.mark.asyncio(loop_scope="module")  # the tests share one server

V1 = """import tensorflow as tf

greeting = "héllo 😀"; x = tf.log(1.0)
y = tf.reduce_sum(x, keep_dims=True)
sess = tf.Session()
"""


def cli_findings(path: Path) -> list[dict]:
    process = subprocess.run(
        [sys.executable, "-m", "tf2lint", "--format", "json", "--exit-zero", str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=path.parent,
    )
    return [json.loads(line) for line in process.stdout.splitlines()]


def uri_of(path: Path) -> str:
    return path.as_uri()


@pytest_lsp.fixture(scope="module", config=CONFIG)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"), initialization_options={"tf2lint": {}}
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project directory with its own (empty) [tool.tf2lint], so no pyproject above it applies."""
    (tmp_path / "pyproject.toml").write_text("[tool.tf2lint]\n")
    return tmp_path


async def code_actions(
    client: LanguageClient, uri: str, start: types.Position, end: types.Position, only: list[str] | None = None
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            types.TextDocumentIdentifier(uri),
            types.Range(start, end),
            types.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return [action for action in result or [] if isinstance(action, types.CodeAction)]


@in_module_loop
async def test_findings_match_the_cli(client: LanguageClient, project: Path):
    path = project / "train.py"
    path.write_text(V1, encoding="utf-8")
    diagnostics = await published(client, uri_of(path), 1, open_document(client, uri_of(path), V1))
    lines = V1.split("\n")
    found = await asyncio.to_thread(cli_findings, path)
    expected = [
        (
            f["code"],
            f["line"] - 1,
            lsp_column(lines[f["line"] - 1], f["column"] - 1),
            f["end_line"] - 1,
            lsp_column(lines[f["end_line"] - 1], f["end_column"] - 1),
        )
        for f in found
    ]
    got = [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
        for d in diagnostics
    ]
    assert sorted(got) == sorted(expected)
    assert {code for code, *_ in got} == {"TF901", "TF811", "TF101"}
    log = next(d for d in diagnostics if d.code == "TF901")
    assert (log.range.start.character, log.range.end.character) == (27, 33)  # the emoji is two UTF-16 units
    assert log.severity == types.DiagnosticSeverity.Warning
    assert log.source == "tf2lint"
    assert log.code_description.href.endswith("rules.md#tf901")
    assert list(log.tags) == [types.DiagnosticTag.Deprecated]


@in_module_loop
async def test_compat_use_is_information(client: LanguageClient, project: Path):
    uri = uri_of(project / "compat.py")
    text = "import tensorflow.compat.v1 as tf\nx = tf.placeholder(tf.float32)\n"
    diagnostics = await published(client, uri, 1, open_document(client, uri, text))
    compat = [d for d in diagnostics if d.code.startswith("TF0")]
    assert compat and all(d.severity == types.DiagnosticSeverity.Information for d in compat)


@in_module_loop
async def test_quick_fix_gives_the_fixed_text(client: LanguageClient, project: Path):
    uri = uri_of(project / "quick.py")
    await published(client, uri, 1, open_document(client, uri, V1))
    cursor = types.Position(2, 28)  # inside tf.log, after the emoji
    actions = await code_actions(client, uri, cursor, cursor)
    titles = [action.title for action in actions]
    assert titles[0] == "Replace with tf.math.log" and actions[0].is_preferred
    assert "Disable TF901 for this line" in titles
    assert not any("TF811" in title or "keepdims" in title for title in titles)  # other line
    fixed = apply_text_edits(V1, edits_for(actions[0].edit, uri))
    assert fixed == V1.replace("tf.log(", "tf.math.log(")


@in_module_loop
async def test_change_gives_fresh_diagnostics(client: LanguageClient, project: Path):
    uri = uri_of(project / "change.py")
    first = await published(client, uri, 1, open_document(client, uri, V1))
    assert "TF901" in {d.code for d in first}
    edited = V1.replace("tf.log(", "tf.math.log(")
    second = await published(client, uri, 2, change_document(client, uri, edited, 2))
    assert {d.code for d in second} == {d.code for d in first} - {"TF901"}
    # a burst of changes is linted once the typing stops, at its last version
    mark = change_document(client, uri, edited + "a = tf.log(2.0)\n", 3)
    change_document(client, uri, edited + "a = tf.log(2.0)\nb = tf.Session()\n", 4)
    final = await published(client, uri, 4, mark)
    assert [d.range.start.line for d in final if d.code in ("TF901", "TF101")][-2:] == [5, 6]


@in_module_loop
async def test_fix_all_matches_cli_fix(client: LanguageClient, project: Path):
    path = project / "fixall.py"
    path.write_text(V1, encoding="utf-8")
    uri = uri_of(path)
    await published(client, uri, 1, open_document(client, uri, V1))
    actions = await code_actions(
        client, uri, types.Position(0, 0), types.Position(0, 0), only=[types.CodeActionKind.SourceFixAll]
    )
    assert [action.kind for action in actions] == ["source.fixAll.tf2lint"]
    fixed = apply_text_edits(V1, edits_for(actions[0].edit, uri))
    await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "tf2lint", "--fix", "--exit-zero", "-q", str(path)],
        check=True,
        cwd=project,
    )
    assert fixed == path.read_text(encoding="utf-8")
    assert "tf.math.log(1.0)" in fixed and "keepdims=True" in fixed
    # nothing left to fix: no fix-all action
    await published(client, uri, 2, change_document(client, uri, fixed, 2))
    assert await code_actions(client, uri, types.Position(0, 0), types.Position(0, 0), only=["source"]) == []


@in_module_loop
async def test_disable_for_this_line_adds_noqa(client: LanguageClient, project: Path):
    uri = uri_of(project / "noqa.py")
    text = V1.replace(
        "y = tf.reduce_sum(x, keep_dims=True)", "y = tf.reduce_sum(tf.log(x), keep_dims=True)  # noqa: TF811"
    )
    await published(client, uri, 1, open_document(client, uri, text))
    actions = await code_actions(client, uri, types.Position(2, 28), types.Position(2, 28))
    disable = next(action for action in actions if action.title == "Disable TF901 for this line")
    silenced = apply_text_edits(text, edits_for(disable.edit, uri))
    assert silenced.split("\n")[2] == 'greeting = "héllo 😀"; x = tf.log(1.0)  # noqa: TF901'
    after = await published(client, uri, 2, change_document(client, uri, silenced, 2))
    assert [d.range.start.line for d in after if d.code == "TF901"] == [3]
    actions = await code_actions(client, uri, types.Position(3, 20), types.Position(3, 20))
    disable = next(action for action in actions if action.title == "Disable TF901 for this line")
    silenced = apply_text_edits(silenced, edits_for(disable.edit, uri))
    assert silenced.split("\n")[3].endswith("# noqa: TF811, TF901")
    after = await published(client, uri, 3, change_document(client, uri, silenced, 3))
    assert "TF901" not in {d.code for d in after}


@in_module_loop
async def test_no_noqa_where_a_comment_cannot_go(client: LanguageClient, project: Path):
    uri = uri_of(project / "continued.py")
    text = 'import tensorflow as tf\nx = tf.log(1.0) + \\\n    2.0\ns = tf.Session(); t = """\n"""\n'
    diagnostics = await published(client, uri, 1, open_document(client, uri, text))
    assert {d.code for d in diagnostics} == {"TF901", "TF101"}
    for line in (1, 3):
        actions = await code_actions(client, uri, types.Position(line, 8), types.Position(line, 8))
        assert not any(action.title.startswith("Disable") for action in actions)


@in_module_loop
async def test_hover_explains_the_rule(client: LanguageClient, project: Path):
    uri = uri_of(project / "hover.py")
    await published(client, uri, 1, open_document(client, uri, V1))
    document = types.TextDocumentIdentifier(uri)
    result = await client.text_document_hover_async(types.HoverParams(document, types.Position(2, 30)))
    assert result is not None
    text = result.contents.value
    assert "TF901" in text and "`tf.math.log`" in text and "rules.md#tf901" in text
    assert (result.range.start.line, result.range.start.character) == (2, 27)
    nothing = await client.text_document_hover_async(types.HoverParams(document, types.Position(0, 3)))
    assert nothing is None


@in_module_loop
async def test_project_settings_apply(client: LanguageClient, tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.tf2lint]\nignore = ["TF101"]\nper-file-ignores = { "legacy_*" = ["TF9"] }\n'
    )
    for name, expected in (("model.py", {"TF901", "TF811"}), ("legacy_model.py", {"TF811"})):
        uri = uri_of(tmp_path / name)
        diagnostics = await published(client, uri, 1, open_document(client, uri, V1))
        assert {d.code for d in diagnostics} == expected


@in_module_loop
async def test_save_relints_and_a_broken_pyproject_is_reported(client: LanguageClient, tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.tf2lint]\nslect = ["TF1"]\n')
    uri = uri_of(tmp_path / "saved.py")
    first = await published(client, uri, 1, open_document(client, uri, V1))
    assert {d.code for d in first} == {"TF901", "TF811", "TF101"}  # the defaults, and a warning
    assert any("slect" in message.message for message in client.messages)
    (tmp_path / "pyproject.toml").write_text('[tool.tf2lint]\nselect = ["TF1"]\n')
    mark = len(client.published)
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))
    assert [d.code for d in await published(client, uri, 1, mark)] == ["TF101"]


@in_module_loop
async def test_unsaved_buffer_is_linted_with_defaults(client: LanguageClient):
    uri = "untitled:Untitled-1"
    diagnostics = await published(client, uri, 1, open_document(client, uri, V1))
    assert {d.code for d in diagnostics} == {"TF901", "TF811", "TF101"}
    mark = len(client.published)
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    assert await published(client, uri, None, mark) == []  # closing clears its diagnostics


@in_module_loop
async def test_bad_input_gives_diagnostics(client: LanguageClient, project: Path):
    uri = uri_of(project / "broken.py")
    diagnostics = await published(client, uri, 1, open_document(client, uri, "import tensorflow as tf\nx = tf.log(\n"))
    assert [(d.code, d.severity) for d in diagnostics] == [("E999", types.DiagnosticSeverity.Error)]
    assert await code_actions(client, uri, types.Position(1, 5), types.Position(1, 5)) == []
    for text in (
        "\x00",
        "x = '\ud800'\n",
        "(" * 5000 + ")" * 5000 + "\n",
        "import tensorflow as tf\n\x0cy = tf.log(1)\n",
    ):
        other = uri_of(project / f"odd{len(text)}.py")
        await published(client, other, 1, open_document(client, other, text))
    # still serving
    fine = await published(client, uri, 2, change_document(client, uri, "import tensorflow as tf\nx = tf.log(1)\n", 2))
    assert [d.code for d in fine] == ["TF901"]


NOTEBOOK_CELLS = [
    "%matplotlib inline\nimport tensorflow as tf\n",
    "x = tf.log(1.0)\n!ls\ny = tf.reduce_sum(x, keep_dims=True)",
    "%%bash\necho tf.log\n",
    "def broken(:\n",
    "s = tf.Session()\n",
]


def open_notebook(client: LanguageClient, uri: str, cells: list[str]) -> tuple[list[str], int]:
    mark = len(client.published)
    cell_uris = [f"{uri}#cell{index}" for index in range(len(cells))]
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=uri,
                notebook_type="jupyter-notebook",
                version=1,
                cells=[types.NotebookCell(types.NotebookCellKind.Code, cell_uri) for cell_uri in cell_uris],
            ),
            cell_text_documents=[
                types.TextDocumentItem(cell_uri, "python", 1, text)
                for cell_uri, text in zip(cell_uris, cells, strict=True)
            ],
        )
    )
    return cell_uris, mark


@in_module_loop
async def test_notebook_cells_match_the_cli(client: LanguageClient, project: Path):
    path = project / "nb.ipynb"
    path.write_text(
        json.dumps(
            {
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": {},
                "cells": [
                    {
                        "cell_type": "code",
                        "id": f"c{i}",
                        "metadata": {},
                        "execution_count": None,
                        "outputs": [],
                        "source": text,
                    }
                    for i, text in enumerate(NOTEBOOK_CELLS)
                ],
            }
        )
    )
    cell_uris, mark = open_notebook(client, uri_of(path), NOTEBOOK_CELLS)
    got = set()
    for number, cell_uri in enumerate(cell_uris, 1):
        for d in await published(client, cell_uri, None, mark):
            got.add((number, d.code, d.range.start.line + 1, d.range.start.character + 1))
    expected = {(f["cell"], f["code"], f["line"], f["column"]) for f in await asyncio.to_thread(cli_findings, path)}
    assert got == expected
    assert {(cell, code) for cell, code, *_ in got} == {(2, "TF901"), (2, "TF811"), (4, "E999"), (5, "TF101")}
    # a quick fix in a cell edits that cell
    cursor = types.Position(0, 6)
    actions = await code_actions(client, cell_uris[1], cursor, cursor)
    assert actions[0].title == "Replace with tf.math.log"
    fixed = apply_text_edits(NOTEBOOK_CELLS[1], edits_for(actions[0].edit, cell_uris[1]))
    assert fixed.startswith("x = tf.math.log(1.0)\n!ls")
    # fix-all edits every cell that has fixes
    actions = await code_actions(client, cell_uris[0], cursor, cursor, only=["notebook.source.fixAll"])
    assert len(actions) == 1
    fixed = apply_text_edits(NOTEBOOK_CELLS[1], edits_for(actions[0].edit, cell_uris[1]))
    assert fixed == "x = tf.math.log(1.0)\n!ls\ny = tf.reduce_sum(x, keepdims=True)"
    assert edits_for(actions[0].edit, cell_uris[4]) == []
    # typing in a cell re-lints the notebook; a deleted cell loses its diagnostics
    mark = len(client.published)
    client.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(2, uri_of(path)),
            change=types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    structure=types.NotebookDocumentCellChangeStructure(
                        array=types.NotebookCellArrayChange(start=4, delete_count=1),
                        did_close=[types.TextDocumentIdentifier(cell_uris[4])],
                    ),
                    text_content=[
                        types.NotebookDocumentCellContentChanges(
                            document=types.VersionedTextDocumentIdentifier(version=2, uri=cell_uris[1]),
                            changes=[types.TextDocumentContentChangeWholeDocument(text="x = tf.math.log(1.0)\n")],
                        )
                    ],
                )
            ),
        )
    )
    assert await published(client, cell_uris[1], 2, mark) == []
    assert await published(client, cell_uris[4], None, mark) == []


@pytest_lsp.fixture(config=CONFIG)
async def configured(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=pushed_to(client_capabilities("neovim")),  # pull diagnostics: test_server_pull.py
            initialization_options={
                "settings": {"ignore": ["TF9"], "reportCompat": False, "nonsense": 1, "lintDelay": 300}
            },
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio(loop_scope="function")
async def test_settings_from_the_client(configured: LanguageClient, project: Path):
    client = configured
    uri = uri_of(project / "settings.py")
    diagnostics = await published(client, uri, 1, open_document(client, uri, V1))
    assert {d.code for d in diagnostics} == {"TF811", "TF101"}
    assert any("nonsense" in message.message for message in client.messages)  # a warning, and linting goes on
    # changes are debounced: a burst is linted once, at its last version
    mark = change_document(client, uri, V1 + "a = 1\n", 2)
    change_document(client, uri, V1 + "a = 1\nb = tf.Session()\n", 3)
    assert [d.range.start.line for d in await published(client, uri, 3, mark) if d.code == "TF101"] == [4, 6]
    assert [params.version for params in client.published[mark:]] == [3]
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"python": {"x": 1}}))
    mark = len(client.published)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"tf2lint": {"select": ["TF901"], "target": "9.99"}})
    )
    assert [d.code for d in await published(client, uri, None, mark)] == ["TF901"]
    assert any("9.99" in message.message for message in client.messages)
    assert not any("python" in message.message for message in client.messages)  # another tool's settings
    mark = len(client.published)
    client.set_configuration({"extendIgnore": ["TF901"]}, section="tf2lint")  # pull model: settings null
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    pulled = await published(client, uri, None, mark)  # the new settings replace the old ones
    assert {d.code for d in pulled} == {"TF811", "TF101"}


@in_module_loop
async def test_utf8_positions_then_shutdown_and_exit(project: Path):
    client = await CONFIG.start()
    try:
        result = await client.initialize_session(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(
                    general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf8])
                )
            )
        )
        assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
        uri = uri_of(project / "bye.py")
        diagnostics = await published(client, uri, 1, open_document(client, uri, V1))
        log = next(d for d in diagnostics if d.code == "TF901")
        line = V1.split("\n")[2]
        assert log.range.start.character == len(line[: line.index("tf.log")].encode("utf-8"))  # bytes, not characters
        await client.shutdown_session()
        assert client._server.returncode == 0
    finally:
        await client.stop()


def test_without_pygls_says_what_to_install(tmp_path: Path):
    code = "import sys; sys.modules['pygls'] = None; from tf2lint.cli import main; sys.exit(main(['server']))"
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    assert process.returncode == 2
    assert process.stderr.strip().splitlines() == [
        "tf2lint: error: the language server needs pygls and lsprotocol: pip install 'tf2lint[server]'"
    ]
    assert process.stdout == ""


def test_client_settings_spellings_and_mistakes():
    from tf2lint.server.settings import ClientSettings, parse_client_settings

    settings, warnings = parse_client_settings(
        {
            "tf2lint": {
                "extendIgnore": ["tf101"],
                "report_compat": False,
                "unsafe-fixes": True,
                "lintDelay": 0,
                "target": "2.15",
            }
        }
    )
    assert settings == ClientSettings(
        extend_ignore=("TF101",), report_compat=False, unsafe_fixes=True, lint_delay=0.0, target="2.15"
    )
    assert warnings == []
    settings, warnings = parse_client_settings(
        {"select": "TF1, TF9", "ignore": 3, "reportCompat": "no", "lintDelay": -1}
    )
    assert settings == ClientSettings(select=("TF1", "TF9"))
    assert len(warnings) == 3
