"""SARIF and JSON are written one file at a time: the streamed text is exactly what building the
whole log in memory and dumping it gives, for a tree with findings, a file that does not parse
(E999), a notebook and a file fixed by ``--fix``, in one process and in a pool."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sarif_pydantic import Sarif

from tf2lint.config import SettingsResolver
from tf2lint.files import discover
from tf2lint.output import sarif_log, write_json
from tf2lint.runner import lint_path

DATA = Path(__file__).resolve().parent / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tf2lint", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Ten files and more: enough for a process pool (runner.MIN_FILES_FOR_POOL)."""
    root = tmp_path / "tree"
    shutil.copytree(FIXTURES, root / "fixtures")
    shutil.copy(DATA / "v1_notebook.ipynb", root / "book.ipynb")
    (root / "broken.py").write_text("import tensorflow as tf\nx = tf.log(\n", encoding="utf-8")
    (root / "fixable.py").write_text(
        "import tensorflow as tf\ny = tf.log(x)\nz = tf.reduce_sum(y, keep_dims=True)\n", encoding="utf-8"
    )
    (root / "clean.py").write_text("import os\n", encoding="utf-8")
    (root / 'modèle_"q".py').write_text(  # escaped in JSON: non-ASCII and a quote, in a path and a message
        "import tensorflow as tf\nété = tf.log(1)\nx = tf.Session(\n", encoding="utf-8"
    )
    (root / "données.py").write_text("import tensorflow as tf\nété = tf.log(1)  # \\ \t\n", encoding="utf-8")
    for k in range(4):
        (root / "pkg" / f"m{k}.py").parent.mkdir(exist_ok=True)
        (root / "pkg" / f"m{k}.py").write_text(f"import tensorflow as tf\nsess{k} = tf.Session()\n", encoding="utf-8")
    return root


def in_memory_reports(tree: Path, monkeypatch: pytest.MonkeyPatch) -> list:
    """The reports of the tree as it is now, linted in this process in the command's file order."""
    monkeypatch.chdir(tree.parent)
    found = discover([tree.name], SettingsResolver())
    assert not found.errors
    return [lint_path(path, settings) for path, settings in found.files]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_streamed_sarif_is_the_in_memory_log(tree: Path, jobs: str, monkeypatch: pytest.MonkeyPatch) -> None:
    done = run("--format", "sarif", "--jobs", jobs, tree.name, cwd=tree.parent)
    assert done.returncode == 1, done.stderr
    Sarif.model_validate_json(done.stdout)
    reports = in_memory_reports(tree, monkeypatch)
    assert done.stdout == json.dumps(sarif_log(reports), indent=2) + "\n"
    log = json.loads(done.stdout)["runs"][0]
    notes = log["invocations"][0]["toolExecutionNotifications"]
    assert [note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for note in notes] == [
        "tree/broken.py",
        'tree/modèle_"q".py',
    ]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["results"]}
    assert {"tree/book.ipynb", "tree/fixable.py", "tree/pkg/m3.py", "tree/données.py"} <= uris
    assert "tree/donn\\u00e9es.py" in done.stdout  # ASCII-only, as json.dump writes it


@pytest.mark.parametrize("fmt", ["sarif", "json"])
def test_streamed_output_after_fix_is_the_fixed_tree_linted(
    tree: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (tree / "fixable.py").read_text(encoding="utf-8")
    done = run("--fix", "--format", fmt, tree.name, cwd=tree.parent)
    assert done.returncode == 1, done.stderr
    assert (tree / "fixable.py").read_text(encoding="utf-8") != before  # the fix was written
    reports = in_memory_reports(tree, monkeypatch)
    if fmt == "sarif":
        Sarif.model_validate_json(done.stdout)
        assert done.stdout == json.dumps(sarif_log(reports), indent=2) + "\n"
    else:
        expected = io.StringIO()
        write_json(reports, expected)
        assert done.stdout == expected.getvalue()
        records = [json.loads(line) for line in done.stdout.splitlines()]
        assert any(record.get("error") and record["code"] == "E999" for record in records)
        assert not any(record["path"] == "tree/fixable.py" for record in records)


def test_streamed_json_lines_are_the_in_memory_records(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    done = run("--format", "json", "--jobs", "2", tree.name, cwd=tree.parent)
    assert done.returncode == 1, done.stderr
    expected = io.StringIO()
    write_json(in_memory_reports(tree, monkeypatch), expected)
    assert done.stdout == expected.getvalue()
    assert len(done.stdout.splitlines()) > 20


def test_sarif_without_results_or_problems(tmp_path: Path) -> None:
    (tmp_path / "clean.py").write_text("import os\n", encoding="utf-8")
    done = run("--format", "sarif", "clean.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    Sarif.model_validate_json(done.stdout)
    assert done.stdout == json.dumps(sarif_log([]), indent=2) + "\n"
    assert '"results": [],' in done.stdout
