"""The TF 2.16 step to Keras 3 (TFK1xx/TFK2xx): TF2-era Keras code is flagged with the Keras 3 way,
code written for Keras 3 never is, and nothing fires for a target that still ships Keras 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tf2lint.api_table import load_data
from tf2lint.fixes import fix_diagnostics
from tf2lint.keras3 import receivers
from tf2lint.lines import python_lines
from tf2lint.lint import get_catalogue, lint_source

DATA = Path(__file__).resolve().parent / "data" / "keras3"
OLD = (DATA / "old_keras.py").read_text(encoding="utf-8")
NEW = (DATA / "new_keras.py").read_text(encoding="utf-8")
NEWEST = int(load_data()["versions"][-1].split(".")[1])
KERAS_3_TARGETS = [f"2.{minor}" for minor in range(16, NEWEST + 1)]

# line of old_keras.py -> the code that must flag it (each line breaks under Keras 3)
EXPECTED = {
    4: "TFK101",
    6: "TFK102",
    7: "TFK103",
    8: "TFK105",
    9: "TFK101",
    10: "TFK101",
    12: "TFK204",
    13: "TFK201",
    14: "TFK202",
    15: "TFK203",
    16: "TFK205",
    17: "TFK205",
    19: "TFK101",
    20: "TFK102",
    21: "TFK204",
    22: "TFK208",
}


def codes_by_line(source: str, target: str | None = None) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for d in lint_source(source, get_catalogue(target)).diagnostics:
        found.setdefault(d.line, set()).add(d.code)
    return found


@pytest.mark.parametrize("target", KERAS_3_TARGETS)
def test_keras_2_code_is_flagged_for_every_keras_3_target(target: str) -> None:
    found = codes_by_line(OLD, target)
    for line, code in EXPECTED.items():
        assert code in found.get(line, set()), (target, line, found.get(line))
    assert "TFK104" in found[7]  # decay= is ignored by Keras 3
    # losses.mean_squared_error left tf.keras with Keras 3.5 (TF 2.18's floor), not before
    assert ("TFK102" in found.get(18, set())) == (int(target.split(".")[1]) >= 18)


@pytest.mark.parametrize("target", [None, *KERAS_3_TARGETS, "2.15"])
def test_keras_3_code_is_never_flagged(target: str | None) -> None:
    assert codes_by_line(NEW, target) == {}


@pytest.mark.parametrize("target", ["2.0", "2.6", "2.13", "2.15"])
def test_targets_with_keras_2_are_silent_on_the_family(target: str) -> None:
    found = codes_by_line(OLD, target)
    assert not any(code.startswith("TFK") for codes in found.values() for code in codes), found


def test_every_message_names_the_keras_3_way_or_the_escape_hatch() -> None:
    for d in lint_source(OLD).diagnostics:
        assert d.code.startswith("TFK")
        advice = d.message.split("): ", 1)[1]
        recipes = ("use ", "pass ", "name the file", "save to", "compute ", "Keras 3", "train ")
        assert advice.startswith(recipes), d.message
    removed = [d for d in lint_source(OLD).diagnostics if d.code == "TFK101"]
    assert all("TF_USE_LEGACY_KERAS=1 before TensorFlow is imported" in d.message for d in removed)


def test_tf_compat_v1_keras_is_keras_3_too() -> None:
    """TF 2.16+ routes tf.compat.v1.keras to the same Keras 3 (tensorflow/python/util/lazy_loader.py)."""
    source = (
        "import tensorflow as tf\nsess = tf.compat.v1.keras.backend.get_session()\n"
        "ok = tf.compat.v1.keras.layers.Dense(3)\nopt = tf.compat.v1.keras.optimizers.Adam(lr=0.1)\n"
    )
    assert codes_by_line(source) == {2: {"TFK101"}, 4: {"TFK103"}}
    assert codes_by_line(source, "2.15") == {}


def test_lr_keyword_and_moved_names_are_fixed() -> None:
    source = (
        "import tensorflow as tf\nopt = tf.keras.optimizers.Adam(lr=0.01)\n"
        "r = tf.keras.layers.experimental.preprocessing.Rescaling(1.0)\n"
    )
    fixed = fix_diagnostics(source, lint_source(source).diagnostics)
    assert fixed.text == (
        "import tensorflow as tf\nopt = tf.keras.optimizers.Adam(learning_rate=0.01)\n"
        "r = tf.keras.layers.Rescaling(1.0)\n"
    )


@pytest.mark.parametrize(
    "source",
    [
        # receivers the file does not show to be Keras objects: cannot be known, not flagged
        "import tensorflow as tf\ndef store(model):\n    model.save('dir')\n    model.save_weights('w')\n",
        "import tensorflow as tf\nimport numpy as np\nopt = make_optimizer()\nopt.minimize(loss)\nprint(opt.lr)\n",
        "import tensorflow as tf\nimport pandas as pd\nframe = pd.read_csv('a')\nframe.save('x')\n",
        # a path held in a variable cannot be known
        "import tensorflow as tf\nmodel = tf.keras.Sequential()\nmodel.save(path)\n",
        "import tensorflow as tf\nm = tf.keras.models.load_model(path)\n",
        # TF's own optimizers and schedules are not Keras 2 leftovers
        "import tensorflow as tf\ns = tf.keras.optimizers.schedules.ExponentialDecay(0.1, 100, 0.9)\n",
        "import tensorflow as tf\nw = self.add_weight(shape=(3,), name='w')\n",
        "import tensorflow as tf\nimport tf_keras\nimport os\nos.environ['TF_USE_LEGACY_KERAS'] = '1'\n"
        "m = tf.keras.Model()\n",
    ],
)
def test_what_the_file_cannot_show_is_not_flagged(source: str) -> None:
    assert [d.code for d in lint_source(source).diagnostics if d.code.startswith("TFK")] == []


def test_receivers_the_file_shows() -> None:
    source = (
        "import tensorflow as tf\nfrom tensorflow.keras.models import Sequential\n"
        "class Net(tf.keras.Model):\n    pass\n"
        "net = Net()\nnet.save('dir')\nseq = Sequential()\nseq.save_weights('w.h5')\n"
        "self.opt = tf.keras.optimizers.SGD()\nself.opt.minimize(loss)\n"
    )
    assert codes_by_line(source) == {6: {"TFK201"}, 8: {"TFK202"}, 10: {"TFK205"}}


def test_mixing_keras_3_with_tf_keras_is_flagged_once_at_the_import() -> None:
    source = (
        "import tensorflow as tf\nimport keras\nimport tf_keras\nm = keras.Sequential([tf_keras.layers.Dense(1)])\n"
    )
    found = [d for d in lint_source(source).diagnostics if d.code == "TFK207"]
    assert [(d.line, d.col) for d in found] == [(3, 7)]


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


def test_codes_work_in_flake8_select_and_noqa(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "import tensorflow as tf\nopt = tf.keras.optimizers.Adam(lr=0.1)\n"
        "x = tf.keras.backend.learning_phase()  # noqa: TFK101\n",
        encoding="utf-8",
    )
    every = run("flake8", "--isolated", "--select=TF", "m.py", cwd=tmp_path)
    family = run("flake8", "--isolated", "--select=TFK1", "m.py", cwd=tmp_path)
    old_family = run("flake8", "--isolated", "--select=TF1", "m.py", cwd=tmp_path)
    assert [line.split()[1] for line in every.stdout.splitlines()] == ["TFK103"]
    assert family.stdout == every.stdout and family.returncode == 1
    assert old_family.stdout == "" and old_family.returncode == 0
    on_215 = run("flake8", "--isolated", "--select=TF", "--tf-target=2.15", "m.py", cwd=tmp_path)
    assert on_215.stdout == "" and on_215.returncode == 0


def test_pylint_reports_the_family_under_its_own_ids(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(OLD, encoding="utf-8")
    result = run(
        "pylint",
        "--load-plugins=tf2lint.pylint_plugin",
        "--disable=all",
        "--enable=keras3-optimizer-lr,keras3-generator-methods",
        "--persistent=n",
        "--score=n",
        "--msg-template={line}:{msg_id}:{symbol}",
        "m.py",
        cwd=tmp_path,
    )
    lines = [line for line in result.stdout.splitlines() if line[:1].isdigit()]
    assert lines == [
        "7:W5703:keras3-optimizer-lr",
        "12:W5804:keras3-generator-methods",
        "21:W5804:keras3-generator-methods",
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_receivers_are_read_the_same_whatever_the_line_ends(newline: str) -> None:
    """The receiver scan reads lines as Python splits them, whatever ends them."""
    text = newline.join(
        [
            "from tensorflow.keras import (Sequential,",
            "    optimizers)",
            "import tensorflow as tf",
            "class Net(tf.keras.Model):",
            "    def build(self, input_shape):",
            "        pass",
            "model = Sequential()",
            "net = Net()",
            "opt: object = optimizers.Adam(1e-3)",
            "other = make_thing()",
            "plain = dict()",
        ]
    )
    expected = {"model": "model", "net": "model", "opt": "optimizer", "input_shape": "shape"}
    assert receivers(python_lines(text + newline)) == expected
