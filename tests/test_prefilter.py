"""The statement pre-filter: which lines can matter. A missed line would silently skip a finding, so
every way of marking must find whole words only, on Python's lines, however many names there are."""

from __future__ import annotations

import random

import pytest

from tf2lint import prefilter
from tf2lint.lines import python_lines
from tf2lint.prefilter import HotLines, method_pattern


def hot(text: str, words: list[str]) -> list[int]:
    lines = python_lines(text)
    marker = HotLines(text, lines)
    marker.mark_words(words)
    return [number + 1 for number, flag in enumerate(marker.flags) if flag]


def test_whole_words_only() -> None:
    text = "import tensorflow as tf\ntfx = 1\nx = tf.nn\ny = my_tf\nz = (tf)\nw = 'tf'\n"
    # a word inside a string still marks its line: a superset only costs a walk
    assert hot(text, ["tf"]) == [1, 3, 5, 6]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_lines_are_pythons_lines(newline: str) -> None:
    text = newline.join(["a = 1", "b = tf.x", "c\x0cd = tf", "e = 2", "tf"])
    assert hot(text, ["tf"]) == [2, 3, 5]


def test_many_names_switch_to_an_index_with_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    names = [f"a{k}" for k in range(200)]
    words = [*names, "x", "a", "a1x", "(", "."]
    text = "".join(" ".join(rng.choice(words) for _ in range(6)) + "\n" for _ in range(400))
    scanned = hot(text, names)
    monkeypatch.setattr(prefilter, "MAX_SCANS", 5)  # the index takes over after five scans
    assert hot(text, names) == scanned
    assert scanned  # the text does use the names


def test_lines_containing_finds_every_line_once() -> None:
    text = "tensorflow tensorflow\nx\ny = 'tensorflow'\n"
    assert HotLines(text, python_lines(text)).lines_containing("tensorflow") == [0, 2]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("m.fit(x)", True),
        ("m. fit(x)", True),
        ("m.\\\n    fit(x)", True),
        ("(m.  # a comment\n    fit(x))", True),
        ("m.fitness(x)", False),
        ("fit(x)", False),  # a method is always after a dot
        ("m.lr", True),
        ("." + "#" * 200 + "x", False),  # no blow-up on runs of comment characters
    ],
)
def test_method_pattern(text: str, found: bool) -> None:
    pattern = method_pattern(frozenset({"fit", "lr"}))
    assert pattern is not None
    assert bool(pattern.search(text)) is found
