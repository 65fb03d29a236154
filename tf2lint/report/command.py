"""``tf2lint report PATH... -o FILE``: lint as ``tf2lint`` does, then write the numbers as a report.

Exit status: 0 when the report was written (findings are its content, not a failure), 2 for a
usage, configuration or I/O error (a file that cannot be read is listed in the report, and the
exit status says the report is incomplete, as the linter's does).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tf2lint.baseline import BaselineError, ratchet_for
from tf2lint.cli import EXIT_CLEAN, EXIT_ERROR, PROGRESS_MIN_FILES, _progress, add_selection_arguments, overrides_from
from tf2lint.config import ConfigError, SettingsResolver
from tf2lint.files import discover
from tf2lint.report import html, json_format, markdown
from tf2lint.report.analyse import analyse_all
from tf2lint.report.collect import Collector
from tf2lint.runner import FileReport, Problem

RENDERERS = {"html": html.render, "md": markdown.render, "json": json_format.render}
SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tf2lint report",
        description=(
            "Summarise what TF 2.x needs from the code: by category, fix tier, directory, root cause and rule."
        ),
        epilog="Files, settings and findings are those of `tf2lint PATH...`, so the totals match.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files and directories (.py, .ipynb)")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help=("where to write; the format follows the extension (.html, .md, .json); default: Markdown on stdout"),
    )
    parser.add_argument("--format", choices=sorted(RENDERERS), help="format, whatever the extension")
    parser.add_argument("--baseline", type=Path, metavar="FILE", help="show progress against this baseline")
    add_selection_arguments(parser)
    return parser


def _format(options: argparse.Namespace) -> str:
    chosen: str | None = options.format
    if chosen:
        return chosen
    if options.output is None:
        return "md"
    suffix = options.output.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"cannot tell the format of {options.output}: use .html, .md or .json, or --format")
    return SUFFIXES[suffix]


def main(argv: Sequence[str]) -> int:
    options = build_parser().parse_args(argv)
    try:
        fmt = _format(options)
        resolver = SettingsResolver(overrides_from(options), options.config)
        found = discover(options.paths, resolver)
        first = resolver.for_path(options.paths[0])
        baseline = options.baseline or first.baseline
        ratchet = ratchet_for(baseline, None, options.paths) if baseline else None
    except (ConfigError, ValueError, BaselineError) as exc:
        print(f"tf2lint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    jobs = min(options.jobs if options.jobs > 0 else (os.cpu_count() or 1), max(1, len(found.files)))
    progress = _progress(sys.stderr) if sys.stderr.isatty() and len(found.files) >= PROGRESS_MIN_FILES else None
    collector = Collector(list(options.paths), first.target, ratchet)
    for walked, why in found.errors:  # unwalkable directories: listed like unreadable files
        collector.add(FileReport(walked, problems=[Problem(why, io_error=True)]), {}, first.selector(walked))
    settings_of = dict(found.files)
    for report, file_roots in analyse_all(found.files, jobs, progress):
        collector.add(report, file_roots, settings_of[report.path].selector(report.path))
    text = RENDERERS[fmt](collector.to_dict())
    if options.output is None:
        sys.stdout.write(text)
    else:
        try:
            options.output.write_text(text, encoding="utf-8", newline="\n")
        except OSError as exc:
            print(f"tf2lint: error: cannot write {options.output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_ERROR
        totals = collector.totals
        print(
            f"tf2lint: wrote {options.output} ({totals.findings} finding{'s' if totals.findings != 1 else ''} "
            f"in {totals.files} file{'s' if totals.files != 1 else ''})",
            file=sys.stderr,
        )
    for path, message in collector.unreadable:  # in the report too; an incomplete report is not a clean run
        print(f"tf2lint: error: {path}: {message}", file=sys.stderr)
    return EXIT_ERROR if collector.unreadable else EXIT_CLEAN
