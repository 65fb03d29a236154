"""Apply the certain fixes: edits on the original text, so comments and layout survive byte for byte."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass

from tf2lint.diagnostic import Diagnostic, Edit


def _offsets(text: str) -> list[int]:
    """Start offset of every line (1-based line n starts at offsets[n - 1])."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply non-overlapping edits from the end backwards; returns (new text, edits applied)."""
    starts = _offsets(text)
    spans = []
    for edit in edits:
        if edit.line > len(starts) or edit.end_line > len(starts):
            continue
        spans.append((starts[edit.line - 1] + edit.col, starts[edit.end_line - 1] + edit.end_col, edit.text))
    applied = 0
    last_start = len(text) + 1
    for start, end, replacement in sorted(set(spans), reverse=True):
        if end > last_start or start > end:
            continue  # overlaps an edit already applied: left for the next pass
        text = text[:start] + replacement + text[end:]
        last_start = start
        applied += 1
    return text, applied


@dataclass
class FixResult:
    text: str
    fixed: int


def fix_diagnostics(text: str, diagnostics: Iterable[Diagnostic]) -> FixResult:
    """Apply the fixes of the given diagnostics, keeping the original if the result would not parse."""
    chosen = [diagnostic for diagnostic in diagnostics if diagnostic.fix]
    new_text, _ = apply_edits(text, (edit for diagnostic in chosen for edit in diagnostic.fix))
    if new_text == text:
        return FixResult(text, 0)
    try:
        ast.parse(new_text)
    except (SyntaxError, ValueError):
        return FixResult(text, 0)
    return FixResult(new_text, len(chosen))
