"""Positions between tf2lint (1-based lines, character columns) and LSP (0-based, code units)."""

from __future__ import annotations

import pytest

from tf2lint.server.positions import UTF8, UTF16, UTF32, LineIndex


def test_lines_break_where_python_breaks_them():
    index = LineIndex("a\r\nb\rc\nd\x0ce\u2028f\x85g")
    assert index.lines == ["a", "b", "c", "d\x0ce\u2028f\x85g"]  # form feed, U+2028, NEL are not line breaks
    assert [index.offset(line, 0) for line in (1, 2, 3, 4)] == [0, 3, 5, 7]
    assert index.position_of(5) == (3, 0)
    assert index.line_ending(1) == "\r\n" and index.line_ending(4) == ""


@pytest.mark.parametrize(("encoding", "expected"), [(UTF16, 6), (UTF8, 9), (UTF32, 5)])
def test_columns_count_code_units_of_the_encoding(encoding: str, expected: int):
    index = LineIndex("x\n'é😀' + tf.log\n", encoding)
    assert index.to_lsp(2, 5) == (1, expected)
    assert index.from_lsp(1, expected) == (2, 5)


def test_positions_beyond_the_text_are_clamped():
    index = LineIndex("ab\ncd")
    assert index.to_lsp(9, 9) == (1, 2)
    assert index.from_lsp(0, 99) == (1, 2)
    assert index.from_lsp(7, 0) == (2, 2)
