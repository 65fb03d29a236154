"""The tf2lint command, run for real as a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tf2lint", *args], capture_output=True, text=True, cwd=cwd)


def test_clean_file_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("import tensorflow as tf\ny = tf.math.log(2.0)\n")
    result = run(str(tmp_path / "ok.py"))
    assert result.returncode == 0 and result.stdout == ""


def test_findings_exit_one_with_flake8_style_lines(tmp_path: Path) -> None:
    (tmp_path / "old.py").write_text("import tensorflow as tf\nsess = tf.Session()\n")
    result = run(str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'old.py'}:2:8: TF101 [*compat] tf.Session is removed in TF 2.x: "
        "run eagerly, or wrap the computation in tf.function"
    ]


def test_syntax_error_is_reported_and_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a_broken.py").write_text("import tensorflow as tf\nprint 'x'\n")
    (tmp_path / "b_old.py").write_text("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n")
    result = run(str(tmp_path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'a_broken.py'}:2:") and "E999" in lines[0]
    assert "TF201" in lines[1]


def test_files_that_never_mention_tensorflow_are_not_parsed(tmp_path: Path) -> None:
    """A module that never spells ``tensorflow`` cannot import it: tf2lint skips it unparsed, so
    its syntax errors are left to Python and the other linters (only TF files are E999)."""
    (tmp_path / "plain.py").write_text("print 'x'\n")
    (tmp_path / "tf_broken.py").write_text("import tensorflow\nprint 'x'\n")
    result = run(str(tmp_path))
    assert result.returncode == 1
    findings = [line for line in result.stdout.splitlines() if line.startswith(str(tmp_path))]
    assert len(findings) == 1 and findings[0].startswith(f"{tmp_path / 'tf_broken.py'}:2:1: E999 "), result.stdout
    assert run(str(tmp_path / "plain.py")).returncode == 0


def test_usage_error_exits_two() -> None:
    assert run().returncode == 2
    assert run("--target", "1.0", "x.py").returncode == 2


def test_missing_file_exits_two(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.py"))
    assert result.returncode == 2
    assert "nope.py" in result.stdout and "E902" in result.stdout


def test_help_lists_every_subcommand_and_each_has_its_own_help() -> None:
    from tf2lint.cli import SUBCOMMANDS

    text = run("--help").stdout
    epilog = text.split("subcommands")[1]
    for name in ["check", *SUBCOMMANDS]:
        assert f"\n  {name} " in epilog, name
        assert run(name, "--help").returncode == 0, name
