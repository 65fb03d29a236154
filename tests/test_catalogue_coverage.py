"""The hand-written catalogue covers the modules it claims to, checked against the generated table."""

from __future__ import annotations

from tf2lint.api_table import load_data
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
    source = ("import tensorflow as tf\nfrom tensorflow.contrib import slim, rnn, seq2seq, opt\n"
              "a = tf.contrib.distributions.Normal\nb = tf.contrib.somethingelse.x\n")
    messages = [d.message for d in lint_source(source).diagnostics]
    assert any("tf_slim" in m for m in messages)
    assert any("tfa.seq2seq" in m for m in messages)
    assert any("TensorFlow Probability" in m for m in messages)
    assert any(m.startswith("tf.contrib is removed") for m in messages)  # the generic message
