"""TF818 only where the labels may carry a gradient (issue 11 item 18), judged by the real command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEADER = "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
CALL = "tf.nn.softmax_cross_entropy_with_logits(labels={labels}, logits=x)"


def tf818_lines(tmp_path: Path, body: str) -> list[int]:
    path = tmp_path / "loss.py"
    path.write_text(HEADER + body, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tf2lint", "--format", "json", "--select", "TF818", str(path)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode in (0, 1), result.stderr
    return [record["line"] for record in map(json.loads, result.stdout.splitlines())]


@pytest.mark.parametrize(
    "body",
    [
        "y_ = tf.placeholder(tf.float32, [None, 10])\nloss = " + CALL.format(labels="y_") + "\n",
        "loss = " + CALL.format(labels="tf.one_hot(y, 10)") + "\n",
        "loss = " + CALL.format(labels="tf.stop_gradient(teacher(x))") + "\n",
        "loss = " + CALL.format(labels="[[0.0, 1.0]]") + "\n",
        "images, labels = iterator.get_next()\nloss = " + CALL.format(labels="tf.cast(labels, tf.float32)") + "\n",
        "batch = next(batches)\nloss = " + CALL.format(labels="batch['label']") + "\n",
        "def f():\n    y = tf.placeholder(tf.int32)\n    y = tf.one_hot(y, 10)\n"
        "    return " + CALL.format(labels="y") + "\n",
        "y = tf.placeholder(tf.float32)\ndef f():\n    return " + CALL.format(labels="tf.reshape(y, [-1, 10])") + "\n",
        "y = tf.placeholder(tf.float32)\ny = tf.reshape(y, [-1, 10])\nloss = " + CALL.format(labels="y") + "\n",
    ],
    ids=[
        "placeholder",
        "one_hot",
        "stop_gradient",
        "literal",
        "dataset-element",
        "next",
        "rebound-free",
        "module-name-in-function",
        "self-reshape",
    ],
)
def test_labels_without_a_gradient_are_not_reported(tmp_path: Path, body: str) -> None:
    assert tf818_lines(tmp_path, body) == []


@pytest.mark.parametrize(
    "body",
    [
        "loss = " + CALL.format(labels="teacher(x)") + "\n",
        "loss = " + CALL.format(labels="tf.nn.softmax(teacher_logits)") + "\n",
        "def f(labels):\n    return " + CALL.format(labels="labels") + "\n",
        "y = tf.placeholder(tf.float32)\nif distill:\n    y = tf.nn.softmax(t)\nloss = "
        + CALL.format(labels="y")
        + "\n",
        "y = tf.nn.softmax(t)\ny = tf.placeholder(tf.float32)\nloss = " + CALL.format(labels="y") + "\n",
        "for y in outputs:\n    loss = " + CALL.format(labels="y") + "\n",
        "losses = [" + CALL.format(labels="y") + " for y in outputs]\n",
        "loss = " + CALL.format(labels="tf.cast(model(x), tf.float32)") + "\n",
        "loss = tf.nn.softmax_cross_entropy_with_logits(**kwargs)\n",
        "y = tf.placeholder(tf.float32)\nclass M:\n    y = tf.placeholder(tf.float32)\n"
        "    def f(self, y):\n        return " + CALL.format(labels="y") + "\n",
    ],
    ids=[
        "call",
        "softmax",
        "parameter",
        "conditional",
        "earlier-binding",
        "loop",
        "comprehension",
        "cast-of-model",
        "kwargs",
        "parameter-shadows",
    ],
)
def test_labels_that_may_carry_a_gradient_are_reported(tmp_path: Path, body: str) -> None:
    assert len(tf818_lines(tmp_path, body)) == 1


def test_an_imported_function_is_judged_per_call(tmp_path: Path) -> None:
    body = (
        "from tensorflow.nn import softmax_cross_entropy_with_logits as xent\n"
        "y = tf.placeholder(tf.float32)\n"
        "a = xent(labels=y, logits=x)\n"
        "b = xent(labels=teacher(x), logits=x)\n"
    )
    assert tf818_lines(tmp_path, body) == [6]
