"""Python's own line model: a line ends at ``\\r\\n``, ``\\r`` or ``\\n`` and nowhere else.

``str.splitlines()`` also splits on form feed, ``\\v``, ``\\x1c``-``\\x1e``, ``\\x85`` and U+2028/9,
which Python's tokenizer treats as ordinary characters; line numbers from the tree would then
point at the wrong text. Everything that turns (line, column) into offsets goes through here.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_BREAK = re.compile(r"\r\n|\r|\n")


# What str.splitlines() breaks on besides \r and \n; a text with none of these (or of \r) is split
# by it exactly as Python splits it, and it is several times faster than the pattern.
_OTHER_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def python_lines(text: str) -> list[str]:
    """The lines of ``text`` with their endings, split where Python splits them."""
    if "\r" in text or any(char in text for char in _OTHER_BREAKS):
        return _LINE.findall(text)
    return text.splitlines(keepends=True)


def line_starts(text: str) -> list[int]:
    """Offset of the first character of each line (line n starts at ``starts[n - 1]``); one more
    entry than there are line breaks, so a position just after the last break is addressable."""
    return [0, *(match.end() for match in _BREAK.finditer(text))]


def count_lines(text: str) -> int:
    """How many lines Python sees in ``text`` (a final line without a break counts)."""
    breaks = sum(1 for _ in _BREAK.finditer(text))
    return breaks + (1 if text and not text.endswith(("\n", "\r")) else 0)
