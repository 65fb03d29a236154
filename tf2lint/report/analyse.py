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
from tf2lint.runner import FileReport, in_order, lint_path

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
    """In the order of ``files``, on the same terms as the linter's own runs."""
    return in_order(analyse, list(files), jobs, progress)
