"""Between tf2lint positions and LSP positions, on Python's (and LSP's) line model.

tf2lint counts lines from 1 and columns in characters; LSP counts lines from 0 and columns in the
code units of the negotiated position encoding (UTF-16 unless the client offers another). Lines
end at ``\\r\\n``, ``\\r`` or ``\\n`` only, as in Python and LSP: pygls' own helpers use
``str.splitlines()``, which also breaks at form feeds and U+2028, so they are not used here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NEWLINE = re.compile(r"\r\n|\r|\n")
UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(text: str, encoding: str) -> int:
    """Length of ``text`` in the code units of ``encoding``."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def chars_for_units(text: str, count: int, encoding: str) -> int:
    """How many characters of ``text`` the first ``count`` code units cover (clamped to the line)."""
    if encoding == UTF32 or text.isascii():
        return min(max(count, 0), len(text))
    seen = 0
    for index, char in enumerate(text):
        if seen >= count:
            return index
        seen += units(char, encoding)
    return len(text)


@dataclass
class LineIndex:
    """The lines of one document (without their endings), for converting positions both ways."""

    text: str
    encoding: str = UTF16
    lines: list[str] = field(init=False)
    starts: list[int] = field(init=False)  # character offset where each line starts

    def __post_init__(self) -> None:
        self.starts = [0]
        self.lines = []
        for match in NEWLINE.finditer(self.text):
            self.lines.append(self.text[self.starts[-1] : match.start()])
            self.starts.append(match.end())
        self.lines.append(self.text[self.starts[-1] :])

    def line_text(self, line: int) -> str:
        """Text of the 0-based ``line`` without its ending ('' beyond the end)."""
        return self.lines[line] if 0 <= line < len(self.lines) else ""

    def to_lsp(self, line: int, col: int) -> tuple[int, int]:
        """tf2lint (1-based line, character column) → LSP (0-based line, code units), clamped."""
        index = min(max(line - 1, 0), len(self.lines) - 1)
        text = self.lines[index]
        return index, units(text[: max(col, 0)], self.encoding)

    def from_lsp(self, line: int, character: int) -> tuple[int, int]:
        """LSP (0-based line, code units) → tf2lint (1-based line, character column), clamped."""
        if line >= len(self.lines):
            return len(self.lines), len(self.lines[-1])
        index = max(line, 0)
        return index + 1, chars_for_units(self.lines[index], character, self.encoding)

    def offset(self, line: int, col: int) -> int:
        """Character offset in ``text`` of a tf2lint (1-based line, character column)."""
        index = min(max(line - 1, 0), len(self.lines) - 1)
        return self.starts[index] + min(max(col, 0), len(self.lines[index]))

    def position_of(self, offset: int) -> tuple[int, int]:
        """tf2lint (1-based line, character column) of a character offset in ``text``."""
        low, high = 0, len(self.starts) - 1
        while low < high:  # the last line start at or before offset
            middle = (low + high + 1) // 2
            if self.starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low + 1, min(offset - self.starts[low], len(self.lines[low]))

    def line_ending(self, line: int) -> str:
        """The ending of 1-based ``line`` ('' for the last line)."""
        index = line - 1
        if index + 1 >= len(self.starts):
            return ""
        return self.text[self.starts[index] + len(self.lines[index]) : self.starts[index + 1]]
