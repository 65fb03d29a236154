"""Positions: turn the tree's UTF-8 byte columns into the character columns people and editors use."""

from __future__ import annotations

import ast
from collections.abc import Sequence


class SourceLines:
    """The file's lines, for converting node positions and slicing original text."""

    __slots__ = ("_whole", "imported", "lines")

    def __init__(self, lines: Sequence[str], whole: str | None = None) -> None:
        self.lines = lines
        self._whole = whole  # the text the lines were split from, when the caller has it
        self.imported: frozenset[str] | None = None  # ``import a.b`` lines, found once (tf2lint.imports)

    @property
    def whole(self) -> str:
        """The whole text (joined once, for searches that are faster over one string than per line)."""
        if self._whole is None:
            self._whole = "".join(self.lines)
        return self._whole

    def char_col(self, line: int, byte_col: int) -> int:
        if 1 <= line <= len(self.lines):
            text = self.lines[line - 1]
            if not text.isascii():
                return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))
        return byte_col

    def span(self, node: ast.AST) -> tuple[int, int, int, int]:
        """(line, col, end_line, end_col) of a node, columns in characters."""
        line = node.lineno  # type: ignore[attr-defined]
        end_line = getattr(node, "end_lineno", None) or line
        end_col = getattr(node, "end_col_offset", None)
        col = self.char_col(line, node.col_offset)  # type: ignore[attr-defined]
        end = self.char_col(end_line, end_col) if end_col is not None else col
        return line, col, end_line, end

    def text(self, node: ast.AST) -> str:
        """The original text of a node (used to build fixes that keep the author's spelling)."""
        line, col, end_line, end_col = self.span(node)
        if line == end_line:
            return self.lines[line - 1][col:end_col]
        parts = [self.lines[line - 1][col:]]
        parts.extend(self.lines[line : end_line - 1])
        parts.append(self.lines[end_line - 1][:end_col])
        return "".join(parts)
