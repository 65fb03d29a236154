"""Baselines, run as a CI job would: record today's findings, then fail only on new TF 1.x code."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import nbformat
import pytest

from tf2lint.baseline import fingerprint, flagged_text, python_lines
from tf2lint.diagnostic import Diagnostic
from tf2lint.runner import Finding

ROOT = Path(__file__).resolve().parent.parent


def tf2lint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    command = [*args[:1], "--jobs", "1", *args[1:]] if args[:1] == ("report",) else ["--jobs", "1", *args]
    return subprocess.run(
        [sys.executable, "-m", "tf2lint", *command], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A multi-file TF 1.x tree: the example script, the fixtures, a notebook, and a clean file."""
    shutil.copytree(ROOT / "examples", tmp_path / "src" / "examples")
    shutil.copytree(ROOT / "tests" / "fixtures", tmp_path / "src" / "models")
    book = nbformat.v4.new_notebook()
    book.cells = [
        nbformat.v4.new_code_cell("import tensorflow as tf\nx = tf.placeholder(tf.float32)"),
        nbformat.v4.new_markdown_cell("notes"),
        nbformat.v4.new_code_cell("sess = tf.Session()\nsess.run(x)"),
    ]
    nbformat.write(book, tmp_path / "src" / "explore.ipynb")
    (tmp_path / "src" / "clean.py").write_text("import tensorflow as tf\nprint(tf.constant(1))\n", encoding="utf-8")
    return tmp_path


def entries(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["findings"]


def finding_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.strip()]


def test_the_ratchet_workflow_on_a_multi_file_tree(project: Path) -> None:
    everything = tf2lint("src", cwd=project)
    assert everything.returncode == 1
    total = len(finding_lines(everything))
    assert total > 100

    written = tf2lint("--write-baseline", "tf2lint-baseline.json", "src", cwd=project)
    assert written.returncode == 0, written.stderr
    assert written.stdout == ""
    assert f"wrote {total} findings to tf2lint-baseline.json" in written.stderr
    baseline = project / "tf2lint-baseline.json"
    assert len(entries(baseline)) == total

    clean = tf2lint("--baseline", "tf2lint-baseline.json", "src", cwd=project)
    assert (clean.returncode, clean.stdout) == (0, ""), clean.stdout
    assert f"0 findings, {total} baselined, 0 baselined findings fixed" in clean.stderr

    # Unrelated edits move every finding: none comes back.
    script = project / "src" / "examples" / "mnist_v1.py"
    text = script.read_text(encoding="utf-8")
    script.write_text('"""Moved down."""\n\n\n' + text.replace("\n\ndef ", "\n\n# a comment\n\ndef "), encoding="utf-8")
    notebook = nbformat.read(project / "src" / "explore.ipynb", as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell("import os\nprint(os.getcwd())"))
    nbformat.write(notebook, project / "src" / "explore.ipynb")
    assert tf2lint("--baseline", "tf2lint-baseline.json", "src", cwd=project).returncode == 0

    # One new TF 1.x line: exactly one finding, that line.
    lines = script.read_text(encoding="utf-8").split("\n")
    lines.insert(20, "extra_session = tf.Session()")
    script.write_text("\n".join(lines), encoding="utf-8")
    new = tf2lint("--baseline", "tf2lint-baseline.json", "src", cwd=project)
    assert new.returncode == 1
    assert finding_lines(new) == [
        (
            f"{Path('src/examples/mnist_v1.py')}:21:17: TF101 [*compat] "
            "tf.Session is removed in TF 2.x: run eagerly, "
            "or wrap the computation in tf.function"
        )
    ]
    assert "1 finding (1 more fixable with --compat-fixes), " in new.stderr

    # Fixing a baselined finding (one call, reported once with its tf.logging.INFO argument) is
    # counted, and --write-baseline prunes it.
    fixed_line = "tf.logging.set_verbosity(tf.logging.INFO)"
    assert fixed_line in script.read_text(encoding="utf-8")
    script.write_text(script.read_text(encoding="utf-8").replace(fixed_line, "pass"), encoding="utf-8")
    progress = tf2lint("--baseline", "tf2lint-baseline.json", "src", cwd=project)
    assert "1 baselined finding fixed (prune them with --write-baseline tf2lint-baseline.json)" in progress.stderr
    assert len(finding_lines(progress)) == 1

    again = tf2lint("--write-baseline", "tf2lint-baseline.json", "src", cwd=project)
    assert again.returncode == 0
    assert len(entries(baseline)) == total - 1 + 1
    assert not [e for e in entries(baseline) if e["text"] == "tf.logging.set_verbosity" and "mnist" in e["path"]]
    final = tf2lint("--baseline", "tf2lint-baseline.json", "src", cwd=project)
    assert (final.returncode, final.stdout) == (0, "")
    assert "0 baselined findings fixed" in final.stderr


def test_the_file_is_stable_sorted_json_with_one_finding_per_line(project: Path) -> None:
    tf2lint("--write-baseline", "b.json", "src", cwd=project)
    first = (project / "b.json").read_bytes()
    tf2lint("--write-baseline", "b.json", "src", cwd=project)
    assert (project / "b.json").read_bytes() == first
    text = first.decode("utf-8")
    data = json.loads(text)
    assert data["version"] == 1 and data["tool"] == "tf2lint"
    found = data["findings"]
    keys = [(e["path"], e["code"], e["text"], e["occurrence"]) for e in found]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    body = [line for line in text.splitlines() if line.startswith("    {")]
    assert len(body) == len(found)
    assert all(json.loads(line.rstrip(",")) in found for line in body)
    assert not any("line" in entry for entry in found)  # never keyed on the line number
    assert {e["path"] for e in found} >= {"src/explore.ipynb", "src/examples/mnist_v1.py"}


def test_identical_lines_are_told_apart_by_occurrence(tmp_path: Path) -> None:
    code = "import tensorflow as tf\na = tf.Session()\nb = tf.Session()\n"
    (tmp_path / "m.py").write_text(code, encoding="utf-8")
    tf2lint("--write-baseline", "b.json", "m.py", cwd=tmp_path)
    assert [(e["text"], e["occurrence"], e["context"]) for e in entries(tmp_path / "b.json")] == [
        ("tf.Session", 0, "a = tf.Session()"),
        ("tf.Session", 1, "b = tf.Session()"),
    ]
    (tmp_path / "m.py").write_text(code + "c = tf.Session()\n", encoding="utf-8")
    result = tf2lint("--baseline", "b.json", "m.py", cwd=tmp_path)
    assert len(finding_lines(result)) == 1 and result.returncode == 1
    (tmp_path / "m.py").write_text("import tensorflow as tf\na = tf.Session()\n", encoding="utf-8")
    result = tf2lint("--baseline", "b.json", "m.py", cwd=tmp_path)
    assert result.returncode == 0 and "1 baselined finding fixed" in result.stderr


def test_config_key_and_partial_runs(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.tf2lint]\nbaseline = "ci/tf2lint-baseline.json"\n', encoding="utf-8")
    (project / "ci").mkdir()
    tf2lint("--write-baseline", "ci/tf2lint-baseline.json", "src", cwd=project)
    recorded = entries(project / "ci" / "tf2lint-baseline.json")
    assert recorded[0]["path"].startswith("../src/")  # relative to the baseline file, not the working directory
    assert tf2lint("src", cwd=project).returncode == 0  # the configured baseline applies
    assert tf2lint(".", cwd=project / "src").returncode == 0  # from another directory too
    # A run over one directory prunes only what it saw; deleting a file fixes its findings.
    shutil.rmtree(project / "src" / "models")
    partial = tf2lint("src/examples", cwd=project)
    assert partial.returncode == 0 and "0 baselined findings fixed" in partial.stderr
    whole = tf2lint("src", cwd=project)
    gone = sum(1 for e in recorded if e["path"].startswith("../src/models/"))
    assert f"{gone} baselined findings fixed" in whole.stderr
    tf2lint("--write-baseline", "ci/tf2lint-baseline.json", "src/examples", cwd=project)
    kept = entries(project / "ci" / "tf2lint-baseline.json")
    assert {e["path"] for e in kept} == {e["path"] for e in recorded if not e["path"].startswith("../src/models/")}


def test_fixing_and_diffing_with_a_baseline(tmp_path: Path) -> None:
    """Findings left after a fix are keyed on the fixed text, whether or not it is written yet."""
    (tmp_path / "m.py").write_text("import tensorflow as tf\ny = tf.log(x) + tf.Session()\n", encoding="utf-8")
    tf2lint("--write-baseline", "b.json", "m.py", cwd=tmp_path)
    assert [e["code"] for e in entries(tmp_path / "b.json")] == ["TF101", "TF901"]
    diff = tf2lint("--baseline", "b.json", "--diff", "m.py", cwd=tmp_path)
    assert "+y = tf.math.log(x) + tf.Session()" in diff.stdout
    assert "1 would be fixed, 1 baselined, 1 baselined finding fixed" in diff.stderr
    fixed = tf2lint("--baseline", "b.json", "--fix", "m.py", cwd=tmp_path)
    assert fixed.returncode == 0 and "1 baselined, 1 baselined finding fixed" in fixed.stderr
    recorded = tf2lint("--write-baseline", "b.json", "--fix", "m.py", cwd=tmp_path)
    assert recorded.returncode == 0
    assert [(e["code"], e["context"]) for e in entries(tmp_path / "b.json")] == [
        ("TF101", "y = tf.math.log(x) + tf.Session()")
    ]


def test_codes_no_longer_selected_do_not_count_as_fixed(project: Path) -> None:
    tf2lint("--write-baseline", "b.json", "src", cwd=project)
    result = tf2lint("--baseline", "b.json", "--select", "TF1", "src", cwd=project)
    assert result.returncode == 0 and "0 baselined findings fixed" in result.stderr


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ("--baseline", "missing.json"), "cannot read baseline missing.json"),
        ("b.json:{not json", ("--baseline", "b.json"), "baseline b.json is not JSON"),
        ('b.json:{"version": 7, "findings": []}', ("--baseline", "b.json"), "not a tf2lint baseline"),
        ('b.json:{"version": 1, "findings": [{"path": "m.py"}]}', ("--baseline", "b.json"), "malformed finding"),
        ("pyproject.toml:[tool.tf2lint]\nbaseline = 3\n", (), "baseline: expected a string"),
        (None, ("--baseline", "a.json", "--write-baseline", "b.json"), "not allowed with argument"),
    ],
)
def test_bad_baselines_are_one_line_errors(
    tmp_path: Path, setup: str | None, args: tuple[str, ...], message: str
) -> None:
    (tmp_path / "m.py").write_text("import tensorflow as tf\ntf.Session()\n", encoding="utf-8")
    if setup:
        name, _, content = setup.partition(":")
        (tmp_path / name).write_text(content, encoding="utf-8")
    result = tf2lint(*args, "m.py", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and message in result.stderr.strip().splitlines()[-1]


def test_unwritable_baseline_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("import tensorflow as tf\ntf.Session()\n", encoding="utf-8")
    result = tf2lint("--write-baseline", "no/such/dir/b.json", "m.py", cwd=tmp_path)
    assert result.returncode == 2 and "cannot write baseline" in result.stderr


def test_flagged_text_uses_pythons_line_model() -> None:
    # \x1c and \x0c split lines for str.splitlines but not for Python.
    text = "# a\x1cb\x0cc\r\nsess = tf.Session(  \\\n  )\r"
    lines = python_lines(text)
    assert lines[0] == "# a\x1cb\x0cc" and len(lines) == 4
    finding = Finding(Diagnostic(2, 7, 2, 17, "TF101", "m"))
    assert flagged_text(lines, finding) == "tf.Session"
    spanning = Finding(Diagnostic(2, 7, 3, 3, "TF101", "m"))
    assert flagged_text(lines, spanning) == "tf.Session( )"
    assert flagged_text(lines, Finding(Diagnostic(9, 0, 9, 1, "TF101", "fallback"))) == "fallback"


def test_sarif_partial_fingerprints_match_the_baseline_and_survive_moves(project: Path) -> None:
    def sarif() -> list[dict]:
        result = tf2lint("--format", "sarif", "src/examples", cwd=project)
        return json.loads(result.stdout)["runs"][0]["results"]

    before = sarif()
    prints = [r["partialFingerprints"]["tf2lint/v1"] for r in before]
    assert len(set(prints)) == len(prints)  # unique within the file
    tf2lint("--write-baseline", "b.json", "src/examples", cwd=project)
    assert sorted(prints) == sorted(
        fingerprint(e["code"], e["text"], e["occurrence"]) for e in entries(project / "b.json")
    )
    script = project / "src" / "examples" / "mnist_v1.py"
    script.write_text("\n\n# moved\n" + script.read_text(encoding="utf-8"), encoding="utf-8")
    after = sarif()
    assert [r["partialFingerprints"] for r in after] == [r["partialFingerprints"] for r in before]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] + 3 for r in before
    ]


TFLEARN = "tflearn==0.3.2"  # a TF 1.x-era library (2017): a real code base, 65 files, ~600 findings


@pytest.mark.slow
def test_on_a_real_tf1_code_base(tmp_path: Path) -> None:
    download = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--no-binary",
            ":all:",
            TFLEARN,
            "-d",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    archives = list(tmp_path.glob("tflearn-*.tar.gz"))
    if download.returncode != 0 or not archives:
        pytest.skip(f"cannot download {TFLEARN} from the package index: {download.stderr.strip()[-200:]}")
    with tarfile.open(archives[0]) as archive:
        archive.extractall(tmp_path, filter="data")
    tree = next(p for p in tmp_path.iterdir() if p.is_dir()).name
    total = len(finding_lines(tf2lint(tree, cwd=tmp_path)))
    assert total > 300
    for name in ("r.html", "r.md", "r.json"):  # the report's totals are the linter's
        assert tf2lint("report", tree, "-o", name, cwd=tmp_path).returncode == 0
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["totals"]["findings"] == total
    assert f'id="total-findings">{total}<' in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert f"| **All findings** | **{total}** | |" in (tmp_path / "r.md").read_text(encoding="utf-8")
    assert data["root_causes"] and data["totals"]["categories"]["semantic"] > 0
    assert tf2lint("--write-baseline", "b.json", tree, cwd=tmp_path).returncode == 0
    assert tf2lint("--baseline", "b.json", tree, cwd=tmp_path).returncode == 0
    for path in sorted((tmp_path / tree).rglob("*.py")):  # insert lines at the top of every file
        text = path.read_text(encoding="utf-8")
        path.write_text("# header added in a later commit\n\n" + text, encoding="utf-8")
    layers = tmp_path / tree / "tflearn" / "layers" / "core.py"
    layers.write_text(layers.read_text(encoding="utf-8") + "\n_session = tf.Session()\n", encoding="utf-8")
    result = tf2lint("--baseline", "b.json", tree, cwd=tmp_path)
    assert result.returncode == 1
    assert len(finding_lines(result)) == 1 and "TF101" in result.stdout
    assert "1 finding (1 more fixable with --compat-fixes), " in result.stderr
    assert "0 baselined findings fixed" in result.stderr
