"""Import edits for fixes that move a name to another package (``tf.logging`` -> ``absl.logging``).

The fix engine works on offsets into the original text, so an added import is one more edit: the
line ``import absl.logging`` placed right after the file's own ``import tensorflow [as tf]``, with
that line's own line break. libcst would parse the whole file again (and is a heavy import for
plugins that run on every save) to do what one insertion at a known statement boundary does, so
the edits are made here from the tree the linter already has. Only a plain, module-level, one-line
``import tensorflow`` statement is used as the anchor; anything else leaves the fix out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tf2lint.diagnostic import Edit
from tf2lint.source import SourceLines

if TYPE_CHECKING:
    from tf2lint.engine import Reference

_ANCHOR = re.compile(r"import[ \t]+tensorflow(?:[ \t]+as[ \t]+[^\W\d]\w*)?[ \t]*(?:#[^\r\n]*)?(\r\n|\r|\n)?\Z")
_PLAIN_IMPORT = re.compile(r"import[ \t]+([\w.]+)[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n)?\Z")


def imported_modules(source: SourceLines) -> frozenset[str]:
    """Modules the file imports with a module-level ``import a.b`` line (found once per file)."""
    if source.imported is None:
        found = set()
        for line in source.lines:
            if line.startswith("import"):
                match = _PLAIN_IMPORT.match(line)
                if match:
                    found.add(match.group(1))
        source.imported = frozenset(found)
    return source.imported


def add_import(ref: Reference, source: SourceLines, module: str) -> tuple[Edit, ...] | None:
    """The edit that makes ``module`` importable by its dotted name where ``ref`` is used: () when
    the file already imports it, None when there is no plain ``import tensorflow`` line to put it after."""
    if module in imported_modules(source):
        return ()
    origin = ref.origin
    line_number = getattr(origin, "lineno", None)
    if line_number is None or getattr(origin, "col_offset", None) != len("import "):
        return None
    line = source.lines[line_number - 1]
    match = _ANCHOR.match(line)
    if match is None:
        return None
    content = len(line) - len(match.group(1) or "")
    return (Edit(line_number, content, line_number, content, f"{match.group(1) or chr(10)}import {module}"),)


def move_prefix(ref: Reference, source: SourceLines, parts: int, new: str) -> tuple[Edit, ...]:
    """``tf.logging.info`` -> ``absl.logging.info``: replace the first ``parts`` dotted parts of a
    use spelled through the tensorflow module's own alias, and import ``new``. () when not possible."""
    root_parts, _ = ref.root
    if ref.is_import or root_parts != 1 or not ref.qualified.startswith("tensorflow."):
        return ()
    node = ref.node_for(parts)
    if ref.spans and not any(length == parts for length, _ in ref.spans):
        return ()  # the prefix is not spelled on its own (an alias covers more of it)
    imported = add_import(ref, source, new)
    if imported is None:
        return ()
    line, col, end_line, end_col = source.span(node)
    return (*imported, Edit(line, col, end_line, end_col, new))
