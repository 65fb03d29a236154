"""Name resolution with many TF-bound names and many guarded imports (issue 17's engine items).

The statement pre-filter switches from a regular expression to a line index when a file binds
many names, and guarded ``try`` blocks merge bindings through a journal instead of copies: both
must give exactly the findings the simple path gives. (Timing lives in benchmarks/scaling_names.py.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tf2lint.lint import lint_source


def findings(text: str) -> set[tuple[int, int, str]]:
    return {(d.line, d.col, d.code) for d in lint_source(text).diagnostics}


def cli_findings(path: Path) -> set[tuple[int, int, str]]:
    result = subprocess.run(
        [sys.executable, "-m", "tf2lint", "--format", "json", str(path)], check=False, capture_output=True, text=True
    )
    assert result.returncode in (0, 1), result.stderr
    return {(r["line"], r["column"] - 1, r["code"]) for r in map(json.loads, result.stdout.splitlines())}


@pytest.mark.parametrize("count", [3, 40, 200])
def test_every_alias_is_resolved_whatever_the_number_of_aliases(count: int, tmp_path: Path) -> None:
    # Few aliases: the regular expression; 40: late names past the set limit; 200: the line index.
    lines = ["import tensorflow as tf\n"]
    for index in range(count):
        lines.append(f"v{index} = tf.compat.v1\n")
    for index in range(count):
        lines.append(f"s{index} = v{index}.Session()\n")
    text = "".join(lines)
    expected = {(count + 2 + index, 4 + len(str(index)), "TF003") for index in range(count)}
    got = findings(text)
    assert {f for f in got if f[0] > count + 1} == expected
    path = tmp_path / "many.py"
    path.write_text(text)
    assert cli_findings(path) == got


def test_many_import_names_use_the_line_index_and_still_skip_plain_code() -> None:
    names = ", ".join(f"n{index}" for index in range(100))
    text = (
        f"from tensorflow.nn import ({names})\nimport tensorflow as tf\n"
        "def helper(x):\n    return x + 1\n"
        "y = n7(x)\nsess = tf.Session()\nlate = tf.compat.v1\nlate.placeholder(tf.float32)\n"
    )
    got = findings(text)
    assert (6, 7, "TF101") in got  # tf.Session after 100 imported names
    assert (8, 0, "TF003") in got  # an alias bound after the switch to the index
    assert not any(line in (3, 4, 5) for line, _, _ in got)


def test_a_name_rebound_to_plain_python_after_many_aliases_is_not_reported() -> None:
    aliases = "".join(f"a{index} = tf.nn\n" for index in range(100))
    text = f"import tensorflow as tf\n{aliases}a5 = object()\na5.Session()\na6 = tf.compat.v1\na6.Session()\n"
    got = findings(text)
    assert {f for f in got if f[0] > 101} == {(105, 0, "TF003")}


GUARDED = """\
import tensorflow as tf
try:
    import tensorflow.contrib.slim as slim
except ImportError:
    import tf_slim as slim
slim.conv2d(x, 3, 3)
try:
    import tensorflow.contrib.layers as layers
except ImportError:
    layers = None
try:
    from tensorflow import compat_only_thing
    try:
        import tensorflow.contrib.rnn as rnn
    except ImportError:
        rnn = None
except ImportError:
    pass
rnn.LSTMCell(3)
keep = tf.compat.v1
try:
    keep = None
except ImportError:
    pass
keep.Session()
"""


def test_guarded_imports_prefer_the_binding_that_works_on_tf2() -> None:
    got = findings(GUARDED)
    assert not any(line in (6, 19) for line, _, _ in got)  # fallbacks won: tf_slim, None
    # A name the guarded body rebinds to plain Python is not TensorFlow any more.
    assert not any(line == 25 for line, _, _ in got)


def test_many_guards_keep_each_fallback() -> None:
    blocks = "".join(
        f"try:\n    import tensorflow.contrib.m{i} as c{i}\nexcept ImportError:\n    c{i} = None\n" for i in range(300)
    )
    uses = "".join(f"c{i}.f()\n" for i in range(300))
    text = f"import tensorflow as tf\n{blocks}{uses}tf.Session()\n"
    got = findings(text)
    assert got == {(2 + 4 * 300 + 300, 0, "TF101")}
