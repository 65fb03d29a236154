"""Code actions: a quick fix per fixable finding, "Disable CODE for this line", and fix-all.

Safe fixes are marked preferred (editors apply them with one key); unsafe ones are offered but not
preferred. ``source.fixAll.tf2lint`` applies the fixes of the enabled tiers to the whole document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lsprotocol import types

from tf2lint.diagnostic import Diagnostic
from tf2lint.server.diagnostics import SOURCE, edit_range, lsp_range, to_lsp
from tf2lint.server.documents import Linted
from tf2lint.server.findings import PARSE_ERROR, applicability, offered
from tf2lint.server.positions import LineIndex

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.{SOURCE}"
NOTEBOOK_FIX_ALL = f"notebook.{FIX_ALL}"
KINDS = [types.CodeActionKind.QuickFix.value, FIX_ALL, NOTEBOOK_FIX_ALL]


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """LSP kinds are hierarchical: asking for ``source.fixAll`` includes ``source.fixAll.tf2lint``."""
    return only is None or any(kind == prefix or kind.startswith(prefix + ".") for prefix in only)


def workspace_edit(changes: dict[str, tuple[int | None, list[types.TextEdit]]], versioned: bool) -> types.WorkspaceEdit:
    """Edits per URI; with ``versioned`` the client refuses them if the document changed since."""
    if versioned:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(types.OptionalVersionedTextDocumentIdentifier(uri, version), list(edits))
                for uri, (version, edits) in changes.items()
            ]
        )
    return types.WorkspaceEdit(changes={uri: list(edits) for uri, (_, edits) in changes.items()})


def _overlaps(a: types.Range, b: types.Range) -> bool:
    start_a, end_a = (a.start.line, a.start.character), (a.end.line, a.end.character)
    start_b, end_b = (b.start.line, b.start.character), (b.end.line, b.end.character)
    return start_a <= end_b and start_b <= end_a


def _title(diagnostic: Diagnostic) -> str:
    title = f"Replace with {diagnostic.replacement}" if diagnostic.replacement else f"Fix {diagnostic.code}"
    tier = applicability(diagnostic)
    return title if tier == "safe" else f"{title} ({tier})"


def quick_fix(doc: Linted, diagnostic: Diagnostic, versioned: bool) -> types.CodeAction:
    edits = [types.TextEdit(edit_range(doc.lines, edit), edit.text) for edit in diagnostic.fix]
    return types.CodeAction(
        title=_title(diagnostic),
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[to_lsp(diagnostic, doc.lines, doc.uri)],
        edit=workspace_edit({doc.uri: (doc.version, edits)}, versioned),
        is_preferred=applicability(diagnostic) == "safe",
    )


# An existing noqa comment that lists codes, to append a code right after its last one (whether a comment
# silences a finding is tf2lint.noqa's question, not this one's).
NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)


def noqa_edit(doc: Linted, line: int, code: str) -> types.TextEdit | None:
    """Add ``code`` to the line's noqa comment, or append one; None where a comment
    cannot go (the line ends inside a string or is continued with a backslash)."""
    if line not in doc.commentable_lines:
        return None
    text = doc.lines.line_text(line - 1)
    match = NOQA.search(text) if "#" in text else None
    if match is not None and match.group("codes"):
        column, insert = match.end("codes"), f", {code}"
    elif match is not None:
        return None  # a bare noqa comment already silences everything on the line
    else:
        column, insert = len(text.rstrip()), f"  # noqa: {code}"
        if column < len(text):  # replace trailing whitespace instead of keeping it before the comment
            position = lsp_range(doc.lines, line, column, line, len(text))
            return types.TextEdit(position, insert)
    position = lsp_range(doc.lines, line, column, line, column)
    return types.TextEdit(position, insert)


def noqa_action(doc: Linted, diagnostic: Diagnostic, versioned: bool) -> types.CodeAction | None:
    edit = noqa_edit(doc, diagnostic.line, diagnostic.code)
    if edit is None:
        return None
    return types.CodeAction(
        title=f"Disable {diagnostic.code} for this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[to_lsp(diagnostic, doc.lines, doc.uri)],
        edit=workspace_edit({doc.uri: (doc.version, [edit])}, versioned),
    )


def line_actions(doc: Linted, request: types.Range, versioned: bool) -> list[types.CodeAction]:
    """Quick fixes first (the preferred one on top), then the noqa actions, for findings in range."""
    fixes: list[types.CodeAction] = []
    disables: list[types.CodeAction] = []
    seen: set[tuple[int, str]] = set()
    for diagnostic in doc.diagnostics:
        if diagnostic.code == PARSE_ERROR:
            continue
        if not _overlaps(
            lsp_range(doc.lines, diagnostic.line, diagnostic.col, diagnostic.end_line, diagnostic.end_col), request
        ):
            continue
        if offered(diagnostic):
            fixes.append(quick_fix(doc, diagnostic, versioned))
        if (diagnostic.line, diagnostic.code) not in seen:
            seen.add((diagnostic.line, diagnostic.code))
            action = noqa_action(doc, diagnostic, versioned)
            if action is not None:
                disables.append(action)
    fixes.sort(key=lambda action: not action.is_preferred)
    return fixes + disables


def minimal_edit(old: str, new: str, lines: LineIndex) -> types.TextEdit:
    """One edit replacing only the changed middle of the text, so the cursor and folds stay put."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    start = lines.position_of(prefix)
    end = lines.position_of(len(old) - suffix)
    return types.TextEdit(lsp_range(lines, *start, *end), new[prefix : len(new) - suffix])


def fix_all_action(
    docs: Sequence[Linted], fixed: dict[str, str], kind: str, versioned: bool
) -> types.CodeAction | None:
    """The fix-all action for these documents (a file, or a notebook's cells), None if nothing changes."""
    changes = {
        doc.uri: (doc.version, [minimal_edit(doc.text, fixed[doc.uri], doc.lines)])
        for doc in docs
        if fixed.get(doc.uri, doc.text) != doc.text
    }
    if not changes:
        return None
    return types.CodeAction(
        title="tf2lint: fix all auto-fixable problems", kind=kind, edit=workspace_edit(changes, versioned)
    )
