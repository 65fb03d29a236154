"""Jupyter notebooks: find the code cells, mask IPython syntax, and write fixed cells back.

Reading: the json module parses the notebook (nbformat 3 and 4; anything else, a missing version
or a source that is not text is refused with a reason). nbformat is not used: it re-serialises the
whole notebook on write (indent, key order, cell ids, nbformat version, final newline would all
change), validates slowly, and importing it costs more than linting a small file. Writing: a small
JSON scanner finds where each source sits in the text, only the text of the edited sources is
replaced, every other byte stays, and the result is parsed again to prove that nothing but those
sources changed.

Masking: IPython syntax (``%magic``, ``!shell``, ``x = !cmd``, ``obj?``) is replaced by a no-op of
the same length (``0#...``), so positions inside a cell stay those of the original and a magic that
is the only body of a block still leaves a statement there. Only what IPython's own input
transformer would rewrite is masked: escapes at the start of a logical line, ``= %magic`` and
``= !cmd`` assignments, and help queries ending a logical line; never a ``?`` in a comment or a
``%`` continuing an expression. Cells that start with a cell magic (``%%bash``) are not Python and
are skipped.
"""

from __future__ import annotations

import json
import json.decoder
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tf2lint.lines import python_lines

SOURCE_KEYS = ("source", "input")  # nbformat 4 and nbformat 3
JsonPath = tuple[str | int, ...]  # keys and indexes from the document's root to a value
Spans = dict[JsonPath, tuple[int, int, list[tuple[int, int]]]]  # value span, and its items' spans
# The json module's own (C) string scanner: documented nowhere but stable since Python 2.6; the
# typeshed stubs do not list it, hence the typed look-up.
scanstring: Callable[[str, int, bool], tuple[str, int]] = getattr(json.decoder, "scanstring")  # noqa: B009


def _unreadable(reason: str) -> ValueError:
    return ValueError(f"not a readable notebook: {reason}")


@dataclass
class Cell:
    number: int  # 1-based among all cells, as Jupyter shows execution-independent positions
    index: int  # position among the notebook's cells (worksheets flattened, for nbformat 3)
    source: str  # original text
    python: str  # text with IPython syntax masked
    path: JsonPath = ()  # where its source lives in the JSON document
    stored: list[str] = field(default_factory=list)  # the source as stored: one string or its lines
    split: list[str] = field(default_factory=list)  # the same after fixes
    is_list: bool = False


# -- JSON with positions ----------------------------------------------------------------------

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_CONSTANTS = {
    "true": True,
    "false": False,
    "null": None,
    "NaN": float("nan"),
    "Infinity": float("inf"),
    "-Infinity": float("-inf"),
}


class _Scanner:
    """A JSON parser that remembers the text span of every value stored under a source key, and of
    each item when that value is a list. Strings go through the json module's own scanner."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: Spans = {}

    def parse(self) -> Any:
        value, end = self._value(_WHITESPACE.match(self.text, 0).end(), ())  # type: ignore[union-attr]
        end = _WHITESPACE.match(self.text, end).end()  # type: ignore[union-attr]
        if end != len(self.text):
            raise ValueError(f"extra data at offset {end}")
        return value

    def _value(self, index: int, path: JsonPath) -> tuple[Any, int]:
        text = self.text
        char = text[index : index + 1]
        if char == '"':
            return scanstring(text, index + 1, True)
        if char == "{":
            return self._object(index + 1, path)
        if char == "[":
            return self._array(index + 1, path)
        number = _NUMBER.match(text, index)
        if number:
            literal = number.group()
            return (float(literal) if any(c in literal for c in ".eE") else int(literal)), number.end()
        for word, value in _CONSTANTS.items():
            if text.startswith(word, index):
                return value, index + len(word)
        raise ValueError(f"unexpected {char!r} at offset {index}")

    def _skip(self, index: int) -> int:
        return _WHITESPACE.match(self.text, index).end()  # type: ignore[union-attr]

    def _object(self, index: int, path: JsonPath) -> tuple[dict[str, Any], int]:
        text, result = self.text, dict[str, Any]()
        index = self._skip(index)
        if text[index : index + 1] == "}":
            return result, index + 1
        while True:
            if text[index : index + 1] != '"':
                raise ValueError(f"expected a key at offset {index}")
            key, index = scanstring(text, index + 1, True)
            index = self._skip(index)
            if text[index : index + 1] != ":":
                raise ValueError(f"expected ':' at offset {index}")
            index = self._skip(index + 1)
            start = index
            items: list[tuple[int, int]] = []
            inner: JsonPath = (*path, key)
            if key in SOURCE_KEYS and text[index : index + 1] == "[":
                value, index = self._array(index + 1, inner, items)
            else:
                value, index = self._value(index, inner)
            if key in SOURCE_KEYS:
                self.spans[inner] = (start, index, items)
            result[key] = value
            index = self._skip(index)
            char = text[index : index + 1]
            if char == "}":
                return result, index + 1
            if char != ",":
                raise ValueError(f"expected ',' or '}}' at offset {index}")
            index = self._skip(index + 1)

    def _array(self, index: int, path: JsonPath, items: list[tuple[int, int]] | None = None) -> tuple[list[Any], int]:
        text, result = self.text, list[Any]()
        index = self._skip(index)
        if text[index : index + 1] == "]":
            return result, index + 1
        while True:
            start = index
            value, index = self._value(index, (*path, len(result)))
            if items is not None:
                items.append((start, index))
            result.append(value)
            index = self._skip(index)
            char = text[index : index + 1]
            if char == "]":
                return result, index + 1
            if char != ",":
                raise ValueError(f"expected ',' or ']' at offset {index}")
            index = self._skip(index + 1)


@dataclass
class Notebook:
    text: str  # the JSON document, decoded
    data: dict[str, Any]
    cells: list[Cell]  # code cells that are Python
    bom: bool = False
    _spans: Spans | None = None

    @property
    def spans(self) -> Spans:
        """Where each source sits in the text: scanned only when a fix is written (the json
        module's C parser reads the notebook for linting)."""
        if self._spans is None:
            scanner = _Scanner(self.text)
            try:
                same = scanner.parse() == self.data
            except (ValueError, IndexError, RecursionError):
                same = False
            self._spans = scanner.spans if same else {}
        return self._spans


def read_notebook(data: bytes) -> Notebook:
    """Parse a notebook; raises ValueError with a one-line reason for anything we cannot read."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not a readable notebook: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"not a readable notebook: invalid JSON ({exc})") from exc
    if not isinstance(document, dict):
        raise _unreadable("the document is not a JSON object")
    version = document.get("nbformat")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _unreadable('no "nbformat" version')
    return Notebook(body, document, _code_cells(document, version), bom)


def code_cells(book: Notebook) -> list[Cell]:
    """The notebook's Python code cells, in order (cell magics left out)."""
    return book.cells


def _cell_entries(document: dict[str, Any], version: int) -> list[tuple[JsonPath, Any, str]]:
    """(path of the cell, the cell, its source key) for every cell, in order."""
    if version == 4:
        cells = document.get("cells")
        if not isinstance(cells, list):
            raise _unreadable('"cells" is not a list')
        return [(("cells", i), cell, "source") for i, cell in enumerate(cells)]
    if version == 3:
        sheets = document.get("worksheets", [])
        if not isinstance(sheets, list):
            raise _unreadable('"worksheets" is not a list')
        entries: list[tuple[JsonPath, Any, str]] = []
        for w, sheet in enumerate(sheets):
            cells = sheet.get("cells", []) if isinstance(sheet, dict) else None
            if not isinstance(cells, list):
                raise _unreadable(f"worksheet {w + 1} has no list of cells")
            entries.extend((("worksheets", w, "cells", i), cell, "input") for i, cell in enumerate(cells))
        return entries
    raise ValueError(f"not a readable notebook: nbformat {version} is not supported (3 and 4 are)")


def _code_cells(document: dict[str, Any], version: int) -> list[Cell]:
    cells = []
    for index, (path, cell, key) in enumerate(_cell_entries(document, version)):
        if not isinstance(cell, dict):
            raise _unreadable(f"cell {index + 1} is not an object")
        if cell.get("cell_type") != "code":
            continue
        stored = cell.get(key, "")
        if isinstance(stored, list) and all(isinstance(part, str) for part in stored):
            source, split, is_list = "".join(stored), list(stored), True
        elif isinstance(stored, str):
            source, split, is_list = stored, [stored], False
        else:
            raise _unreadable(f"cell {index + 1} has a {key} that is not text")
        if source.lstrip().startswith("%%"):
            continue
        cells.append(Cell(index + 1, index, source, mask_ipython(source), (*path, key), split, list(split), is_list))
    return cells


def resplit(items: list[str], spans: list[tuple[int, int, str]]) -> list[str] | None:
    """The list items of a source after edits (offsets into the joined items, sorted, disjoint):
    each item takes its own edits. None when an edit crosses the boundary between two items."""
    pieces = []
    queue = deque(spans)
    offset = 0
    for number, item in enumerate(items):
        start, end = offset, offset + len(item)
        last = number == len(items) - 1
        out, here = [], start
        while queue and (queue[0][0] < end or (last and queue[0][0] == end)):
            edit_start, edit_end, text = queue.popleft()
            if edit_end > end:
                return None
            out += [item[here - start : edit_start - start], text]
            here = edit_end
        out.append(item[here - start :])
        pieces.append("".join(out))
        offset = end
    return None if queue else pieces


def write_notebook(book: Notebook, changed: list[Cell]) -> str | None:
    """The notebook text with the changed cells' sources replaced and every other byte kept; None
    when that cannot be done exactly."""
    replacements = []
    for cell in changed:
        span = book.spans.get(cell.path)
        if span is None:
            return None
        start, end, items = span
        if cell.is_list:
            if len(items) != len(cell.stored) or len(cell.split) != len(cell.stored):
                return None
            for (item_start, item_end), old, new in zip(items, cell.stored, cell.split, strict=True):
                if old != new:
                    replacements.append((item_start, item_end, _dump(new, book.text[item_start:item_end])))
        else:
            replacements.append((start, end, _dump(cell.source, book.text[start:end])))
    replacements.sort()
    parts, position = [], 0
    for start, end, text in replacements:
        parts.append(book.text[position:start])
        parts.append(text)
        position = end
    parts.append(book.text[position:])
    text = "".join(parts)
    if not _only_sources_changed(book, text, changed):
        return None
    return ("\ufeff" if book.bom else "") + text


def _dump(value: str, original: str) -> str:
    """A JSON string in the style of the one it replaces (escaped or raw non-ASCII characters)."""
    escaped = original.isascii() and not value.isascii()
    return json.dumps(value, ensure_ascii=escaped)


def _only_sources_changed(book: Notebook, text: str, changed: list[Cell]) -> bool:
    """Parse the result again: it must be the original document with only those sources changed."""
    try:
        again = json.loads(text)
        expected = json.loads(book.text)
    except ValueError:
        return False
    for cell in changed:
        container = expected
        for step in cell.path[:-1]:
            container = container[step]
        container[cell.path[-1]] = list(cell.split) if cell.is_list else cell.source
    return bool(again == expected)


# -- IPython masking ----------------------------------------------------------------------------

ESCAPES = frozenset("!?%,;/")  # what IPython rewrites when it starts a logical line
_HELP_END = re.compile(r"%{0,2}[a-zA-Z_*][\w*]*(?:\.[a-zA-Z_*][\w*]*)*\?\??$")
_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\f]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>(?:[rRbBuUfF]{1,2})?(?:'''|\"\"\"|'|"))
  | (?P<continuation>\\(?:\r\n|\r|\n)?$)
  | (?P<newline>\r\n|\r|\n)
  | (?P<op>\*\*=|//=|>>=|<<=|==|!=|<=|>=|:=|->|[-+*/%@&|^]=|[(\[{]|[)\]}]|=)
  | (?P<name>\w+)
  | (?P<other>.)
""",
    re.VERBOSE,
)
_TRIPLE_END = {q: re.compile(r"(?:[^\\]|\\.)*?" + q, re.DOTALL) for q in ("'''", '"""')}
_SINGLE_BODY = {q: re.compile(r"(?:[^\\\r\n" + q + r"]|\\(?:\r\n|[\s\S]))*") for q in ("'", '"')}


def _string_end(line: str, position: int, quote: str) -> tuple[int, bool]:
    """Where a string opened with ``quote`` ends on this line, and whether it is still open after it."""
    if len(quote) == 3:
        match = _TRIPLE_END[quote].match(line, position)
        return (match.end(), False) if match else (len(line), True)
    end = _SINGLE_BODY[quote].match(line, position).end()  # type: ignore[union-attr]
    if line.startswith(quote, end):
        return end + 1, False
    return len(line), end == len(line) and line.endswith(("\\\n", "\\\r", "\\\r\n"))


@dataclass
class _Logical:
    """One logical line: where it starts and the tokens IPython looks at."""

    first: tuple[int, int]  # (physical line index, column) of its first token
    first_token: str
    last_line: int = 0
    assign: tuple[int, int] | None = None  # the first plain '=' outside brackets
    after_assign: str = ""  # the text following that '='
    ends_with_question: tuple[int, int] | None = None  # position of a final '?' token


def _logical_lines(lines: list[str]) -> list[_Logical]:
    """Group physical lines into logical lines as Python's tokenizer does (brackets, strings and
    backslashes continue a line), recording what IPython's transformers need. An escaped command or
    a ``= !cmd`` / ``= %magic`` assignment ends the lexing of its line: IPython replaces it (and its
    backslash-continued lines) before reading on, so its text never opens a bracket or a string."""
    result: list[_Logical] = []
    current: _Logical | None = None
    depth = 0
    open_string: str | None = None  # the quote of a string still open at the end of a line
    last_token = ""
    last_position = (0, 0)
    number = 0
    while number < len(lines):
        line = lines[number]
        position = 0
        command_end: int | None = None
        if open_string is not None:
            position, still_open = _string_end(line, 0, open_string)
            if still_open:
                number += 1
                continue
            open_string = None
            last_token, last_position = "string", (number, 0)
        continued = False
        while position < len(line):
            match = _TOKEN.match(line, position)
            assert match is not None
            kind, text = match.lastgroup, match.group()
            start = position
            position = match.end()
            if kind in ("space", "comment"):
                if kind == "comment" and current is not None:
                    last_token = "comment"
                continue
            if kind == "newline":
                break
            if kind == "continuation":
                continued = True
                break
            if current is None:
                current = _Logical((number, start), text if kind != "string" else "string")
                if text in ESCAPES:
                    command_end = _continued_end(lines, number)
                    break
            if kind == "string":
                quote = text.lstrip("rRbBuUfF")
                position, still_open = _string_end(line, position, quote)
                if still_open:
                    open_string = quote
                last_token, last_position = "string", (number, start)
                continue
            if kind == "op":
                if text in "([{":
                    depth += 1
                elif text in ")]}":
                    depth = max(depth - 1, 0)
                elif text == "=" and depth == 0 and current.assign is None:
                    current.assign = (number, start)
                    current.after_assign = line[position:].lstrip(" \t\f")
                    if _assigns_command(line, current.after_assign):
                        command_end = _continued_end(lines, number)
                        break
            last_token, last_position = text, (number, start)
        if command_end is not None:
            assert current is not None
            current.last_line = command_end
            result.append(current)
            current, depth, last_token, open_string = None, 0, "", None
            number = command_end + 1
            continue
        if current is not None and (depth > 0 or open_string is not None or continued):
            number += 1
            continue  # the logical line goes on
        if current is not None:
            current.last_line = number
            if last_token == "?":
                current.ends_with_question = last_position
            result.append(current)
        current, depth, last_token = None, 0, ""
        number += 1
    if current is not None:
        current.last_line = len(lines) - 1
        if last_token == "?":
            current.ends_with_question = last_position
        result.append(current)
    return result


_MAGIC_CALL = re.compile(r"%[ \t\f]*[^\W\d]")


def _assigns_command(line: str, after: str) -> bool:
    """``x = !cmd`` or ``x = %magic``, as IPython's SystemAssign and MagicAssign recognise them."""
    return not line.strip().startswith("=") and (after.startswith("!") or bool(_MAGIC_CALL.match(after)))


def _continued_end(lines: list[str], number: int) -> int:
    """The last physical line of a command continued with trailing backslashes."""
    while number + 1 < len(lines) and lines[number].rstrip("\r\n").endswith("\\"):
        number += 1
    return number


def mask_ipython(source: str) -> str:
    """The cell with IPython syntax replaced by same-length no-ops (see the module docstring)."""
    if not any(char in source for char in "!?%,;/"):
        return source
    lines = python_lines(source)
    masked = list(lines)
    for logical in _logical_lines(lines):
        line, col = logical.first
        region: tuple[int, int, int] | None = None  # (first line, column, last line)
        if logical.ends_with_question is not None:
            q_line, q_col = logical.ends_with_question
            if q_line == line:
                content = lines[line][col : q_col + 1]
            else:
                content = lines[line][col:] + "".join(lines[line + 1 : q_line]) + lines[q_line][: q_col + 1]
            if _HELP_END.search(content):
                region = (line, col, logical.last_line)
        if region is None and logical.first_token in ESCAPES:
            region = (line, col, logical.last_line)
        if region is None and logical.assign is not None:
            a_line, a_col = logical.assign
            if _assigns_command(lines[a_line], logical.after_assign):
                rhs_col = len(lines[a_line]) - len(lines[a_line][a_col + 1 :].lstrip(" \t\f"))
                region = (a_line, rhs_col, logical.last_line)
        if region is not None:
            first, column, last = region
            masked[first] = _no_op(lines[first], column)
            for number in range(first + 1, last + 1):
                masked[number] = _comment_out(lines[number])
    return "".join(masked)


def _no_op(line: str, column: int) -> str:
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    rest = body[column:]
    if not rest:
        return line
    return body[:column] + ("0" if len(rest) == 1 else "0#" + rest[2:]) + ending


def _comment_out(line: str) -> str:
    body = line.rstrip("\r\n")
    stripped = body.lstrip(" \t\f")
    if not stripped:
        return line
    indent = body[: len(body) - len(stripped)]
    return indent + "#" + stripped[1:] + line[len(body) :]
