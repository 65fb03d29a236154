"""Lint each file as the linter does (``runner.lint_path``) and find its root causes in the same
worker process, so the report costs about what linting does instead of re-reading every file
serially afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from tf2lint.baseline import source_chunks
from tf2lint.config import Settings
from tf2lint.report import roots
from tf2lint.report.categories import category_of
from tf2lint.runner import FileReport, lint_path

Analysed = tuple[FileReport, dict[str, roots.RootCause]]


def analyse(job: tuple[Path, Settings]) -> Analysed:
    path, settings = job
    report = lint_path(path, settings)
    if not report.findings:
        return report, {}
    categories = [category_of(finding.diagnostic) for finding in report.findings]
    return report, roots.file_roots(source_chunks(path), report.findings, categories)


def analyse_all(
    files: Sequence[tuple[Path, Settings]], jobs: int, progress: Callable[[int, int], None] | None = None
) -> Iterator[Analysed]:
    """In the order of ``files``, with a process pool on the same terms as ``runner.run_all``."""
    work = list(files)
    if jobs <= 1 or len(work) < 8:
        for done, job in enumerate(work, 1):
            yield analyse(job)
            if progress:
                progress(done, len(work))
        return
    from concurrent.futures import ProcessPoolExecutor  # only for parallel runs: it is slow to import

    chunksize = max(1, min(64, len(work) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for done, result in enumerate(pool.map(analyse, work, chunksize=chunksize), 1):
            yield result
            if progress:
                progress(done, len(work))
