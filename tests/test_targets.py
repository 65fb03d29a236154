"""``--target`` means what it says: every 2.x minor release is its own answer, in all three front-ends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tf2lint.api_table import GONE, PRESENT, ApiTable, load_data
from tf2lint.lint import get_catalogue, lint_source
from tf2lint.target import TargetError, parse_target

OLD = "import tensorflow as tf\nest = tf.estimator.Estimator(model_fn)\nh = tf.compat.v1.layers.dense(x, 3)\n"
NEWEST = int(load_data()["versions"][-1].split(".")[1])
KERAS_3_TARGETS = [f"2.{minor}" for minor in range(16, NEWEST + 1)]


def run(module: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


def gone_lines(module: str, target: str, cwd: Path) -> set[int]:
    """Lines of old.py reported as gone (not merely "still on compat") by one front-end."""
    if module == "tf2lint":
        result = run("tf2lint", "--target", target, "old.py", cwd=cwd)
        found = [line.split(":") for line in result.stdout.splitlines() if line.startswith("old.py:")]
        return {int(parts[1]) for parts in found if not parts[3].strip().startswith("TF0")}
    if module == "flake8":
        result = run("flake8", "--isolated", "--select=TF", f"--tf-target={target}", "old.py", cwd=cwd)
        found = [line.split(":") for line in result.stdout.splitlines()]
        return {int(parts[1]) for parts in found if not parts[3].strip().startswith("TF0")}
    result = run(
        "pylint",
        "--load-plugins=tf2lint.pylint_plugin",
        "--disable=all",
        "--enable=keras3-estimator,tf1-layers-module,tf1-layers-function",
        "--persistent=n",
        "--score=n",
        f"--tf-target={target}",
        "--msg-template={line}:{symbol}",
        "old.py",
        cwd=cwd,
    )
    return {int(line.split(":")[0]) for line in result.stdout.splitlines() if line[:1].isdigit()}


@pytest.mark.parametrize("module", ["tf2lint", "flake8", "pylint"])
def test_estimator_and_compat_layers_are_gone_from_2_16_on_in_every_front_end(tmp_path: Path, module: str) -> None:
    (tmp_path / "old.py").write_text(OLD, encoding="utf-8")
    for target in KERAS_3_TARGETS:
        assert gone_lines(module, target, tmp_path) == {2, 3}, target
    assert gone_lines(module, "2.15", tmp_path) == set()


def test_every_minor_release_is_its_own_answer() -> None:
    data = load_data()
    for version in data["versions"]:
        minor = ".".join(version.split(".")[:2])
        assert ApiTable(data, minor).target == version
        assert ApiTable(data, version).target == version
    assert ApiTable(data, "2.16.1").target == ApiTable(data, "2.16.0").target == "2.16.1"
    # answers differ where TF changed: tf.estimator lasts until 2.15, compat.v1.layers too
    assert ApiTable(data, "2.15").status("estimator").kind == PRESENT
    assert ApiTable(data, "2.16").status("estimator").kind == GONE
    assert ApiTable(data, "2.10").status("layers.dense").kind != GONE
    assert ApiTable(data).target == data["versions"][-1]  # default: the newest release


@pytest.mark.parametrize("value", ["2.22", "2.99", "1.15", "3.0", "2", "banana", "2.16.x"])
def test_a_release_outside_the_table_is_an_error(value: str) -> None:
    with pytest.raises(TargetError):
        parse_target(value)


def test_out_of_range_target_is_the_same_usage_error_in_all_three_front_ends(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text(OLD, encoding="utf-8")
    cli = run("tf2lint", "--target", "2.99", "old.py", cwd=tmp_path)
    flake8 = run("flake8", "--isolated", "--select=TF", "--tf-target=2.99", "old.py", cwd=tmp_path)
    pylint = run(
        "pylint", "--load-plugins=tf2lint.pylint_plugin", "--persistent=n", "--tf-target=2.99", "old.py", cwd=tmp_path
    )
    assert (cli.returncode, flake8.returncode, pylint.returncode) == (2, 2, 32)
    expected = f"'2.99' is not a TensorFlow release tf2lint knows (known: 2.0 to 2.{NEWEST}, or 'latest')"
    for result in (cli, flake8, pylint):
        assert "Traceback" not in result.stderr
        assert [line for line in result.stderr.splitlines() if expected in line], result.stderr


def test_table_loads_fast_and_stays_small() -> None:
    path = Path(__file__).resolve().parent.parent / "tf2lint" / "data" / "tf_api.json"
    assert path.stat().st_size < 200_000  # change points, not one copy per release


def test_engine_findings_follow_the_target() -> None:
    on_215 = {d.code for d in lint_source(OLD, get_catalogue("2.15")).diagnostics}
    on_216 = {d.code for d in lint_source(OLD, get_catalogue("2.16")).diagnostics}
    assert on_215 == {"TF003"} and {"TFK106", "TF401"} <= on_216
