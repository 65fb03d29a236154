"""Only a real feature test of the TF API silences what it guards (issue 12's engine item)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tf2lint.lint import lint_source

HEADER = "import tensorflow as tf\nFLAGS = tf.app.flags.FLAGS\nflags = tf.app.flags\n"


def codes_on_line_5(test: str, tmp_path: Path) -> set[str]:
    """Lint ``if <test>:`` (line 4) guarding ``tf.Session()`` (line 5) with the engine and the CLI."""
    text = f"{HEADER}if {test}:\n    sess = tf.Session()\n"
    engine = {d.code for d in lint_source(text).diagnostics if d.line == 5}
    path = tmp_path / "guard.py"
    path.write_text(text)
    result = subprocess.run(
        [sys.executable, "-m", "tf2lint", "--format", "json", str(path)], check=False, capture_output=True, text=True
    )
    cli = {r["code"] for r in map(json.loads, result.stdout.splitlines()) if r["line"] == 5}
    assert engine == cli
    return engine


@pytest.mark.parametrize(
    "test",
    [
        'hasattr(tf, "Session")',
        'getattr(tf.compat.v1, "Session", None) is not None',
        'hasattr(flags, "DEFINE_bool")',  # a module reached through an alias
        'hasattr(tf.train, "Saver") and x',
        'tf.__version__.startswith("1.")',
        'tf.VERSION < "2"',
    ],
)
def test_a_feature_test_of_the_tf_api_guards_its_body(test: str, tmp_path: Path) -> None:
    assert codes_on_line_5(test, tmp_path) == set()


@pytest.mark.parametrize(
    "test",
    [
        'hasattr(FLAGS, "batch_size")',  # the program's own flags, not the TF API
        'getattr(FLAGS, "use_gpu", False)',
        'hasattr(tf.app.flags.FLAGS, "batch_size")',
        'hasattr(tf.Session(), "make_callable")',  # an object built at run time
        'hasattr(config, "gpu")',
    ],
)
def test_other_attribute_tests_do_not_hide_the_body(test: str, tmp_path: Path) -> None:
    assert codes_on_line_5(test, tmp_path) == {"TF101"}
