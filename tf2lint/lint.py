"""The engine's public entry points: lint a parsed tree or raw source, never raising.

Front-ends (flake8, pylint, the CLI) all come through here, so a file gets the same findings in
each. Files that never mention ``tensorflow`` are skipped before any walking: they cannot import it.
"""

from __future__ import annotations

import ast
import io
import logging
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from tf2lint.diagnostic import Diagnostic
from tf2lint.grouping import DEFAULT, Grouping, group
from tf2lint.lines import python_lines
from tf2lint.source import SourceLines

if TYPE_CHECKING:
    from tf2lint.catalogue import Catalogue

log = logging.getLogger("tf2lint")


@lru_cache(maxsize=8)
def get_catalogue(target: str | None = None) -> Catalogue:
    """The rules and the API table for a target, built once. Imported here, not at the top: a run
    over files that never mention TensorFlow (or an editor's save of one) never pays for them."""
    from tf2lint.api_table import api_table
    from tf2lint.catalogue import Catalogue

    return Catalogue(table=api_table(target))


def mentions_tensorflow(lines: Sequence[str]) -> bool:
    return any("tensorflow" in line for line in lines)


def lint_tree(
    tree: ast.AST, lines: Sequence[str], catalogue: Catalogue | None = None, grouping: Grouping = DEFAULT
) -> list[Diagnostic]:
    """Diagnostics for an already parsed module. Internal errors are logged, never raised."""
    try:
        return lint_tree_unguarded(tree, lines, catalogue, grouping)
    except Exception:  # a linter plugin must never take its host down
        log.exception("tf2lint: internal error; this file was skipped")
        return []


def lint_tree_unguarded(
    tree: ast.AST,
    lines: Sequence[str],
    catalogue: Catalogue | None = None,
    grouping: Grouping = DEFAULT,
    target: str | None = None,
    whole: str | None = None,
) -> list[Diagnostic]:
    """lint_tree without the safety net, so tests and fuzzing see internal errors. ``whole`` is
    the text ``lines`` were split from, when the caller has it (it saves joining them again)."""
    if not ("tensorflow" in whole if whole is not None else mentions_tensorflow(lines)):
        return []
    from tf2lint.engine import Walker  # with the catalogue: only for files that mention TensorFlow

    catalogue = catalogue or get_catalogue(target)  # loaded only once a file mentions TensorFlow
    return group(catalogue.finish(Walker(catalogue, SourceLines(lines, whole)).run(tree)), grouping)


@dataclass
class LintResult:
    """Findings for one source, or why it could not be linted."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None
    error_line: int = 1
    error_col: int = 0
    internal_error: str | None = None  # the engine failed: logged, and the CLI reports it (E903)


def decode(data: bytes) -> str:
    """Decode as Python does: BOM, then a coding cookie, then UTF-8."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    return text[1:] if text.startswith("\ufeff") else text


def lint_source(
    source: str | bytes,
    catalogue: Catalogue | None = None,
    grouping: Grouping = DEFAULT,
    target: str | None = None,
) -> LintResult:
    """Parse and lint one module; syntax and decoding problems come back as ``error``.

    A module that never spells ``tensorflow`` cannot import it, so it has nothing to report and is
    not even parsed (a syntax error in it is Python's, flake8's or ruff's to report, not ours):
    on real code that is a tenth of the parsing. Bytes are parsed as they are (Python reads the
    BOM and coding cookie itself) and decoded to text only when the file mentions TensorFlow.
    """
    mentions = b"tensorflow" in source if isinstance(source, bytes) else "tensorflow" in source
    if not mentions:
        return LintResult()
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        message = f"syntax error: {exc.msg}" if exc.lineno else f"cannot decode: {exc.msg}"
        return LintResult(error=message, error_line=exc.lineno or 1, error_col=max((exc.offset or 1) - 1, 0))
    except (ValueError, RecursionError, MemoryError, UnicodeDecodeError, LookupError) as exc:
        return LintResult(error=f"cannot parse: {type(exc).__name__}: {exc}")
    if isinstance(source, bytes):
        try:
            text = decode(source)
        except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
            return LintResult(error=f"cannot decode: {exc}")
    else:
        text = source
    try:
        return LintResult(lint_tree_unguarded(tree, python_lines(text), catalogue, grouping, target, text))
    except Exception as exc:  # a linter plugin must never take its host down; the CLI reports it
        log.exception("tf2lint: internal error; this file was skipped")
        return LintResult(internal_error=f"internal error in tf2lint ({type(exc).__name__}: {exc}); please report it")
