"""tf2lint findings as LSP diagnostics: ranges in the client's units, severity by kind, rule links."""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types

from tf2lint.diagnostic import Diagnostic, Edit
from tf2lint.server.findings import PARSE_ERROR, related_locations
from tf2lint.server.positions import LineIndex

SOURCE = "tf2lint"
RULES_URL = "https://github.com/tf2lint/tf2lint/blob/main/rules.md"


def rule_url(code: str) -> str:
    return f"{RULES_URL}#{code.lower()}"


def lsp_range(lines: LineIndex, line: int, col: int, end_line: int, end_col: int) -> types.Range:
    start = lines.to_lsp(line, col)
    end = lines.to_lsp(end_line, end_col)
    end = max(end, start)
    return types.Range(types.Position(*start), types.Position(*end))


def edit_range(lines: LineIndex, edit: Edit) -> types.Range:
    return lsp_range(lines, edit.line, edit.col, edit.end_line, edit.end_col)


def severity(code: str) -> types.DiagnosticSeverity:
    """A file that does not parse is an error; code that breaks on the target a warning; code
    still on ``tf.compat.v1`` (works, not yet migrated) information."""
    if code == PARSE_ERROR:
        return types.DiagnosticSeverity.Error
    if code.startswith("TF0"):
        return types.DiagnosticSeverity.Information
    return types.DiagnosticSeverity.Warning


def to_lsp(diagnostic: Diagnostic, lines: LineIndex, uri: str) -> types.Diagnostic:
    is_rule = diagnostic.code != PARSE_ERROR
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri, lsp_range(lines, *where)), message=message or diagnostic.message
        )
        for *where, message in related_locations(diagnostic)
    ]
    return types.Diagnostic(
        range=lsp_range(lines, diagnostic.line, diagnostic.col, diagnostic.end_line, diagnostic.end_col),
        message=diagnostic.message,
        severity=severity(diagnostic.code),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=rule_url(diagnostic.code)) if is_rule else None,
        source=SOURCE,
        tags=[types.DiagnosticTag.Deprecated] if is_rule else None,  # the 1.x spelling is struck through
        related_information=related or None,
        data={"fixable": bool(diagnostic.fix)} if is_rule else None,
    )


def to_lsp_all(diagnostics: Iterable[Diagnostic], lines: LineIndex, uri: str) -> list[types.Diagnostic]:
    return [to_lsp(diagnostic, lines, uri) for diagnostic in diagnostics]
