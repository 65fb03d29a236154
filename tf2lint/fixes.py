"""Apply the certain fixes: edits on the original text, so comments and layout survive byte for byte.

Safety lives here too. A fix is applied only when (1) every edit of it lands inside the text and
overlaps no edit already taken (a finding's edits go in together or not at all), (2) no edit
swallows a comment, (3) a keyword rename cannot collide with an argument already given, and (4) the
whole result still compiles. Positions use Python's line model (see :mod:`tf2lint.lines`).
"""

from __future__ import annotations

import ast
import bisect
import io
import itertools
import re
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from tf2lint.diagnostic import Diagnostic, Edit
from tf2lint.lines import line_starts

if TYPE_CHECKING:
    from tf2lint.api_table import ApiTable
    from tf2lint.source import SourceLines

Span = tuple[int, int, str]  # (start offset, end offset, replacement)


def _span(starts: Sequence[int], text_length: int, edit: Edit) -> Span | None:
    if not (1 <= edit.line <= len(starts) and 1 <= edit.end_line <= len(starts)):
        return None
    start = starts[edit.line - 1] + edit.col
    end = starts[edit.end_line - 1] + edit.end_col
    line_end = starts[edit.line] if edit.line < len(starts) else text_length
    end_line_end = starts[edit.end_line] if edit.end_line < len(starts) else text_length
    if not (0 <= start <= end <= text_length) or start > line_end or end > end_line_end:
        return None  # a column past its own line: the edit was computed for other text
    return start, end, edit.text


@dataclass
class Applied:
    text: str
    fixed: int  # findings whose edits were all applied
    spans: list[Span] = field(default_factory=list)  # the spans applied, in original offsets


def apply_groups(text: str, groups: Iterable[Sequence[Edit]]) -> Applied:
    """Apply groups of edits (one group per finding), each whole or not at all, never overlapping.

    Groups are taken in order of their first edit; one that overlaps a group already taken is left
    for the next pass. Identical edits from two findings are applied once and count for both.
    """
    starts = line_starts(text)
    candidates = []
    for group in groups:
        found = [_span(starts, len(text), edit) for edit in group]
        spans = [span for span in found if span is not None]
        if spans and len(spans) == len(found):
            candidates.append(sorted(spans))
    candidates.sort()
    taken = _Taken()
    fixed = 0
    for spans in candidates:
        fresh = [span for span in spans if not taken.holds(span)]
        if any(a[1] > b[0] or a[0] == b[0] for a, b in itertools.pairwise(fresh)):
            continue
        if any(taken.clashes(span) for span in fresh):
            continue
        for span in fresh:
            taken.add(span)
        fixed += 1
    parts, position = [], 0
    for start, end, replacement in taken.spans:
        parts.append(text[position:start])
        parts.append(replacement)
        position = end
    parts.append(text[position:])
    return Applied("".join(parts), fixed, list(taken.spans))


class _Taken:
    """Spans already chosen, sorted and disjoint, so each check is a binary search."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.spans: list[Span] = []

    def holds(self, span: Span) -> bool:
        index = bisect.bisect_left(self.starts, span[0])
        return index < len(self.spans) and self.spans[index] == span

    def clashes(self, span: Span) -> bool:
        """Overlap, or two changes at one point whose order would be a guess."""
        start, end, _ = span
        index = bisect.bisect_right(self.starts, start)
        before = self.spans[index - 1] if index else None
        after = self.spans[index] if index < len(self.spans) else None
        if before is not None and (before[1] > start or before[0] == start):
            return True
        return after is not None and after[0] < max(end, start + 1)

    def add(self, span: Span) -> None:
        index = bisect.bisect_right(self.starts, span[0])
        self.starts.insert(index, span[0])
        self.spans.insert(index, span)


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply independent edits (each its own group); returns (new text, edits applied)."""
    result = apply_groups(text, ([edit] for edit in edits))
    return result.text, result.fixed


def compile_error(text: str, filename: str = "<fixed>", flags: int = 0) -> str | None:
    """Why ``text`` does not compile (repeated keywords, misplaced ``return`` ...), or None."""
    try:
        compile(text, filename, "exec", flags=flags, dont_inherit=True)
    except SyntaxError as exc:
        return f"{exc.msg} (line {exc.lineno})"
    except (ValueError, RecursionError, MemoryError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


@dataclass
class FixResult:
    text: str
    fixed: int
    refused: str | None = None  # why the fixes were not applied, when they would break the file


def fix_diagnostics(text: str, diagnostics: Iterable[Diagnostic], filename: str = "<fixed>") -> FixResult:
    """Apply the fixes of the given diagnostics, keeping the original if the result would not compile."""
    result = apply_groups(text, (diagnostic.fix for diagnostic in diagnostics if diagnostic.fix))
    if result.text == text:
        return FixResult(text, 0)
    error = compile_error(result.text, filename)
    if error is not None:
        return FixResult(text, 0, f"the fixed code would not compile: {error}")
    return FixResult(result.text, result.fixed)


# -- checks made where the edits are built (called from the catalogue) --------------------------


def _span_text(source: SourceLines, edit: Edit) -> str:
    lines = source.lines
    if not (1 <= edit.line <= edit.end_line <= len(lines)):
        return ""
    if edit.line == edit.end_line:
        return lines[edit.line - 1][edit.col : edit.end_col]
    return "".join(
        [
            lines[edit.line - 1][edit.col :],
            *lines[edit.line : edit.end_line - 1],
            lines[edit.end_line - 1][: edit.end_col],
        ]
    )


def _comments(fragment: str) -> list[str] | None:
    """Comments inside an expression's text, or None when it cannot be tokenised on its own."""
    try:
        tokens = tokenize.generate_tokens(io.StringIO("(" + fragment + "\n)\n").readline)
        return [token.string for token in tokens if token.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None


def keep_comments(edits: tuple[Edit, ...], source: SourceLines) -> tuple[Edit, ...]:
    """The edits, or none at all if one of them would delete a comment it spans."""
    for edit in edits:
        replaced = _span_text(source, edit)
        if "#" not in replaced:
            continue
        comments = _comments(replaced)
        if comments is None or any(comment not in edit.text for comment in comments):
            return ()
    return edits


_KEYWORD = re.compile(r"\s*([^\W\d]\w*)\s*=")
# The earliest parameter slot a keyword could take when the table has no 2.x parameter list (then
# 1.x and 2.x share their leading parameters, but where the new keyword sits is not recorded). The
# first slot is the input (except labels, first in the loss functions); keepdims always follows
# axis. Guessing too early only leaves a rename for manual work; guessing too late could break code.
_EARLIEST_SLOT = {"keepdims": 2, "labels": 0}


def keyword_fix(
    diagnostic: Diagnostic, table: ApiTable, name: str, call: ast.Call, keyword: ast.keyword, source: SourceLines
) -> Diagnostic:
    """``diagnostic`` without its fix if the fix gives ``keyword`` a new name that the call already
    fills, by keyword or by position (``dropout(x, keep_prob=p, rate=None)``,
    ``space_to_batch(x, pads, block_size=2)``): the rewrite would not compile, or would change meaning."""
    if not diagnostic.fix:
        return diagnostic
    line, col, _, _ = source.span(keyword)
    new = None
    for edit in diagnostic.fix:
        if (edit.line, edit.col) == (line, col):
            match = re.match(r"[^\W\d]\w*", edit.text)
            whole = _KEYWORD.match(edit.text)
            new = whole.group(1) if whole else match.group(0) if match else None
    if new is None or new == keyword.arg:
        return diagnostic
    if not keyword_slot_free(table, name, call, new):
        return replace(diagnostic, fix=())
    return diagnostic


def keyword_slot_free(table: ApiTable, name: str, call: ast.Call, new: str) -> bool:
    """Whether ``new=`` can be added to ``call`` without clashing with an argument already given."""
    if any(kw.arg is None or kw.arg == new for kw in call.keywords):
        return False  # already given, or possibly inside **kwargs
    if any(isinstance(arg, ast.Starred) for arg in call.args):
        return False  # *args may reach any slot
    change = table.positional_change(name)
    if change is not None:
        params = change[1]
        return new not in params or params.index(new) >= len(call.args)
    return len(call.args) <= _EARLIEST_SLOT.get(new, 1)
