"""One root cause reported once, one finding per construct (issue 11 items 16 and 17).

Everything runs through the real command (and flake8 and pylint where they must agree).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import flake8_findings, pylint_findings

from tf2lint.grouping import Grouping
from tf2lint.lint import lint_source

SLIM_IMPORT = "import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n\n" + "".join(
    f"net = slim.conv2d(net, {n}, [3, 3])\n" for n in range(67)
)
SLIM_ALIAS = (
    "import tensorflow as tf\nslim = tf.contrib.slim\n\n"
    "net = slim.conv2d(x, 64, [3, 3])\nnet = slim.max_pool2d(net, 2)\n"
)
FLAGS_COMPAT = "import tensorflow.compat.v1 as tf\nflags = tf.flags\nFLAGS = flags.FLAGS\n" + "".join(
    f'flags.DEFINE_string("f{n}", "", "")\n' for n in range(131)
)
VARIABLE_SCOPE = "import tensorflow as tf\nwith tf.variable_scope(name, reuse=tf.AUTO_REUSE):\n    pass\n"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tf2lint", *args], check=False, capture_output=True, text=True, cwd=cwd
    )


def records(path: Path, *args: str) -> list[dict]:
    result = run("--format", "json", *args, str(path))
    assert result.returncode in (0, 1), result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def write(tmp_path: Path, text: str, name: str = "model.py") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_imported_module_is_reported_once_with_its_uses(tmp_path: Path) -> None:
    found = records(write(tmp_path, SLIM_IMPORT))
    assert [(r["line"], r["code"]) for r in found] == [(2, "TF701")]
    assert found[0]["message"].endswith("; 67 uses in this file")
    assert [(r["line"], r["column"]) for r in found[0]["related"]] == [(4 + n, 7) for n in range(67)]


def test_an_alias_assignment_is_reported_the_same_way(tmp_path: Path) -> None:
    found = records(write(tmp_path, SLIM_ALIAS))
    assert [(r["line"], r["column"], r["code"]) for r in found] == [(2, 8, "TF701")]
    assert found[0]["message"].endswith("; 2 uses in this file")
    assert [r["line"] for r in found[0]["related"]] == [4, 5]


def test_a_compat_alias_is_one_finding_not_one_per_line(tmp_path: Path) -> None:
    found = records(write(tmp_path, FLAGS_COMPAT))
    assert [(r["line"], r["code"]) for r in found] == [(1, "TF001"), (2, "TF003")]
    assert found[1]["message"].endswith("; 132 uses in this file")  # FLAGS = flags.FLAGS and 131 DEFINEs


def test_report_uses_gives_every_line(tmp_path: Path) -> None:
    path = write(tmp_path, SLIM_IMPORT)
    found = records(path, "--report-uses")
    assert [r["line"] for r in found] == [2, *range(4, 71)]
    assert not any("uses in this file" in r["message"] for r in found)
    assert all(r["related"] == [] for r in found)
    alias = records(write(tmp_path, SLIM_ALIAS, "alias.py"), "--report-uses")
    assert [r["line"] for r in alias] == [2, 4, 5]


def test_report_uses_from_pyproject(tmp_path: Path) -> None:
    write(tmp_path, SLIM_ALIAS)
    (tmp_path / "pyproject.toml").write_text("[tool.tf2lint]\nreport-uses = true\n", encoding="utf-8")
    result = run("model.py", cwd=tmp_path)
    assert [line.split(":")[1] for line in result.stdout.splitlines()] == ["2", "4", "5"]


def test_report_uses_must_be_a_boolean(tmp_path: Path) -> None:
    write(tmp_path, SLIM_ALIAS)
    (tmp_path / "pyproject.toml").write_text('[tool.tf2lint]\nreport-uses = "yes"\n', encoding="utf-8")
    result = run("model.py", cwd=tmp_path)
    assert result.returncode == 2
    assert "report-uses" in result.stderr and "Traceback" not in result.stderr


def test_sarif_lists_the_uses_as_related_locations(tmp_path: Path) -> None:
    path = write(tmp_path, SLIM_ALIAS)
    log = json.loads(run("--format", "sarif", str(path)).stdout)
    (result,) = log["runs"][0]["results"]
    related = result["relatedLocations"]
    assert [item["id"] for item in related] == [1, 2]
    assert [item["physicalLocation"]["region"]["startLine"] for item in related] == [4, 5]
    assert all(item["physicalLocation"]["artifactLocation"]["uri"] == path.as_posix() for item in related)
    assert all(item["message"]["text"] for item in related)


def test_uses_that_stand_alone_are_still_reported(tmp_path: Path) -> None:
    text = (
        "import tensorflow as tf\n"
        "if hasattr(tf, 'contrib'):\n    slim = tf.contrib.slim\n"  # a feature test: the binding is silent
        "slim.conv2d(x, 3, 3)\n"
        "from tensorflow import log\n"
        "log(2.0)\n"
    )
    found = records(write(tmp_path, text))
    lines = [(r["line"], r["code"]) for r in found]
    assert (4, "TF701") in lines  # its binding is not reported, so the use is
    assert (5, "TF901") in lines and (6, "TF901") not in lines  # a use of a renamed import is filed under it


def test_a_use_with_a_different_finding_is_its_own_finding(tmp_path: Path) -> None:
    text = "import tensorflow.compat.v1 as tf\nsess = tf.Session()\nx = tf.placeholder(tf.float32)\n"
    found = records(write(tmp_path, text))
    assert [(r["line"], r["code"]) for r in found] == [(1, "TF001"), (2, "TF003"), (3, "TF003")]


def test_alias_chains_lead_to_the_first_binding(tmp_path: Path) -> None:
    text = "import tensorflow as tf\nslim = tf.contrib.slim\nnets = slim\nnets.conv2d(x, 3, 3)\n"
    found = records(write(tmp_path, text))
    assert [(r["line"], r["code"]) for r in found] == [(2, "TF701")]
    assert [r["line"] for r in found[0]["related"]] == [3, 4]


def test_a_more_specific_finding_on_a_use_is_its_own_finding(tmp_path: Path) -> None:
    text = "import tensorflow as tf\ncontrib = tf.contrib\nslim = contrib.slim\nslim.conv2d(x, 3, 3)\n"
    found = records(write(tmp_path, text))
    assert [(r["line"], r["code"]) for r in found] == [(2, "TF701"), (3, "TF701")]
    assert found[1]["message"].endswith("; 1 use in this file")


def test_one_finding_per_construct_with_all_the_advice(tmp_path: Path) -> None:
    (found,) = records(write(tmp_path, VARIABLE_SCOPE))
    assert (found["line"], found["column"], found["code"]) == (2, 6, "TF302")
    assert "reuse=" in found["message"] and "tf.AUTO_REUSE" in found["message"]
    assert [(r["column"], r["message"].split()[0]) for r in found["related"]] == [(30, "TF303"), (36, "TF302")]


def test_a_construct_part_can_still_be_selected_or_kept_alone(tmp_path: Path) -> None:
    path = write(tmp_path, VARIABLE_SCOPE)
    assert [(r["column"], r["code"]) for r in records(path, "--select", "TF303")] == [(30, "TF303")]
    assert [(r["column"], r["code"]) for r in records(path, "--ignore", "TF302")] == [(30, "TF303")]


def test_findings_with_a_fix_or_in_other_calls_are_not_merged(tmp_path: Path) -> None:
    text = (
        "import tensorflow as tf\n"
        "y = tf.nn.dropout(tf.placeholder(tf.float32), keep_prob=0.5)\n"  # inner call: its own construct
        "z = tf.reduce_sum(x, keep_dims=True, reduction_indices=[1])\n"
    )  # keyword fixes stay separate
    found = records(write(tmp_path, text))
    assert {(r["line"], r["code"]) for r in found} >= {(2, "TF201"), (2, "TF816")}
    assert len([r for r in found if r["line"] == 3]) == 2
    assert all(r["related"] == [] for r in found)


def test_fix_still_applies_under_grouping(tmp_path: Path) -> None:
    path = write(tmp_path, "import tensorflow as tf\nfrom tensorflow import log\ny = tf.log(x)\nz = tf.log(y)\n")
    result = run("--fix", str(path))
    expected = "import tensorflow as tf\nfrom tensorflow import log\ny = tf.math.log(x)\nz = tf.math.log(y)\n"
    assert path.read_text(encoding="utf-8") == expected
    assert result.returncode == 1  # the import itself is left for manual work


@pytest.mark.parametrize("text", [SLIM_IMPORT, SLIM_ALIAS, FLAGS_COMPAT, VARIABLE_SCOPE])
def test_flake8_pylint_and_the_engine_agree(text: str, tmp_path: Path) -> None:
    path = write(tmp_path, text)
    engine = {(d.line, d.col, d.code) for d in lint_source(text).diagnostics}
    assert flake8_findings([path])[path.resolve()] == engine
    assert pylint_findings([path])[path.resolve()] == engine
    cli = {(r["line"], r["column"] - 1, r["code"]) for r in records(path)}
    assert cli == engine


def test_the_count_reaches_flake8_users(tmp_path: Path) -> None:
    path = write(tmp_path, SLIM_ALIAS)
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "TF", str(path)], check=False, capture_output=True, text=True
    )
    assert result.stdout.count("\n") == 1 and "2 uses in this file" in result.stdout


def test_suppressing_the_binding_suppresses_its_uses(tmp_path: Path) -> None:
    path = write(tmp_path, SLIM_ALIAS.replace("slim = tf.contrib.slim\n", "slim = tf.contrib.slim  # noqa: TF701\n"))
    result = subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "TF", str(path)], check=False, capture_output=True, text=True
    )
    assert result.stdout == ""
    path = write(
        tmp_path,
        SLIM_ALIAS.replace("slim = tf.contrib.slim\n", "slim = tf.contrib.slim  # pylint: disable=tf1-contrib\n"),
    )
    assert pylint_findings([path])[path.resolve()] == set()


def test_the_scaling_benchmark_runs_on_a_tiny_input() -> None:
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "scaling_names.py"
    result = subprocess.run(
        [sys.executable, str(script), "--sizes", "5", "10", "--repeat", "1"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith(("| aliases", "| guards"))]
    assert len(rows) == 6 and all(row.count("|") == 5 for row in rows)
    assert sum("fitted:" in row for row in rows) == 2


@pytest.mark.parametrize(
    "path", sorted((Path(__file__).resolve().parent / "fixtures").glob("*.py")), ids=lambda p: p.name
)
def test_every_use_is_counted_exactly_once(path: Path) -> None:
    """Filing uses under their roots loses nothing: the counts add up to what --report-uses shows."""
    source = path.read_bytes()
    grouped = lint_source(source).diagnostics
    every = lint_source(source, grouping=Grouping(report_uses=True)).diagnostics
    assert len(every) == len(grouped) + sum(d.uses for d in grouped)
    positions = {(d.line, d.col) for d in every}
    assert {(r.line, r.col) for d in grouped for r in d.related if r.note.startswith("a use")} <= positions


@pytest.mark.parametrize(
    ("text", "column", "part"),
    [
        ("tf.logging.set_verbosity(tf.logging.INFO)\n", 1, "tf.logging.INFO is removed in TF 2.x"),
        ("ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)\n", 7, "tf.GraphKeys is removed in TF 2.x"),
    ],
)
def test_a_plain_argument_with_the_same_advice_joins_its_call(
    text: str, column: int, part: str, tmp_path: Path
) -> None:
    (found,) = records(write(tmp_path, "import tensorflow as tf\n" + text))
    assert found["column"] == column and found["message"].endswith("; also: " + part)
    assert len(found["related"]) == 1


def test_an_argument_with_other_advice_stays_its_own_finding(tmp_path: Path) -> None:
    text = (
        "import tensorflow as tf\n"
        "tf.logging.info(tf.GraphKeys.LOSSES)\n"  # TF803 call, TF311 argument: different advice
        "tf.logging.info(tf.get_collection(tf.GraphKeys.LOSSES))\n"
    )  # a call argument is its own construct
    found = records(write(tmp_path, text))
    assert [(r["line"], r["column"], r["code"]) for r in found] == [
        (2, 1, "TF803"),
        (2, 17, "TF311"),
        (3, 1, "TF803"),
        (3, 17, "TF311"),
    ]
