"""Python's line model: the fast path (str.splitlines) must split exactly where the full one does."""

from __future__ import annotations

import random

from tf2lint.lines import _LINE, python_lines

ALPHABET = ["a", " ", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "é"]


def test_python_lines_splits_only_where_python_does() -> None:
    rng = random.Random(17)
    texts = ["", "a", "a\n", "a\nb", "\n\n", "a\x0cb\n", "x = 1\u2028y\n"]
    texts += ["".join(rng.choice(ALPHABET) for _ in range(rng.randrange(12))) for _ in range(3000)]
    for text in texts:
        lines = python_lines(text)
        assert lines == _LINE.findall(text), repr(text)
        assert "".join(lines) == text
        # every line but the last ends with a Python line break, and only there
        for line in lines[:-1]:
            body = line[:-2] if line.endswith("\r\n") else line[:-1]
            assert line[len(body) :] in ("\n", "\r", "\r\n") and "\n" not in body and "\r" not in body


def test_python_lines_keeps_odd_separators_inside_a_line() -> None:
    assert python_lines("a = 1\x0cb\nc\u2028d") == ["a = 1\x0cb\n", "c\u2028d"]
    assert python_lines("a\r\nb\rc\n") == ["a\r\n", "b\r", "c\n"]
