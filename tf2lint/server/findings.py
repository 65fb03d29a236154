"""From document text to tf2lint findings, for Python files and notebook cells, and fix-all.

Everything the server needs from the engine goes through the small functions at the top of this
module (one per touch point), so that changes to the engine's API are adapted in one place.
Findings keep tf2lint's own positions (1-based lines, character columns) relative to the document
they are shown in: the file, or for a notebook, the cell.
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from tf2lint import noqa, notebook
from tf2lint.config import Settings
from tf2lint.diagnostic import Diagnostic, Edit
from tf2lint.fixes import apply_edits
from tf2lint.lines import python_lines
from tf2lint.lint import LintResult, get_catalogue, lint_source
from tf2lint.server.positions import NEWLINE, LineIndex

PARSE_ERROR = "E999"
MAX_FIX_PASSES = 4  # as the CLI: a fix can uncover another (a renamed call whose keyword also changed)

# --- touch points on the engine's API -------------------------------------------------------------


def check_target(target: str | None) -> str | None:
    """Why ``target`` is not a release tf2lint knows, or None when it is."""
    try:
        get_catalogue(target)
    except ValueError as exc:
        return str(exc)
    return None


def lint(text: str, target: str | None) -> LintResult:
    return lint_source(text, get_catalogue(target))


def applicability(diagnostic: Diagnostic) -> str:
    """'safe', 'unsafe', 'compat' or 'display' (a suggestion, never applied), from the change kind."""
    value = str(getattr(diagnostic, "applicability", "safe") or "safe")
    return "display" if value == "display-only" else value


def related_locations(diagnostic: Diagnostic) -> list[tuple[int, int, int, int, str]]:
    """Other places that explain a finding, as (line, col, end_line, end_col, message)."""
    found = []
    for item in getattr(diagnostic, "related", ()) or ():
        try:
            found.append(
                (
                    int(item.line),
                    int(item.col),
                    int(getattr(item, "end_line", item.line)),
                    int(getattr(item, "end_col", item.col)),
                    str(getattr(item, "message", "")),
                )
            )
        except (AttributeError, TypeError, ValueError):
            continue
    return found


def apply(text: str, edits: Iterable[Edit]) -> str:
    return apply_edits(text, edits)[0]


def cell_python(source: str) -> str | None:
    """A code cell as Python with IPython syntax masked (same positions), or None for a cell magic."""
    if source.lstrip().startswith("%%"):
        return None
    return notebook.mask_ipython(source)


def unsilenced(diagnostics: list[Diagnostic], text: str) -> list[Diagnostic]:
    """The findings no ``# noqa`` comment silences, read as the command reads them
    (:mod:`tf2lint.noqa`, flake8's semantics), so an editor and ``tf2lint`` agree."""
    if not diagnostics or "noqa" not in text.lower():
        return diagnostics
    silenced = noqa.suppressed(python_lines(text), [(d.line, d.code) for d in diagnostics])
    return [d for index, d in enumerate(diagnostics) if index not in silenced]


# --- documents -----------------------------------------------------------------------------------


def _problem(message: str, line: int, col: int) -> Diagnostic:
    return Diagnostic(line, col, line, col + 1, PARSE_ERROR, message)


def _kept(
    diagnostics: Iterable[Diagnostic], settings: Settings, path: Path | None, lines: LineIndex
) -> list[Diagnostic]:
    selects = settings.selector(path)
    return unsilenced([d for d in diagnostics if selects(d.code)], lines.text)


def analyse_python(text: str, settings: Settings, path: Path | None) -> list[Diagnostic]:
    """Findings for a Python document; a document that does not parse gives one E999 finding."""
    result = lint(text, settings.target)
    if result.error:
        return [_problem(result.error, result.error_line, result.error_col)]
    return sorted(_kept(result.diagnostics, settings, path, LineIndex(text)))


def _syntax_problem(exc: BaseException) -> Diagnostic:
    line = getattr(exc, "lineno", None) or 1
    col = max((getattr(exc, "offset", None) or 1) - 1, 0)
    return _problem(f"syntax error: {getattr(exc, 'msg', None) or exc}", line, col)


def analyse_notebook(
    cells: Sequence[tuple[str, str]], settings: Settings, path: Path | None
) -> dict[str, list[Diagnostic]]:
    """Findings per cell URI for the code cells of a notebook, linted together as one namespace.

    A cell that does not parse gets an E999 finding and is left out; the others are still linted.
    """
    found: dict[str, list[Diagnostic]] = {uri: [] for uri, _ in cells}
    parts: list[str] = []
    placed: list[tuple[str, str]] = []  # (uri, original source) of each linted cell
    starts: list[int] = []  # first line of each linted cell in the joined module
    line = 1
    for uri, source in cells:
        python = cell_python(source)
        if python is None:
            continue
        try:
            ast.parse(python)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            found[uri].append(_syntax_problem(exc))
            continue
        python = python if python.endswith("\n") else python + "\n"  # "\r" + "\n" stays one line break
        parts.append(python)
        placed.append((uri, source))
        starts.append(line)
        line += len(NEWLINE.findall(python))
    if not parts:
        return found
    result = lint("".join(parts), settings.target)
    if result.error:  # cells that parse alone but not together (a late ``from __future__``)
        position = max(bisect.bisect_right(starts, result.error_line) - 1, 0)
        cell_line = result.error_line - starts[position] + 1
        found[placed[position][0]].append(_problem(result.error, cell_line, result.error_col))
        return found
    indexes = [LineIndex(source) for _, source in placed]
    selects = settings.selector(path)
    for diagnostic in result.diagnostics:
        if not selects(diagnostic.code):
            continue
        position = max(bisect.bisect_right(starts, diagnostic.line) - 1, 0)
        shift = starts[position] - 1
        edits = tuple(replace(edit, line=edit.line - shift, end_line=edit.end_line - shift) for edit in diagnostic.fix)
        last = starts[position + 1] - 1 - shift if position + 1 < len(starts) else len(indexes[position].lines)
        if any(edit.line < 1 or edit.end_line > last for edit in edits):
            edits = ()  # an edit reaching outside the cell is not offered
        local = replace(diagnostic, line=diagnostic.line - shift, end_line=diagnostic.end_line - shift, fix=edits)
        found[placed[position][0]].append(local)
    for key, source in placed:
        found[key] = sorted(unsilenced(found[key], source))
    return found


# --- fixes ---------------------------------------------------------------------------------------


def fix_tiers(unsafe: bool, compat: bool = False) -> frozenset[str]:
    """The applicabilities fix-all applies: safe ones always, unsafe and compat ones when enabled."""
    return frozenset({"safe"} | ({"unsafe"} if unsafe else set()) | ({"compat"} if compat else set()))


def offered(diagnostic: Diagnostic) -> bool:
    """A quick fix is offered for every fix that may be applied (not for display-only ones)."""
    return bool(diagnostic.fix) and diagnostic.code != PARSE_ERROR and applicability(diagnostic) != "display"


def _tier_edits(diagnostic: Diagnostic, tiers: frozenset[str]) -> tuple[Edit, ...]:
    """What fix-all applies for a finding: its fix when its tier is enabled, else (an unsafe fix
    with only compat fixes on) its tf.compat.v1 alternative, as ``tf2lint --fix`` does."""
    if offered(diagnostic) and applicability(diagnostic) in tiers:
        return tuple(diagnostic.fix)
    if "compat" in tiers and diagnostic.code != PARSE_ERROR:
        return tuple(getattr(diagnostic, "compat_fix", ()))
    return ()


def parses(python: str) -> bool:
    try:
        ast.parse(python)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def fix_all(
    texts: dict[str, str],
    analyse: Callable[[dict[str, str]], dict[str, list[Diagnostic]]],
    as_python: Callable[[str], str | None],
    tiers: frozenset[str],
) -> dict[str, str]:
    """Apply the fixes of the given tiers until nothing changes; a document whose result would
    not parse keeps its last good text. ``texts`` maps URIs to text (one file, or a notebook's cells)."""
    texts = dict(texts)
    for _ in range(MAX_FIX_PASSES):
        changed = False
        for uri, diagnostics in analyse(texts).items():
            edits = [edit for d in diagnostics for edit in _tier_edits(d, tiers)]
            if not edits:
                continue
            new_text = apply(texts[uri], edits)
            python = as_python(new_text)
            if new_text != texts[uri] and (python is None or parses(python)):
                texts[uri] = new_text
                changed = True
        if not changed:
            break
    return texts
