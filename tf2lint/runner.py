"""Lint (and optionally fix) one file at a time, Python or notebook, in this process or a pool.

Each file becomes a :class:`FileReport`: its selected findings, a read/parse error if any, and the
fixed text when fixing. Reports are plain data so they cross process boundaries, and the CLI prints
them in the order of its file list, whatever order the workers finish in.
"""

from __future__ import annotations

import ast
import bisect
import gc
import io
import os
import tempfile
import tokenize
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tf2lint import noqa
from tf2lint.changes import COMPAT_TIER, SAFE_TIER, tier
from tf2lint.collector import collector_paused
from tf2lint.config import Settings
from tf2lint.diagnostic import Diagnostic, Edit
from tf2lint.files import describe, read_regular_file
from tf2lint.fixes import apply_groups, compile_error, fix_diagnostics
from tf2lint.grouping import Grouping
from tf2lint.lines import count_lines, python_lines
from tf2lint.lint import get_catalogue, lint_source

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

    from tf2lint import notebook

Job = TypeVar("Job")
Result = TypeVar("Result")
MAX_FIX_PASSES = 4
MIN_FILES_FOR_POOL = 8


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
    internal: bool = False  # tf2lint itself failed on this file: exit status 2


@dataclass
class FileReport:
    path: Path
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fixed: int = 0
    original: str | None = None  # set when a fix changed the text (decoded, for --diff)
    new_text: str | None = None
    original_bytes: bytes | None = None  # the file as read, and as it is to be written
    new_bytes: bytes | None = None
    encoding: str = "utf-8"  # the file's own encoding ("utf-8-sig" keeps a BOM)
    unfixed: list[Finding] | None = None  # the findings as they stand if the fix is not written
    notes: list[str] = field(default_factory=list)  # one-line messages for stderr (refused fixes)
    tiers: frozenset[str] = SAFE_TIER  # the fix tiers enabled for this file (safe, unsafe, compat)


def applies(diagnostic: Diagnostic, tiers: frozenset[str]) -> bool:
    """Whether ``--fix`` with these tiers applies a fix of the diagnostic."""
    return bool(fix_for(diagnostic, tiers))


def fix_for(diagnostic: Diagnostic, tiers: frozenset[str]) -> tuple[Edit, ...]:
    """The edits ``--fix`` applies for a diagnostic with these tiers: its fix, or for an unsafe fix
    with only ``--compat-fixes`` its tf.compat.v1 alternative."""
    if diagnostic.fix and tier(diagnostic.applicability) in tiers:
        return diagnostic.fix
    if diagnostic.compat_fix and COMPAT_TIER in tiers:
        return diagnostic.compat_fix
    return ()


def _chosen(found: Sequence[Diagnostic], tiers: frozenset[str]) -> list[Diagnostic]:
    """The diagnostics to fix, each carrying the edits its enabled tier applies."""
    chosen = []
    for diagnostic in found:
        edits = fix_for(diagnostic, tiers)
        if edits:
            chosen.append(diagnostic if edits is diagnostic.fix else replace(diagnostic, fix=edits))
    return chosen


def _selected(diagnostics: Sequence[Diagnostic], settings: Settings, path: Path) -> list[Diagnostic]:
    if not diagnostics:
        return []
    selects = settings.selector(path)
    return [d for d in diagnostics if selects(d.code)]


def _unsilenced(diagnostics: list[Diagnostic], text: str) -> list[Diagnostic]:
    """Drop what a ``# noqa`` comment silences (flake8's rules; see :mod:`tf2lint.noqa`)."""
    if not diagnostics or "noqa" not in text.lower():  # lower() then find beats re.IGNORECASE 4 to 1
        return diagnostics
    silenced = noqa.suppressed(python_lines(text), [(d.line, d.code) for d in diagnostics])
    return [d for index, d in enumerate(diagnostics) if index not in silenced]


def _findings(text: str, settings: Settings, path: Path) -> tuple[list[Diagnostic], Problem | None]:
    grouping = Grouping(settings.report_uses, settings.selector(path))
    result = lint_source(text, None, grouping, target=settings.target)  # no catalogue without TensorFlow
    if result.error:
        return [], Problem(result.error, result.error_line, result.error_col)
    if result.internal_error:
        return [], Problem(result.internal_error, internal=True)
    return _unsilenced(_selected(result.diagnostics, settings, path), text), None


def _fix_text(
    text: str, found: list[Diagnostic], settings: Settings, path: Path
) -> tuple[str, list[Diagnostic], int, str | None]:
    """Apply the enabled tiers' fixes until nothing changes: (text, remaining findings, fixes, refusal)."""
    current, fixed = text, 0
    tiers = settings.fix_tiers
    for _ in range(MAX_FIX_PASSES):
        chosen = _chosen(found, tiers)
        if not chosen:
            break
        outcome = fix_diagnostics(current, chosen, str(path))
        if outcome.refused:
            return text, [], 0, outcome.refused
        if outcome.fixed == 0:
            break
        current, fixed = outcome.text, fixed + outcome.fixed
        gc.collect(0)  # the last pass's cycles (only young objects: as costly as the file)
        found, problem = _findings(current, settings, path)
        if problem is not None:
            return text, [], 0, f"the fixed code would not parse: {problem.message}"
    return current, found, fixed, None


def source_encoding(data: bytes) -> str:
    """The encoding Python reads the file in: BOM, then coding cookie, then UTF-8."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return encoding


def lint_python(path: Path, data: bytes, settings: Settings, fix: bool) -> FileReport:
    report = FileReport(path, tiers=settings.fix_tiers)
    try:
        report.encoding = source_encoding(data)
        text = data.decode(report.encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        report.problems.append(Problem(f"cannot decode: {exc}"))
        return report
    found, problem = _findings(text, settings, path)
    if problem is not None:
        report.problems.append(problem)
        return report
    report.findings = [Finding(d) for d in found]
    if not fix or not any(applies(d, report.tiers) for d in found):
        return report
    new_text, remaining, fixed, refusal = _fix_text(text, found, settings, path)
    if refusal is None and new_text != text:
        try:
            new_bytes = new_text.encode(report.encoding)
            if text.encode(report.encoding) != data:
                refusal = f"its {report.encoding} text does not encode back to the same bytes"
        except UnicodeError as exc:
            refusal = f"the fixed text cannot be written in {report.encoding}: {exc}"
    if refusal is not None:
        report.notes.append(f"tf2lint: {path}: not fixed: {refusal}")
        return report
    if fixed and new_text != text:
        report.unfixed = report.findings
        report.findings = [Finding(d) for d in remaining]
        report.fixed, report.original, report.new_text = fixed, text, new_text
        report.original_bytes, report.new_bytes = data, new_bytes
    return report


def _concatenate(cells: Sequence[notebook.Cell]) -> tuple[str, list[int]]:
    """All code cells as one module (a notebook shares one namespace), and each cell's first line.

    Each cell is made to end with a line break so that no two cells share a line; lines are
    counted with Python's line model, so a cell written with bare CRs is placed correctly."""
    parts, starts, line = [], [], 1
    for cell in cells:
        text = cell.python
        if text.endswith("\r"):
            text += "\n"  # "\r\n" is still one break, and the next cell cannot join it
        elif not text.endswith("\n"):
            text += "\n"
        parts.append(text)
        starts.append(line)
        line += count_lines(text)
    return "".join(parts), starts


def _cell_edits(fix: tuple[Edit, ...], cell: notebook.Cell, first_line: int, lines: int) -> tuple[Edit, ...]:
    """A finding's edits in cell coordinates, or nothing if they do not fit inside the cell."""
    shift = first_line - 1
    edits = tuple(Edit(e.line - shift, e.col, e.end_line - shift, e.end_col, e.text) for e in fix)
    if not all(1 <= e.line <= e.end_line <= lines for e in edits):
        return ()
    if cell.is_list and any(e.line != e.end_line for e in edits):
        return ()  # a multi-line edit could cross the cell's stored line boundaries
    return edits


def _place(found: list[Diagnostic], cells: Sequence[notebook.Cell], starts: list[int]) -> list[tuple[int, Diagnostic]]:
    """Each finding with its cell, in cell coordinates with its fix (bisect: linear overall)."""
    placed = []
    for diagnostic in found:
        position = max(bisect.bisect_right(starts, diagnostic.line) - 1, 0)
        first = starts[position]
        following = starts[position + 1] if position + 1 < len(starts) else None
        lines = (following - first) if following is not None else count_lines(cells[position].python) or 1
        local = replace(
            diagnostic,
            line=diagnostic.line - first + 1,
            end_line=diagnostic.end_line - first + 1,
            fix=_cell_edits(diagnostic.fix, cells[position], first, lines),
            compat_fix=_cell_edits(diagnostic.compat_fix, cells[position], first, lines),
        )
        placed.append((position, local))
    return placed


def lint_notebook(path: Path, data: bytes, settings: Settings, fix: bool) -> FileReport:
    """Lint the code cells together; report positions per cell; fix cells in place."""
    from tf2lint import notebook  # loaded only when a notebook is linted

    report = FileReport(path, tiers=settings.fix_tiers)
    try:
        book = notebook.read_notebook(data)
    except ValueError as exc:
        report.problems.append(Problem(str(exc)))
        return report
    catalogue = get_catalogue(settings.target)
    grouping = Grouping(settings.report_uses, settings.selector(path))
    cells = []
    for cell in book.cells:
        try:  # a cell that does not parse is reported and left out, the others still share a namespace
            ast.parse(cell.python)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            line = getattr(exc, "lineno", None) or 1
            col = max((getattr(exc, "offset", None) or 1) - 1, 0)
            report.problems.append(Problem(f"syntax error: {getattr(exc, 'msg', exc)}", line, col, cell.number))
            continue
        cells.append(cell)
    changed: dict[int, notebook.Cell] = {}
    placed: list[tuple[int, Diagnostic]] = []
    starts: list[int] = []
    first_placed: list[tuple[int, Diagnostic]] | None = None
    first_starts: list[int] = []
    for fix_pass in range(MAX_FIX_PASSES + 1):
        if fix_pass:
            gc.collect(0)  # the last pass's cycles (only young objects: as costly as the file)
        text, starts = _concatenate(cells)
        result = lint_source(text, catalogue, grouping)
        found = _unsilenced(_selected(result.diagnostics, settings, path), text)
        placed = _place(found, cells, starts) if cells else []
        if first_placed is None:
            first_placed, first_starts = placed, starts
        if result.internal_error:  # reported as E903; the notebook is not rewritten
            report.problems.append(Problem(result.internal_error, internal=True))
            changed.clear()
            report.fixed = 0
            break
        if not fix or not any(applies(d, report.tiers) for _, d in placed):
            break
        progress = 0
        by_cell: dict[int, list[tuple[Edit, ...]]] = {}
        for position, diagnostic in placed:
            edits = fix_for(diagnostic, report.tiers)
            if edits:
                by_cell.setdefault(position, []).append(edits)
        for position, groups in by_cell.items():
            cell = cells[position]
            applied = apply_groups(cell.source, groups)
            if not applied.fixed or applied.text == cell.source:
                continue
            pieces = notebook.resplit(cell.split, applied.spans) if cell.is_list else [applied.text]
            masked = notebook.mask_ipython(applied.text)
            error = compile_error(masked, f"cell {cell.number}", ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
            if pieces is None or error is not None:
                why = error and f"the fixed cell {cell.number} would not compile: {error}"
                return _refused(
                    path, data, settings, why or f"cell {cell.number} is stored in a layout the fix would cross"
                )
            cell.source, cell.python, cell.split = applied.text, masked, pieces
            changed[cell.index] = cell
            report.fixed += applied.fixed
            progress += applied.fixed
        if not progress:
            break
    for position, diagnostic in placed:
        report.findings.append(Finding(diagnostic, cells[position].number, diagnostic.line + starts[position] - 1))
    if changed:
        new_text = notebook.write_notebook(book, list(changed.values()))
        if new_text is None:
            return _refused(path, data, settings, "the notebook could not be rewritten with only its sources changed")
        report.original, report.new_text = data.decode("utf-8"), new_text
        report.original_bytes, report.new_bytes = data, new_text.encode("utf-8")
        report.unfixed = [Finding(d, cells[i].number, d.line + first_starts[i] - 1) for i, d in first_placed or []]
    return report


def _refused(path: Path, data: bytes, settings: Settings, why: str) -> FileReport:
    report = lint_notebook(path, data, settings, fix=False)
    report.notes.append(f"tf2lint: {path}: not fixed: {why}")
    return report


def lint_path(path: Path, settings: Settings, fix: bool = False) -> FileReport:
    try:
        data = read_regular_file(path)  # refuses FIFOs and devices instead of hanging on them
    except OSError as exc:
        return FileReport(path, problems=[Problem(f"cannot read: {describe(exc)}", io_error=True)])
    return lint_data(path, data, settings, fix)


def lint_data(path: Path, data: bytes, settings: Settings, fix: bool = False) -> FileReport:
    """Lint bytes already read (a file, or stdin named by ``--stdin-filename``)."""
    with collector_paused():  # a batch run's own process: see tf2lint.collector
        if path.suffix == ".ipynb":
            return lint_notebook(path, data, settings, fix)
        return lint_python(path, data, settings, fix)


def write_atomically(path: Path, text: str) -> None:
    """Write a file tf2lint owns (a baseline) via a temporary file and a rename: never truncated.
    Fixed source files go through :mod:`tf2lint.writing`, which keeps what the user's file had."""
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


def _each(worker: Callable[[Job], Result], chunk: Sequence[Job]) -> list[Result]:
    return [worker(job) for job in chunk]


def in_order(
    worker: Callable[[Job], Result],
    work: Sequence[Job],
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Result]:
    """``worker`` over ``work``, results in the order of ``work``; a process pool, never larger
    than the work, when there is enough of it to pay for one (``worker`` must be picklable).

    The pool is given a few chunks per process at a time, not the whole list, so results waiting
    for a slow earlier chunk (or a slow reader of the output) cannot pile up with the tree's size."""
    jobs = min(jobs, len(work))
    if jobs <= 1 or len(work) < MIN_FILES_FOR_POOL:
        results: Iterator[Result] = map(worker, work)
        for done, result in enumerate(results, 1):
            yield result
            if progress:
                progress(done, len(work))
        return
    from concurrent.futures import ProcessPoolExecutor  # only a parallel run pays for importing it

    from tf2lint.collector import tune_for_batch

    chunksize = max(1, min(64, len(work) // (jobs * 8)))
    chunks = (work[start : start + chunksize] for start in range(0, len(work), chunksize))
    done = 0
    with ProcessPoolExecutor(max_workers=jobs, initializer=tune_for_batch) as pool:
        for future in _submitted(pool, worker, chunks, jobs * 4):
            for result in future.result():
                done += 1
                yield result
                if progress:
                    progress(done, len(work))


def _submitted(
    pool: Executor, worker: Callable[[Job], Result], chunks: Iterable[Sequence[Job]], window: int
) -> Iterator[Future[list[Result]]]:
    """The chunks' futures in order, with at most ``window`` of them submitted and not yet taken."""
    pending: deque[Future[list[Result]]] = deque()
    for chunk in chunks:
        pending.append(pool.submit(_each, worker, chunk))
        if len(pending) >= window:
            yield pending.popleft()
    yield from pending


def run_all(
    files: Sequence[tuple[Path, Settings]], fix: bool, jobs: int, progress: Callable[[int, int], None] | None = None
) -> Iterator[FileReport]:
    """Reports in the order of ``files`` (each with its own settings)."""
    return in_order(_work, [(path, settings, fix) for path, settings in files], jobs, progress)
