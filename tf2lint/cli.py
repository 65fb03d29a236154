"""The ``tf2lint`` command: lint, fix and report; exit 0 when clean, 1 with findings, 2 on errors."""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from tf2lint import __version__
from tf2lint.api_table import api_table
from tf2lint.config import ConfigError, Settings, _codes, find_pyproject, load_settings
from tf2lint.files import discover
from tf2lint.output import WRITERS, Tally
from tf2lint.runner import FileReport, run_all, write_atomically

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
PROGRESS_MIN_FILES = 200

# ``tf2lint NAME ...``: each subcommand lives in its own module with a ``main(argv) -> int``, imported
# only when used so that linting never pays for it. ``tf2lint PATH...`` (no subcommand) and
# ``tf2lint check PATH...`` lint; a directory that happens to share a subcommand's name is linted
# with ``tf2lint check NAME`` or ``tf2lint ./NAME``.
SUBCOMMANDS: dict[str, str] = {}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tf2lint",
        description="Find TensorFlow 1.x code that TensorFlow 2.x removed or changed, and fix what is certain.",
        epilog="Settings are read from [tool.tf2lint] in the nearest pyproject.toml; flags override them.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files and directories (.py, .ipynb)")
    fixing = parser.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true", help="apply the certain fixes in place")
    fixing.add_argument("--diff", action="store_true", help="print the certain fixes as a unified diff; change nothing")
    parser.add_argument("--format", choices=sorted(WRITERS), default="text", help="report format (default: text)")
    parser.add_argument("--select", metavar="CODES", help="comma-separated codes or prefixes to report (e.g. TF1,TF901)")
    parser.add_argument("--ignore", metavar="CODES", help="comma-separated codes or prefixes not to report")
    parser.add_argument("--extend-ignore", metavar="CODES", help="add to the configured ignore list")
    parser.add_argument("--no-compat", action="store_true", help="do not report tf.compat.v1 usage (TF0xx)")
    parser.add_argument("--report-uses", action="store_true",
                        help="report every use of a broken import or alias, not only the import with a count")
    parser.add_argument("--target", metavar="VERSION", help="TensorFlow 2.x release the code must run on (e.g. 2.15)")
    parser.add_argument("--exclude", metavar="GLOBS", help="comma-separated globs to skip, replacing the defaults")
    parser.add_argument("--statistics", action="store_true", help="print the number of findings per code")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help="parallel processes (default: all cores)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="pyproject.toml to read instead of the nearest one")
    parser.add_argument("--quiet", "-q", action="store_true", help="no summary line")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def settings_from(options: argparse.Namespace) -> Settings:
    pyproject = options.config if options.config else find_pyproject(Path.cwd())
    settings = load_settings(pyproject)
    if options.select is not None:
        settings.select = _codes(options.select)
    if options.ignore is not None:
        settings.ignore = _codes(options.ignore)
    if options.extend_ignore:
        settings.ignore += _codes(options.extend_ignore)
    if options.no_compat:
        settings.report_compat = False
    if options.exclude is not None:
        settings.exclude = tuple(item.strip() for item in options.exclude.split(",") if item.strip())
    if options.target:
        settings.target = options.target
    if options.report_uses:
        settings.report_uses = True
    api_table(settings.target)  # raises ValueError for a bad target before any work starts
    return settings


def _progress(stream):
    def report(done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            stream.write(f"\rtf2lint: {done}/{total} files")
            if done == total:
                stream.write("\n")
            stream.flush()
    return report


def _diff(report: FileReport) -> str:
    assert report.original is not None and report.new_text is not None
    name = report.path.as_posix()
    return "".join(difflib.unified_diff(report.original.splitlines(keepends=True),
                                        report.new_text.splitlines(keepends=True), f"a/{name}", f"b/{name}"))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        return int(importlib.import_module(SUBCOMMANDS[args[0]]).main(args[1:]))
    if args and args[0] == "check":
        args = args[1:]
    return check(args)


def check(argv: Sequence[str]) -> int:
    """Lint (and fix) the given paths: the default subcommand."""
    parser = build_parser()
    options = parser.parse_args(argv)
    try:
        settings = settings_from(options)
    except (ConfigError, ValueError) as exc:
        print(f"tf2lint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    paths = discover(options.paths, settings)
    jobs = options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
    fixing = options.fix or options.diff
    progress = _progress(sys.stderr) if sys.stderr.isatty() and len(paths) >= PROGRESS_MIN_FILES else None
    tally = Tally()
    kept: list[FileReport] = []  # only SARIF needs every report at the end; other formats stream
    for report in run_all(paths, settings, fixing, jobs, progress):
        if report.new_text is not None:
            if options.diff:
                sys.stdout.write(_diff(report))
            else:
                try:
                    write_atomically(report.path, report.new_text)
                except OSError as exc:
                    print(f"tf2lint: cannot write {report.path}: {exc}", file=sys.stderr)
                    return EXIT_ERROR
            report.original = report.new_text = None
        tally.add(report)
        if options.diff:
            continue
        if options.format == "sarif":
            kept.append(report)
        else:
            WRITERS[options.format]([report], sys.stdout)
    if options.format == "sarif" and not options.diff:
        WRITERS["sarif"](kept, sys.stdout)
    if options.statistics:
        tally.write_statistics(sys.stdout)
    if not options.quiet and options.format == "text":
        print(tally.summary(fixing, options.diff), file=sys.stderr)
    if tally.io_errors:
        return EXIT_ERROR
    if options.exit_zero:
        return EXIT_CLEAN
    if options.diff:
        return EXIT_FINDINGS if tally.fixed else EXIT_CLEAN
    return EXIT_FINDINGS if tally.remaining or tally.problems else EXIT_CLEAN


def run() -> int:
    """Console-script entry point: a closed pipe (``tf2lint ... | head``) is not an error worth a traceback."""
    try:
        return main()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(run())
