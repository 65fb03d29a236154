"""Jupyter notebooks: lint code cells one by one, write fixes back keeping outputs and metadata.

IPython syntax (``%magic``, ``!shell``, ``x = !cmd``, ``obj?``) is masked into comments of the same
length before parsing, so line and column numbers inside a cell stay those of the original. Cells
that start with a cell magic (``%%bash``) are not Python and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nbformat

IPYTHON_LINE = re.compile(r"^\s*(?:[%!]|\w+\s*=\s*[%!])|\?\s*$")


@dataclass
class Cell:
    number: int  # 1-based among all cells, as Jupyter shows execution-independent positions
    index: int  # position in notebook.cells
    source: str  # original text
    python: str  # text with IPython syntax masked


def mask_ipython(source: str) -> str:
    lines = source.splitlines(keepends=True)
    masked = []
    for line in lines:
        if IPYTHON_LINE.search(line):
            body = line.rstrip("\r\n")
            masked.append("#" + body[1:] + line[len(body):] if body else line)
        else:
            masked.append(line)
    return "".join(masked)


def read_notebook(data: bytes) -> nbformat.NotebookNode:
    """Parse a notebook; raises ValueError with a readable reason for a broken file."""
    try:
        return nbformat.reads(data.decode("utf-8"), as_version=4)
    except Exception as exc:  # nbformat raises many kinds: JSON, validation, version errors
        raise ValueError(f"not a readable notebook: {exc}") from exc


def code_cells(notebook: nbformat.NotebookNode) -> list[Cell]:
    cells = []
    for index, cell in enumerate(notebook.cells):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        if source.lstrip().startswith("%%"):
            continue
        cells.append(Cell(index + 1, index, source, mask_ipython(source)))
    return cells


def write_notebook(notebook: nbformat.NotebookNode, new_sources: dict[int, str]) -> str:
    for index, source in new_sources.items():
        notebook.cells[index]["source"] = source
    return nbformat.writes(notebook)
