"""Lint (and optionally fix) one file at a time, Python or notebook, in this process or a pool.

Each file becomes a :class:`FileReport`: its selected findings, a read/parse error if any, and the
fixed text when fixing. Reports are plain data so they cross process boundaries, and the CLI prints
them in the order of its file list, whatever order the workers finish in.
"""

from __future__ import annotations

import ast
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from tf2lint import notebook
from tf2lint.config import Settings
from tf2lint.diagnostic import Diagnostic
from tf2lint.diagnostic import Edit
from tf2lint.fixes import apply_edits, fix_diagnostics
from tf2lint.grouping import Grouping
from tf2lint.lint import decode, get_catalogue, lint_source

MAX_FIX_PASSES = 4


@dataclass
class Finding:
    """A diagnostic placed in a file (and, for notebooks, a cell)."""

    diagnostic: Diagnostic
    cell: int | None = None
    notebook_line: int | None = None  # line counted over all code cells, for tools without cells


@dataclass
class Problem:
    """Why (part of) a file could not be linted: reported like a finding, and the run goes on."""

    message: str
    line: int = 1
    col: int = 0
    cell: int | None = None
    io_error: bool = False  # unreadable file: exit status 2, like any I/O error


@dataclass
class FileReport:
    path: Path
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fixed: int = 0
    original: str | None = None  # set when a fix changed the text
    new_text: str | None = None


def _selected(diagnostics: Sequence[Diagnostic], settings: Settings, path: Path) -> list[Diagnostic]:
    if not diagnostics:
        return []
    selects = settings.selector(path)
    return [d for d in diagnostics if selects(d.code)]


def _lint_text(text: str, settings: Settings, path: Path, fix: bool) -> tuple[list[Diagnostic], str, int, Problem | None]:
    """Lint Python text; with ``fix``, apply certain fixes until nothing changes. Returns
    (remaining findings, final text, fixes applied, error)."""
    catalogue = get_catalogue(settings.target)
    grouping = Grouping(settings.report_uses, settings.selector(path))
    result = lint_source(text, catalogue, grouping)
    if result.error:
        return [], text, 0, Problem(result.error, result.error_line, result.error_col)
    found = _selected(result.diagnostics, settings, path)
    fixed_total = 0
    passes = 0
    while fix and passes < MAX_FIX_PASSES and any(d.fix for d in found):
        outcome = fix_diagnostics(text, found)
        if outcome.fixed == 0:
            break
        text, fixed_total, passes = outcome.text, fixed_total + outcome.fixed, passes + 1
        found = _selected(lint_source(text, catalogue, grouping).diagnostics, settings, path)
    return found, text, fixed_total, None


def lint_python(path: Path, data: bytes, settings: Settings, fix: bool) -> FileReport:
    report = FileReport(path)
    try:
        text = decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        report.problems.append(Problem(f"cannot decode: {exc}"))
        return report
    found, new_text, fixed, problem = _lint_text(text, settings, path, fix)
    report.problems.extend([problem] if problem else [])
    report.findings = [Finding(d) for d in found]
    if fixed and new_text != text:
        report.fixed, report.original, report.new_text = fixed, text, new_text
    return report


def _concatenate(cells: Sequence[notebook.Cell]) -> tuple[str, list[int]]:
    """All code cells as one module (a notebook shares one namespace), and each cell's first line."""
    parts, starts, line = [], [], 1
    for cell in cells:
        text = cell.python if cell.python.endswith("\n") else cell.python + "\n"
        parts.append(text)
        starts.append(line)
        line += text.count("\n")
    return "".join(parts), starts


def lint_notebook(path: Path, data: bytes, settings: Settings, fix: bool) -> FileReport:
    """Lint the code cells together; report positions per cell; fix cells in place."""
    report = FileReport(path)
    try:
        book = notebook.read_notebook(data)
    except ValueError as exc:
        report.problems.append(Problem(str(exc)))
        return report
    catalogue = get_catalogue(settings.target)
    grouping = Grouping(settings.report_uses, settings.selector(path))
    cells = []
    for cell in notebook.code_cells(book):
        try:  # a cell that does not parse is reported and left out, the others still share a namespace
            ast.parse(cell.python)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            line = getattr(exc, "lineno", None) or 1
            col = max((getattr(exc, "offset", None) or 1) - 1, 0)
            report.problems.append(Problem(f"syntax error: {getattr(exc, 'msg', exc)}", line, col, cell.number))
            continue
        cells.append(cell)
    changed: set[int] = set()
    for _ in range(MAX_FIX_PASSES + 1):
        text, starts = _concatenate(cells)
        found = _selected(lint_source(text, catalogue, grouping).diagnostics, settings, path)
        placed = []
        for diagnostic in found:
            position = max(i for i, start in enumerate(starts) if start <= diagnostic.line) if starts else 0
            placed.append((position, diagnostic))
        fixable = [(i, d) for i, d in placed if d.fix and all(e.line == e.end_line for e in d.fix)]
        if not fix or not fixable:
            break
        for position, cell in enumerate(cells):
            shift = starts[position] - 1
            edits = [Edit(e.line - shift, e.col, e.end_line - shift, e.end_col, e.text)
                     for i, d in fixable if i == position for e in d.fix]
            if edits:
                cell.source, applied = apply_edits(cell.source, edits)
                cell.python = notebook.mask_ipython(cell.source)
                report.fixed += sum(1 for i, _ in fixable if i == position) if applied else 0
                changed.add(position)
    for position, diagnostic in placed:
        cell = cells[position]
        local = replace(diagnostic, line=diagnostic.line - starts[position] + 1,
                        end_line=diagnostic.end_line - starts[position] + 1, fix=())
        report.findings.append(Finding(local, cell.number, diagnostic.line))
    if changed:
        report.original = data.decode("utf-8")
        report.new_text = notebook.write_notebook(book, {cells[i].index: cells[i].source for i in changed})
    return report


def lint_path(path: Path, settings: Settings, fix: bool = False) -> FileReport:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileReport(path, problems=[Problem(f"cannot read: {exc.strerror or exc}", io_error=True)])
    if path.suffix == ".ipynb":
        return lint_notebook(path, data, settings, fix)
    return lint_python(path, data, settings, fix)


def write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file in the same directory and rename: never a truncated file."""
    mode = path.stat().st_mode & 0o7777
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tf2lint")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _work(job: tuple[Path, Settings, bool]) -> FileReport:
    path, settings, fix = job
    return lint_path(path, settings, fix)


def run_all(paths: Sequence[Path], settings: Settings, fix: bool, jobs: int,
            progress: Callable[[int, int], None] | None = None) -> Iterator[FileReport]:
    """Reports in the order of ``paths``; a process pool when there is enough work to pay for it."""
    work = [(path, settings, fix) for path in paths]
    if jobs <= 1 or len(work) < 8:
        for done, job in enumerate(work, 1):
            yield _work(job)
            if progress:
                progress(done, len(work))
        return
    chunksize = max(1, min(64, len(work) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for done, report in enumerate(pool.map(_work, work, chunksize=chunksize), 1):
            yield report
            if progress:
                progress(done, len(work))
