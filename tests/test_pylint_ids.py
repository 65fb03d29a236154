"""pylint message ids and symbols must not collide with pylint's own checkers and extensions."""

from __future__ import annotations

import subprocess
import sys

from pylint.lint import PyLinter

from tf2lint import pylint_plugin
from tf2lint.pylint_plugin_ids import message_id
from tf2lint.rules import ALL_RULES


def _pylint_with_everything() -> PyLinter:
    linter = PyLinter()
    linter.load_default_plugins()
    from pylint import extensions

    extensions.initialize(linter)
    return linter


def test_no_collision_with_pylint_and_its_extensions() -> None:
    linter = _pylint_with_everything()
    theirs = linter.msgs_store._messages_definitions
    taken_ids = set(theirs)
    taken_symbols = {definition.symbol for definition in theirs.values()}
    taken_checker_ids = {msgid[1:3] for msgid in taken_ids}
    for rule in ALL_RULES:
        ours = message_id(rule.code)
        assert ours not in taken_ids
        assert ours[1:3] not in taken_checker_ids, f"{ours} shares a checker id with pylint"
        assert rule.symbol not in taken_symbols


def test_plugin_registers_every_rule() -> None:
    linter = _pylint_with_everything()
    pylint_plugin.register(linter)
    for rule in ALL_RULES:
        definition = linter.msgs_store.get_message_definitions(message_id(rule.code))[0]
        assert definition.symbol == rule.symbol


def test_disable_comment_by_symbol(tmp_path) -> None:
    path = tmp_path / "m.py"
    path.write_text(
        "import tensorflow as tf\nsess = tf.Session()  # pylint: disable=tf1-session\nx = tf.placeholder(tf.float32)\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pylint",
            "--load-plugins=tf2lint.pylint_plugin",
            "--disable=all",
            "--enable=tf1-session,tf1-placeholder",
            "--persistent=n",
            "--msg-template={line}:{symbol}",
            str(path),
        ],
        capture_output=True,
        text=True,
    )
    lines = [line for line in result.stdout.splitlines() if line[:1].isdigit()]
    assert lines == ["3:tf1-placeholder"]
