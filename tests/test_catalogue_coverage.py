"""The hand-written catalogue covers the modules it claims to, checked against the generated table."""

from __future__ import annotations

from tf2lint.api_table import load_data
from tf2lint.grouping import Grouping
from tf2lint.lint import lint_source
from tf2lint.rules.contrib import CONTRIB_ADVICE


def test_every_contrib_module_of_1_15_has_a_destination() -> None:
    modules = set(load_data()["contrib_modules"])
    assert len(modules) >= 85
    assert modules - set(CONTRIB_ADVICE) <= {"cmake"}  # a build directory, not a module


def test_every_tf_layers_name_maps_to_keras() -> None:
    names = sorted(name for name in load_data()["names"] if name.startswith("layers."))
    source = "import tensorflow as tf\n" + "".join(f"tf.{name}\n" for name in names)
    found = {d.line: d for d in lint_source(source).diagnostics}
    for line, name in enumerate(names, 2):
        assert found[line].code in {"TF401", "TF402", "TF403"}, name
        if found[line].code != "TF403":
            assert found[line].replacement.startswith("tf.keras.layers."), name


def test_contrib_advice_is_module_specific() -> None:
    source = (
        "import tensorflow as tf\nfrom tensorflow.contrib import slim, rnn, seq2seq, opt\n"
        "a = tf.contrib.distributions.Normal\nb = tf.contrib.somethingelse.x\n"
    )
    messages = [d.message for d in lint_source(source).diagnostics]
    assert any("tf_slim" in m for m in messages)
    assert any("tf.keras.layers.Attention" in m for m in messages)
    assert not any("tfa." in m or "Addons (" in m for m in messages)  # end of life: never recommended
    assert any("TensorFlow Probability" in m for m in messages)
    assert any(m.startswith("tf.contrib is removed") for m in messages)  # the generic message


def test_contrib_members_have_their_own_replacement() -> None:
    source = (
        "import tensorflow as tf\nimport tensorflow.contrib.slim as slim\n"
        "a = tf.contrib.layers.fully_connected(x, 3)\nb = tf.contrib.layers.l2_regularizer(0.1)\n"
        "c = slim.conv2d(x, 3, 3)\nd = tf.contrib.rnn.LSTMCell(3)\n"
        "e = tf.contrib.opt.AdamWOptimizer(1e-4, 1e-3)\n"
        "f = tf.contrib.layers.unknown_member\n"
    )
    # Every use on its own line (by default slim.conv2d is filed under the slim import, its own
    # advice kept as the use's note: tests/test_grouping.py).
    found = {d.line: d.replacement for d in lint_source(source, grouping=Grouping(report_uses=True)).diagnostics}
    assert found[3] == "tf.keras.layers.Dense"
    assert found[4] == "tf.keras.regularizers.L2"
    assert found[5] == "tf.keras.layers.Conv2D"
    assert found[6].startswith("tf.keras.layers.LSTMCell")
    assert found[7] == "tf.keras.optimizers.AdamW"
    assert found[8].startswith("tf.keras.layers, or the tf_slim package")  # the module's destination
