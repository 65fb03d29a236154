"""Hover on a flagged name: the rule's short explanation, what to write instead, and its docs link."""

from __future__ import annotations

from functools import lru_cache

from lsprotocol import types

from tf2lint.rule import Rule
from tf2lint.server.diagnostics import lsp_range, rule_url
from tf2lint.server.documents import Linted
from tf2lint.server.findings import PARSE_ERROR, applicability


@lru_cache(maxsize=1)
def rules_by_code() -> dict[str, Rule]:
    from tf2lint.rules import ALL_RULES

    return {rule.code: rule for rule in ALL_RULES}


def hover(doc: Linted, position: types.Position) -> types.Hover | None:
    line, col = doc.lines.from_lsp(position.line, position.character)
    sections = []
    first = None
    for diagnostic in doc.diagnostics:
        if diagnostic.code == PARSE_ERROR or not (diagnostic.line, diagnostic.col) <= (line, col) <= (diagnostic.end_line, diagnostic.end_col):
            continue
        first = first or diagnostic
        rule = rules_by_code().get(diagnostic.code)
        title = f"**{diagnostic.code}**" + (f" `{rule.symbol}` — {rule.title}" if rule else "")
        text = [title, "", diagnostic.message]
        if rule and rule.why:
            text += ["", rule.why]
        if diagnostic.replacement:
            fix = " (quick fix available)" if diagnostic.fix and applicability(diagnostic) != "display" else ""
            text += ["", f"Use instead: `{diagnostic.replacement}`{fix}"]
        text += ["", f"[{diagnostic.code} in rules.md]({rule_url(diagnostic.code)})"]
        sections.append("\n".join(text))
    if first is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)),
        range=lsp_range(doc.lines, first.line, first.col, first.end_line, first.end_col),
    )
