"""The tf2lint command's fixing, notebook, output, configuration and parallel features, run for real."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from sarif_pydantic import Sarif

DATA = Path(__file__).resolve().parent / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

OLD = """import tensorflow as T  # alias kept by fixes
x = T.placeholder(T.float32)
y = T.log(x)   # comment stays
s = T.reduce_sum(y,
                 keep_dims=True)  # layout stays
d = T.nn.dropout(x, keep_prob=a + b)
with T.gfile.GFile("f") as handle:
    pass
"""

FIXED = """import tensorflow as T  # alias kept by fixes
x = T.placeholder(T.float32)
y = T.math.log(x)   # comment stays
s = T.reduce_sum(y,
                 keepdims=True)  # layout stays
d = T.nn.dropout(x, rate=1 - (a + b))
with T.io.gfile.GFile("f") as handle:
    pass
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "tf2lint", *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_fix_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "old.py"
    path.write_text(OLD, encoding="utf-8")
    diff = run("--diff", str(path))
    assert diff.returncode == 1
    assert "-y = T.log(x)   # comment stays" in diff.stdout and "+y = T.math.log(x)   # comment stays" in diff.stdout
    assert path.read_text(encoding="utf-8") == OLD, "--diff must not write"

    fixed = run("--fix", str(path))
    assert path.read_text(encoding="utf-8") == FIXED
    assert fixed.returncode == 1  # the placeholder is left for manual work
    assert "4 fixed, 1 left (1 more fixable with --compat-fixes)" in fixed.stderr

    relint = run("--format", "json", str(path))
    codes = [json.loads(line)["code"] for line in relint.stdout.splitlines()]
    assert codes == ["TF201"]
    again = run("--fix", str(path))
    assert path.read_text(encoding="utf-8") == FIXED
    assert "0 fixed" in again.stderr


def test_fix_keeps_file_mode_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "old.py"
    path.write_text(OLD, encoding="utf-8")
    path.chmod(0o640)
    run("--fix", str(path))
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.py"]


def test_notebook_positions_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    shutil.copy(DATA / "v1_notebook.ipynb", path)
    result = run(str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == [
        f"{path}:cell 3:1:5: TF201 [*compat] tf.placeholder is removed in TF 2.x: pass tensors as function arguments "
        "(tf.function with an input_signature of tf.TensorSpec, or tf.keras.Input)",
        f"{path}:cell 3:2:5: TF901 [*] tf.log is renamed in TF 2.x: use tf.math.log",
        f"{path}:cell 5:1:22: TF811 [*] tf.reduce_sum(keep_dims=...) is removed in TF 2.x: use keepdims=",
    ]
    run("--fix", str(path))
    book = nbformat.read(path, as_version=4)
    assert book.cells[2].source == "x = tf.placeholder(tf.float32)\ny = tf.math.log(x)  # natural log\nfiles = !ls"
    assert book.cells[4].source == "s = tf.reduce_sum(y, keepdims=True)\ntf.Session?"
    assert book.cells[1].source.startswith("%matplotlib inline")
    assert book.cells[2].outputs[0]["text"] == "kept output\n" and book.cells[2].execution_count == 7
    assert book.metadata["kernelspec"]["name"] == "python3"
    assert [json.loads(line)["code"] for line in run("--format", "json", str(path)).stdout.splitlines()] == ["TF201"]


def test_broken_notebook_is_reported_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    (tmp_path / "old.py").write_text("import tensorflow as tf\ntf.Session()\n", encoding="utf-8")
    result = run(str(tmp_path))
    assert result.returncode == 1
    assert "broken.ipynb:1:1: E999 not a readable notebook" in result.stdout
    assert "TF101" in result.stdout


def test_json_lines_carry_every_field(tmp_path: Path) -> None:
    path = tmp_path / "old.py"
    path.write_text("import tensorflow as tf\ny = tf.log(x)\n", encoding="utf-8")
    record = json.loads(run("--format", "json", str(path)).stdout)
    assert record == {
        "path": str(path),
        "cell": None,
        "line": 2,
        "column": 5,
        "end_line": 2,
        "end_column": 11,
        "code": "TF901",
        "message": "tf.log is renamed in TF 2.x: use tf.math.log",
        "replacement": "tf.math.log",
        "fixable": True,
        "kind": "renamed",
        "applicability": "safe",
        "fix": [{"line": 2, "column": 5, "end_line": 2, "end_column": 11, "text": "tf.math.log"}],
        "url": "https://github.com/tf2lint/tf2lint/blob/main/rules.md#tf901",
        "related": [],
    }


def test_sarif_is_valid_and_complete(tmp_path: Path) -> None:
    path = tmp_path / "old.py"
    path.write_text("import tensorflow as tf\ny = tf.log(x)\nsess = tf.Session()\n", encoding="utf-8")
    result = run("--format", "sarif", str(path))
    log = Sarif.model_validate_json(result.stdout)
    run_ = log.runs[0]
    assert [r.rule_id for r in run_.results] == ["TF901", "TF101"]
    rule_ids = [rule.id for rule in run_.tool.driver.rules]
    assert "TF101" in rule_ids and "TF905" in rule_ids
    data = json.loads(result.stdout)
    first = data["runs"][0]["results"][0]
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2,
        "startColumn": 5,
        "endLine": 2,
        "endColumn": 11,
    }
    helps = {rule["id"]: rule["helpUri"] for rule in data["runs"][0]["tool"]["driver"]["rules"]}
    assert helps["TF101"].endswith("rules.md#tf101")


def test_github_annotations(tmp_path: Path) -> None:
    path = tmp_path / "old.py"
    path.write_text("import tensorflow as tf\nsess = tf.Session()\n", encoding="utf-8")
    out = run("--format", "github", str(path)).stdout
    assert out.startswith(
        f"::warning file={path},line=2,col=8,endLine=2,endColumn=18,title=TF101::tf.Session is removed"
    )


def test_select_ignore_statistics_exit_zero(tmp_path: Path) -> None:
    path = tmp_path / "old.py"
    path.write_text(
        "import tensorflow as tf\nsess = tf.Session()\nx = tf.placeholder(tf.float32)\n"
        "y = tf.compat.v1.placeholder(tf.float32)\n",
        encoding="utf-8",
    )
    only = run("--select", "TF2", str(path))
    assert [line.split(": ")[1].split()[0] for line in only.stdout.splitlines()] == ["TF201"]
    ignored = run("--ignore", "TF1,TF0", str(path))
    assert "TF101" not in ignored.stdout and "TF003" not in ignored.stdout and "TF201" in ignored.stdout
    specific = run("--select", "TF", "--ignore", "TF2", str(path))
    assert "TF201" not in specific.stdout and "TF101" in specific.stdout
    no_compat = run("--no-compat", str(path))
    assert "TF003" not in no_compat.stdout
    stats = run("--statistics", "--exit-zero", str(path))
    assert stats.returncode == 0
    assert "1     TF101 Sessions [fixable: 1 compat]\n" in stats.stdout  # the rule title, not one finding's message


def test_pyproject_configuration_and_flags_override(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.tf2lint]\nignore = ["TF101"]\nextend-exclude = ["vendored"]\n'
        'per-file-ignores = { "tests/*" = ["TF201"] }\nreport-compat = false\n',
        encoding="utf-8",
    )
    source = "import tensorflow as tf\nsess = tf.Session()\nx = tf.placeholder(tf.float32)\ntf.compat.v1.Session()\n"
    for name in ("src/a.py", "tests/test_a.py", "vendored/b.py"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(source, encoding="utf-8")
    result = run(".", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert lines == [
        "src/a.py:3:5: TF201 [*compat] tf.placeholder is removed in TF 2.x: pass tensors as function arguments "
        "(tf.function with an input_signature of tf.TensorSpec, or tf.keras.Input)"
    ]
    override = run("--ignore", "", "--select", "TF1", ".", cwd=tmp_path)
    assert [line.split(":")[0] for line in override.stdout.splitlines()] == ["src/a.py", "tests/test_a.py"]


def test_bad_configuration_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.tf2lint]\nselcet = ['TF1']\n", encoding="utf-8")
    result = run(".", cwd=tmp_path)
    assert result.returncode == 2 and "selcet" in result.stderr


def test_gitignored_and_default_excluded_paths_are_skipped(tmp_path: Path) -> None:
    source = "import tensorflow as tf\nsess = tf.Session()\n"
    (tmp_path / ".gitignore").write_text("generated/\n*_pb2.py\n", encoding="utf-8")
    for name in ("keep.py", "generated/g.py", "model_pb2.py", ".venv/lib/x.py", "sub/deep.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source, encoding="utf-8")
    result = run(".", cwd=tmp_path)
    assert sorted(line.split(":")[0] for line in result.stdout.splitlines()) == ["keep.py", "sub/deep.py"]


def test_parallel_output_is_deterministic(tmp_path: Path) -> None:
    for index in range(40):
        shutil.copy(FIXTURES / "training_script.py", tmp_path / f"m{index:02}.py")
    single = run("--jobs", "1", str(tmp_path))
    parallel = run("--jobs", "2", str(tmp_path))
    assert single.returncode == parallel.returncode == 1
    assert single.stdout == parallel.stdout
    assert len(single.stdout.splitlines()) == 40 * len(run(str(FIXTURES / "training_script.py")).stdout.splitlines())


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_every_format_handles_unparsable_files(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "bad.py").write_text("import tensorflow as tf\ndef f(:\n", encoding="utf-8")
    result = run("--format", fmt, str(tmp_path))
    assert result.returncode == 1
    assert "bad.py" in result.stdout


def test_progress_on_a_terminal_only(tmp_path: Path) -> None:
    import pty

    for index in range(210):
        (tmp_path / f"m{index:03}.py").write_text("x = 1\n", encoding="utf-8")
    piped = run("--jobs", "1", str(tmp_path))
    assert "files" not in piped.stderr.replace("0 findings", "")
    primary, secondary = pty.openpty()
    process = subprocess.run(
        [sys.executable, "-m", "tf2lint", "--jobs", "1", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=secondary,
        text=True,
    )
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    assert process.returncode == 0
    assert b"tf2lint: 210/210 files" in seen


def test_notebook_cell_with_a_syntax_error_is_reported_and_the_rest_linted(tmp_path: Path) -> None:
    book = nbformat.v4.new_notebook()
    book.cells = [
        nbformat.v4.new_code_cell("import tensorflow as tf"),
        nbformat.v4.new_code_cell("def broken(:\n    pass"),
        nbformat.v4.new_code_cell("sess = tf.Session()"),
    ]
    path = tmp_path / "nb.ipynb"
    nbformat.write(book, path)
    lines = run(str(path)).stdout.splitlines()
    assert lines[0].startswith(f"{path}:cell 2:1:") and " E999 syntax error" in lines[0]
    assert lines[1].startswith(f"{path}:cell 3:1:8: TF101 ")
