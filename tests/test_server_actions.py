"""Fix tiers in the server's code actions. Every fix the engine makes today is safe, so the tiers
are checked with findings that carry the ``applicability`` the engine is growing (see findings.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

pytest.importorskip("lsprotocol")

from tf2lint.diagnostic import Diagnostic, Edit
from tf2lint.server.actions import line_actions
from tf2lint.server.documents import Linted
from tf2lint.server.findings import fix_all, fix_tiers
from tf2lint.server.positions import LineIndex

TEXT = "import tensorflow as tf\nx = tf.to_float(y)\n"


@dataclass(frozen=True, order=True)
class Tiered(Diagnostic):
    applicability: str = "safe"


def finding(applicability: str) -> Tiered:
    edit = Edit(2, 4, 2, 18, "tf.cast(y, tf.float32)")
    return Tiered(
        2, 4, 2, 15, "TF901", "tf.to_float is removed", "tf.cast(x, tf.float32)", (edit,), applicability=applicability
    )


def actions_for(applicability: str):
    doc = Linted("file:///t.py", 1, TEXT, LineIndex(TEXT), [finding(applicability)])
    from lsprotocol import types

    cursor = types.Position(1, 6)
    return line_actions(doc, types.Range(cursor, cursor), versioned=True)


def test_safe_fix_is_preferred():
    actions = actions_for("safe")
    assert [(a.title, a.is_preferred) for a in actions] == [
        ("Replace with tf.cast(x, tf.float32)", True),
        ("Disable TF901 for this line", None),
    ]


def test_unsafe_fix_is_offered_but_not_preferred():
    actions = actions_for("unsafe")
    assert [(a.title, a.is_preferred) for a in actions] == [
        ("Replace with tf.cast(x, tf.float32) (unsafe)", False),
        ("Disable TF901 for this line", None),
    ]


def test_compat_fix_is_offered_but_not_preferred():
    assert next((a.title, a.is_preferred) for a in actions_for("compat")) == (
        "Replace with tf.cast(x, tf.float32) (compat)",
        False,
    )


def test_display_only_fix_is_not_offered():
    assert [a.title for a in actions_for("display")] == ["Disable TF901 for this line"]


@pytest.mark.parametrize(
    ("applicability", "unsafe", "compat", "changed"),
    [
        ("safe", False, False, True),
        ("unsafe", False, False, False),
        ("unsafe", True, False, True),
        ("compat", True, False, False),
        ("compat", False, True, True),
        ("display", True, True, False),
    ],
)
def test_fix_all_applies_the_enabled_tiers(applicability: str, unsafe: bool, compat: bool, changed: bool):
    def analyse(texts: dict[str, str]) -> dict[str, list[Diagnostic]]:
        return {"u": [finding(applicability)] if "to_float" in texts["u"] else []}

    fixed = fix_all({"u": TEXT}, analyse, lambda text: text, fix_tiers(unsafe, compat))["u"]
    assert (fixed != TEXT) is changed
    if changed:
        assert fixed == "import tensorflow as tf\nx = tf.cast(y, tf.float32)\n"


@pytest.mark.parametrize(
    ("unsafe", "compat", "fixed"),
    [
        (False, False, "import tensorflow as tf\ny = tf.to_float(x)\n"),
        (True, False, "import tensorflow as tf\ny = tf.cast(x, tf.float32)\n"),
        (False, True, "import tensorflow as tf\ny = tf.compat.v1.to_float(x)\n"),  # the unsafe fix's compat alternative
        (True, True, "import tensorflow as tf\ny = tf.cast(x, tf.float32)\n"),
    ],
)
def test_fix_all_takes_the_engine_tiers_as_the_command_does(unsafe: bool, compat: bool, fixed: str):
    from tf2lint.server.findings import lint

    def analyse(texts: dict[str, str]) -> dict[str, list[Diagnostic]]:
        return {uri: list(lint(text, None).diagnostics) for uri, text in texts.items()}

    source = "import tensorflow as tf\ny = tf.to_float(x)\n"
    assert fix_all({"u": source}, analyse, lambda text: text, fix_tiers(unsafe, compat))["u"] == fixed
