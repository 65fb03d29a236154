"""Which lines of a file can matter to the walk: those that spell a name bound to TensorFlow, or a
TF-only method after a dot. A statement none of whose lines is marked can neither use TensorFlow nor
rebind a TF name, so :class:`tf2lint.engine.Walker` skips it without walking its subtree.

Marking is done with plain substring search (``str.find``) and a word-boundary test, not with one
regular expression of all the names: Python's ``re`` spends time on every character for each
alternative of a pattern that does not start with a literal, and compiling a pattern per file costs
more than the search itself. Method names always follow a dot, so one pattern per catalogue that
starts with a literal ``.`` (which ``re`` scans for quickly) finds them all.

A file that binds very many names (thousands of ``aK = tf.nn``) would cost one text scan per name;
past :data:`MAX_SCANS` the marker indexes each line's identifiers once and marks from the index,
which keeps the cost linear in the file whatever the number of names.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import accumulate

MAX_SCANS = 48
_IDENTIFIER = re.compile(r"[^\W\d]\w*")


@lru_cache(maxsize=8)
def method_pattern(methods: frozenset[str]) -> re.Pattern[str] | None:
    """Attribute access to one of ``methods``: a dot, then any spacing, continuations or comments
    Python allows between the dot and the name (a superset is fine: it only costs a walk)."""
    if not methods:
        return None
    names = "|".join(map(re.escape, sorted(methods, key=len, reverse=True)))
    # After the dot, a look at the next character rejects most attribute names at once.
    starts = re.escape("".join(sorted({name[0] for name in methods})))
    # Each repetition is one whitespace or backslash, or a whole comment up to its line break: no
    # text can be matched two ways, so a failed match never backtracks more than a comment's length.
    return re.compile(r"\.(?=[\s\\#" + starts + r"])(?:[\s\\]|#[^\r\n]*[\r\n])*(?:" + names + r")\b")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class HotLines:
    """A flag per line: 1 where the line mentions a word of interest."""

    __slots__ = ("_index", "_scans", "_starts", "_text", "flags")

    def __init__(self, text: str, lines: Sequence[str]) -> None:
        self._text = text  # ``lines`` joined
        self._starts = list(accumulate(map(len, lines), initial=0))  # offset of each line, and the end
        self.flags = bytearray(len(lines))
        self._scans = 0
        self._index: dict[str, list[int]] | None = None  # identifier -> lines not yet marked for it

    def any(self, first: int, last: int) -> bool:
        """Whether a line from ``first`` to ``last`` (1-based, inclusive) is marked."""
        return self.flags.find(1, first - 1, last) >= 0

    def lines_containing(self, text: str) -> list[int]:
        """The 0-based numbers of the lines in which ``text`` occurs (as any substring)."""
        found: list[int] = []
        whole, starts = self._text, self._starts
        position = whole.find(text)
        while position >= 0:
            line = bisect_right(starts, position) - 1
            found.append(line)
            position = whole.find(text, starts[line + 1])
        return found

    def mark_line(self, number: int) -> None:
        """Mark one line (0-based)."""
        self.flags[number] = 1

    def mark_words(self, words: Iterable[str]) -> None:
        for word in words:
            self.mark_word(word)

    def mark_word(self, word: str) -> None:
        """Mark every line where ``word`` appears as a whole word."""
        if self._index is None and self._scans >= MAX_SCANS:
            self._build_index()
        if self._index is not None:
            flags = self.flags
            for number in self._index.pop(word, ()):  # popped: a word's lines are marked once
                flags[number] = 1
            return
        self._scans += 1
        text, starts, flags = self._text, self._starts, self.flags
        find, size, length = text.find, len(text), len(word)
        position = find(word)
        while position >= 0:
            end = position + length
            if (position == 0 or not _is_word_char(text[position - 1])) and (
                end == size or not _is_word_char(text[end])
            ):
                line = bisect_right(starts, position) - 1
                flags[line] = 1
                position = find(word, starts[line + 1])  # the line is marked: go on from the next one
            else:
                position = find(word, position + 1)

    def mark_pattern(self, pattern: re.Pattern[str] | None) -> None:
        """Mark the lines where ``pattern`` starts a match."""
        if pattern is None:
            return
        starts, flags = self._starts, self.flags
        for match in pattern.finditer(self._text):
            flags[bisect_right(starts, match.end() - 1) - 1] = 1  # the name's line, not the dot's

    def _build_index(self) -> None:
        index: dict[str, list[int]] = {}
        findall = _IDENTIFIER.findall
        for number, line in enumerate(self._lines()):
            for word in set(findall(line)):
                found = index.get(word)
                if found is None:
                    index[word] = [number]
                else:
                    found.append(number)
        self._index = index

    def _lines(self) -> Iterable[str]:
        text, starts = self._text, self._starts
        return (text[starts[number] : starts[number + 1]] for number in range(len(starts) - 1))
