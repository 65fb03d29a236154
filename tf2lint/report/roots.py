"""Root causes: the import or alias line that breaks, and how many uses in its file depend on it.

``slim = tf.contrib.slim`` flagged once unblocks every ``slim.*`` below it, so a team fixes that
line first. Until Diagnostics say which findings stem from which binding, this works it out from
the file: a flagged ``import``/``from ... import`` or ``name = dotted.name`` statement is a root,
and the loads of the names it binds elsewhere in the file are its uses.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from tf2lint.baseline import collapse, python_lines
from tf2lint.runner import Finding

MAX_STATEMENT = 160


@dataclass
class RootCause:
    statement: str  # the binding statement, whitespace collapsed
    codes: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    files: int = 0
    uses: int = 0  # loads of the bound names, over all files


def _dotted(node: ast.AST) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def _statements(tree: ast.Module) -> Iterator[ast.stmt]:
    """Every statement, nested ones included, without walking into expressions (the costly part)."""
    stack: list[ast.stmt] = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, name, None)
            if isinstance(children, list):
                for child in reversed(children):
                    if isinstance(child, ast.stmt):
                        stack.append(child)
                    else:  # except handlers and match cases hold statements in their own body
                        stack.extend(reversed([c for c in getattr(child, "body", []) if isinstance(c, ast.stmt)]))


def _bindings(tree: ast.Module) -> list[tuple[ast.stmt, list[tuple[str, ast.AST]]]]:
    """Import statements and ``name = a.b.c`` assignments, with each bound name and the node spelling it."""
    found: list[tuple[ast.stmt, list[tuple[str, ast.AST]]]] = []
    for node in _statements(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names: list[tuple[str, ast.AST]] = [
                ((alias.asname or alias.name).split(".")[0], alias) for alias in node.names if alias.name != "*"
            ]
            found.append((node, names))
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and _dotted(node.value)
        ):
            found.append((node, [(node.targets[0].id, node.value)]))
    return found


def _segment(lines: list[str], node: ast.stmt) -> str:
    """The statement's source text (ast.get_source_segment re-splits the whole file on every call)."""
    end_line, end_col = node.end_lineno or node.lineno, node.end_col_offset or 0
    if node.lineno == end_line:
        return lines[node.lineno - 1][node.col_offset : end_col]
    return "\n".join(
        [lines[node.lineno - 1][node.col_offset :], *lines[node.lineno : end_line - 1], lines[end_line - 1][:end_col]]
    )


def _inside(finding: Finding, node: ast.AST) -> bool:
    d = finding.diagnostic
    start = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
    end = (node.end_lineno or node.lineno, node.end_col_offset or 0)  # type: ignore[attr-defined]
    return start <= (d.line, d.col) < end or start == (d.line, d.col)


def file_roots(
    chunks: dict[int | None, str], findings: Sequence[Finding], categories: Sequence[str]
) -> dict[str, RootCause]:
    """Roots in one file (a notebook gives one chunk per cell; they share a namespace)."""
    by_chunk: dict[int | None, list[tuple[Finding, str]]] = {}
    for finding, category in zip(findings, categories, strict=True):
        by_chunk.setdefault(finding.cell, []).append((finding, category))
    trees: dict[int | None, ast.Module] = {}
    for key, text in chunks.items():
        try:
            trees[key] = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
    roots: dict[str, tuple[RootCause, set[str]]] = {}
    for key, tree in trees.items():
        flagged = by_chunk.get(key)
        if not flagged:
            continue
        lines = python_lines(chunks[key])
        flagged_lines = {f.diagnostic.line for f, _ in flagged}
        for statement, names in _bindings(tree):
            last = statement.end_lineno or statement.lineno
            if not any(statement.lineno <= line <= last for line in flagged_lines):
                continue
            hits = [(f, c) for f, c in flagged if _inside(f, statement)]
            bound = {name for name, spelled in names if any(_inside(f, spelled) for f, _ in hits)}
            if not hits or not bound:
                continue
            text = collapse(_segment(lines, statement))[:MAX_STATEMENT]
            root, names_of = roots.setdefault(text, (RootCause(text), set()))
            root.codes.update(f.diagnostic.code for f, _ in hits)
            root.categories.update(c for _, c in hits)
            names_of.update(bound)
    if roots:
        loads = Counter(
            node.id
            for tree in trees.values()
            for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
        )
        for root, names_of in roots.values():
            root.files = 1
            root.uses = sum(loads[name] for name in names_of)
    return {text: root for text, (root, _) in roots.items()}


def merge(into: dict[str, RootCause], found: dict[str, RootCause]) -> None:
    for text, root in found.items():
        total = into.setdefault(text, RootCause(text))
        total.codes |= root.codes
        total.categories |= root.categories
        total.files += root.files
        total.uses += root.uses
