"""Fix tiers, as ruff has them (issue 14): ``--fix`` applies safe fixes only, ``--unsafe-fixes`` and
``--compat-fixes`` add theirs, held-back fixes are counted, and every output format shows the tier.
Everything runs the real command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tf2lint.rules import ALL_RULES

FLAGS = {"fixed": [], "unsafe": ["--unsafe-fixes"], "compat": ["--compat-fixes"]}


def run(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tf2lint", *args], capture_output=True, text=True, cwd=cwd, input=stdin, check=False
    )


def _examples(field: str) -> list[tuple[str, str, str]]:
    """(name, source, expected) for every rule example that documents this tier's fixed text."""
    found = []
    for rule in ALL_RULES:
        for index, example in enumerate(rule.invalid):
            expected = getattr(example, field)
            if field == "unsafe" and expected is None:
                expected = example.fixed  # no unsafe fix: --unsafe-fixes still applies the safe one
            if expected is not None:
                found.append((f"{rule.code}_{index}", example.source, expected))
    return found


@pytest.mark.parametrize("field", ["fixed", "unsafe", "compat"])
def test_every_documented_fix_is_what_the_command_writes(field: str, tmp_path: Path) -> None:
    """Each rule example's fixed text for a tier, through ``tf2lint --fix`` with that tier's flag;
    each fixed file compiles, and a second run changes nothing."""
    cases = _examples(field)
    assert cases
    for name, source, _ in cases:
        (tmp_path / f"{name}.py").write_bytes(source.encode("utf-8"))  # line endings as written
    run("--fix", "--exit-zero", "--jobs", "1", *FLAGS[field], str(tmp_path))
    for name, _, expected in cases:
        text = (tmp_path / f"{name}.py").read_bytes().decode("utf-8")
        assert text == expected, name
        compile(text, name, "exec")
    again = run("--fix", "--exit-zero", "--jobs", "1", *FLAGS[field], str(tmp_path))
    assert again.stderr.startswith("0 fixed"), again.stderr
    for name, _, expected in cases:
        assert (tmp_path / f"{name}.py").read_bytes().decode("utf-8") == expected, name


def test_an_unsafe_fix_is_held_back_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "old.py"
    path.write_text("import tensorflow as tf\ny = tf.log(tf.to_float(x))\n", encoding="utf-8")
    listed = run(str(path))
    assert listed.stdout.splitlines() == [
        f"{path}:2:5: TF901 [*] tf.log is renamed in TF 2.x: use tf.math.log",
        f"{path}:2:12: TF806 [*unsafe] tf.to_float is removed in TF 2.x: use tf.cast(x, tf.float32)",
    ]
    assert listed.stderr == "2 findings (1 fixable with --fix, 1 more fixable with --unsafe-fixes)\n"
    fixed = run("--fix", str(path))
    assert path.read_text() == "import tensorflow as tf\ny = tf.math.log(tf.to_float(x))\n"
    assert fixed.stderr.endswith("1 fixed, 1 left (1 more fixable with --unsafe-fixes)\n")
    assert fixed.returncode == 1
    fixed = run("--fix", "--unsafe-fixes", str(path))
    assert path.read_text() == "import tensorflow as tf\ny = tf.math.log(tf.cast(x, tf.float32))\n"
    assert fixed.stderr == "1 fixed, 0 left\n" and fixed.returncode == 0


def test_config_keys_enable_the_tiers_and_flags_override_them(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.tf2lint]\nunsafe-fixes = true\ncompat-fixes = true\n")
    source = "import tensorflow as tf\ns = tf.Session()\ny = tf.py_func(f, [x], tf.float32)\n"
    path = tmp_path / "old.py"
    path.write_text(source)
    nothing = run("--diff", "--no-unsafe-fixes", "--no-compat-fixes", "old.py", cwd=tmp_path)
    assert nothing.stdout == ""
    assert nothing.stderr == (
        "0 would be fixed (1 more fixable with --unsafe-fixes, 1 more fixable with --compat-fixes)\n"
    )
    diff = run("--diff", "--no-unsafe-fixes", "old.py", cwd=tmp_path)  # compat only: py_func through compat.v1
    assert "+s = tf.compat.v1.Session()" in diff.stdout and "+y = tf.compat.v1.py_func(" in diff.stdout
    assert diff.stderr == "2 would be fixed\n"
    run("--fix", "old.py", cwd=tmp_path)
    assert path.read_text() == (
        "import tensorflow as tf\ns = tf.compat.v1.Session()\ny = tf.numpy_function(f, [x], tf.float32)\n"
    )
    (tmp_path / "pyproject.toml").write_text("[tool.tf2lint]\nunsafe-fixes = 1\n")
    bad = run("old.py", cwd=tmp_path)
    assert bad.returncode == 2 and "unsafe-fixes" in bad.stderr and "Traceback" not in bad.stderr


def test_json_and_sarif_carry_the_fix_and_its_applicability(tmp_path: Path) -> None:
    path = tmp_path / "old.py"
    path.write_text("import tensorflow as tf\ns = tf.Session()\ny = tf.log(x)\nz = tf.layers.dense(x, 3)\n")
    records = [json.loads(line) for line in run("--format", "json", str(path)).stdout.splitlines()]
    assert [(r["code"], r["applicability"], r["kind"], bool(r["fix"])) for r in records] == [
        ("TF101", "compat", "removed-with-recipe", True),
        ("TF901", "safe", "renamed", True),
        ("TF401", None, "replaced", False),
    ]
    assert records[0]["fix"] == [
        {"line": 2, "column": 5, "end_line": 2, "end_column": 15, "text": "tf.compat.v1.Session"}
    ]
    sarif = json.loads(run("--format", "sarif", str(path)).stdout)
    results = sarif["runs"][0]["results"]
    assert [r.get("properties", {}).get("applicability") for r in results] == ["compat", "safe", None]
    assert results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {
        "text": "tf.compat.v1.Session"
    }
    assert "fixes" not in results[2]


def test_statistics_count_fixes_per_tier(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text(
        "import tensorflow as tf\na = tf.log(x)\nb = tf.log(tf.to_float(x))\ns = tf.Session()\n"
    )
    lines = run("--statistics", "--exit-zero", "old.py", cwd=tmp_path).stdout.splitlines()
    stats = [line for line in lines if not line.startswith("old.py")]
    assert stats == [
        "1     TF101 Sessions [fixable: 1 compat]",
        "1     TF806 tf.to_float and its siblings [fixable: 1 unsafe]",
        "2     TF901 Renamed in TF 2.x [fixable: 2 safe]",
    ]


# -- --compat-fixes ---------------------------------------------------------------------------------

COMPAT_CASES = [
    # the file's alias is kept
    (
        "import tensorflow as T\nsess = T.Session()\nx = T.placeholder(T.float32)\n",
        "import tensorflow as T\nsess = T.compat.v1.Session()\nx = T.compat.v1.placeholder(T.float32)\n",
    ),
    # from-imports name the compat module
    (
        "from tensorflow import placeholder\nx = placeholder('float')\n",
        "from tensorflow.compat.v1 import placeholder\nx = placeholder('float')\n",
    ),
    ("from tensorflow.train import Saver  # keep\n", "from tensorflow.compat.v1.train import Saver  # keep\n"),
    # a call and a plain argument with the same advice: one finding, one fix
    (
        "import tensorflow as tf\ntf.logging.set_verbosity(tf.logging.INFO)\n",
        "import tensorflow as tf\ntf.compat.v1.logging.set_verbosity(tf.compat.v1.logging.INFO)\n",
    ),
    (
        "import tensorflow as tf\nFLAGS = tf.app.flags.FLAGS\nprint(FLAGS.data)\n",
        "import tensorflow as tf\nFLAGS = tf.compat.v1.app.flags.FLAGS\nprint(FLAGS.data)\n",
    ),
    # names with an unsafe fix take the compat spelling when only --compat-fixes is given
    (
        "import tensorflow as tf\ny = tf.to_float(x)\ntf.logging.info('x')\n",
        "import tensorflow as tf\ny = tf.compat.v1.to_float(x)\ntf.compat.v1.logging.info('x')\n",
    ),
]


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
def test_an_added_import_takes_the_line_ending_of_its_anchor(ending: str, tmp_path: Path) -> None:
    path = tmp_path / "old.py"
    lines = ["import tensorflow as tf  # TF 1", "FLAGS = tf.app.flags.FLAGS", "tf.app.run(main)"]
    path.write_bytes(ending.join([*lines, ""]).encode())
    run("--fix", "--unsafe-fixes", str(path))
    assert path.read_bytes().decode() == ending.join(
        [
            "import tensorflow as tf  # TF 1",
            "import absl.flags",
            "import absl.app",
            "FLAGS = absl.flags.FLAGS",
            "absl.app.run(main)",
            "",
        ]
    )


def test_unsafe_fixes_win_over_compat_fixes_when_both_are_given(tmp_path: Path) -> None:
    path = tmp_path / "old.py"
    path.write_text(
        "import tensorflow as tf\ny = tf.to_float(x)\ntf.logging.info('x')\ns = tf.Session()\n"
        "tf.logging.TaskLevelStatusMessage('x')\n"
    )
    run("--fix", "--unsafe-fixes", "--compat-fixes", str(path))
    assert path.read_text() == (
        "import tensorflow as tf\nimport absl.logging\ny = tf.cast(x, tf.float32)\n"
        "absl.logging.info('x')\ns = tf.compat.v1.Session()\n"
        "tf.compat.v1.logging.TaskLevelStatusMessage('x')\n"
    )


@pytest.mark.parametrize(("source", "expected"), COMPAT_CASES)
def test_compat_fixes_spell_the_name_through_compat_v1(source: str, expected: str, tmp_path: Path) -> None:
    path = tmp_path / "old.py"
    path.write_text(source)
    run("--fix", str(path))
    assert path.read_text() == source  # not without --compat-fixes
    run("--fix", "--compat-fixes", str(path))
    assert path.read_text() == expected
    after = run(str(path))
    assert after.returncode == 1 and "TF0" in after.stdout  # the compat use is still reported
    assert "[*compat]" not in after.stdout


@pytest.mark.parametrize(
    "source",
    [
        "import tensorflow.compat.v1 as tf\ns = tf.Session()\n",  # already through compat.v1: never made plain
        "from tensorflow.compat.v1 import placeholder\n",
        "import tensorflow as tf\ny = tf.layers.dense(x, 3)\n",  # gone from compat.v1 under Keras 3 too
        "import tensorflow as tf\ny = tf.contrib.layers.flatten(x)\n",
        "from tensorflow import placeholder, Session\n",  # a shared import statement is left alone
    ],
)
def test_compat_fixes_leave_alone_what_they_cannot_make_run(source: str, tmp_path: Path) -> None:
    path = tmp_path / "old.py"
    path.write_text(source)
    run("--fix", "--compat-fixes", "--unsafe-fixes", str(path))
    assert path.read_text() == source


def test_compat_fixes_know_the_target(tmp_path: Path) -> None:
    """tf.layers is still in compat.v1 on 2.15 (Keras 2), not on the newest release."""
    path = tmp_path / "old.py"
    path.write_text("import tensorflow as tf\ny = tf.layers.dense(x, 3)\n")
    run("--fix", "--compat-fixes", "--target", "2.15", str(path))
    assert path.read_text() == "import tensorflow as tf\ny = tf.compat.v1.layers.dense(x, 3)\n"


def test_notebooks_take_the_same_tiers(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    book = nbformat.v4.new_notebook()
    book.cells = [
        nbformat.v4.new_code_cell("import tensorflow as tf"),
        nbformat.v4.new_code_cell("s = tf.Session()\ny = tf.to_float(x)"),
    ]
    path = tmp_path / "nb.ipynb"
    nbformat.write(book, path)
    run("--fix", str(path))
    assert nbformat.read(path, as_version=4).cells[1].source == "s = tf.Session()\ny = tf.to_float(x)"
    run("--fix", "--compat-fixes", "--unsafe-fixes", str(path))
    assert nbformat.read(path, as_version=4).cells[1].source == "s = tf.compat.v1.Session()\ny = tf.cast(x, tf.float32)"
