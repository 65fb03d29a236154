"""The ``tf2lint`` command: lint, fix and report; exit 0 when clean, 1 with findings, 2 on errors.

Exit status 2 covers usage errors (bad flags or configuration), files that cannot be read (E902),
internal errors (E903) and output that cannot be written. A closed pipe (``tf2lint . | head``)
ends the run quietly with status 0, as ruff does: the reader asked for no more.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tf2lint import __version__
from tf2lint.config import ConfigError, Overrides, SettingsResolver, normalize_pattern, split_codes
from tf2lint.files import discover, named_file_skipped
from tf2lint.target import TargetError, parse_target

if TYPE_CHECKING:
    from tf2lint.baseline import Ratchet
    from tf2lint.files import Discovery
    from tf2lint.output import Tally
    from tf2lint.runner import FileReport

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
PROGRESS_MIN_FILES = 200
FORMATS = ("github", "json", "sarif", "text")

# ``tf2lint NAME ...``: each subcommand lives in its own module with a ``main(argv) -> int``, imported
# only when used so that linting never pays for it. ``tf2lint PATH...`` (no subcommand) and
# ``tf2lint check PATH...`` lint; a directory that happens to share a subcommand's name is linted
# with ``tf2lint check NAME`` or ``tf2lint ./NAME``.
SUBCOMMANDS: dict[str, str] = {
    "report": "tf2lint.report.command",
    "rule": "tf2lint.rule_command",
    "server": "tf2lint.server",
}


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of processes, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 1 or more processes (0: one per core), got {value}")
    return value


def add_selection_arguments(parser: argparse.ArgumentParser) -> None:
    """What to lint and how to judge it: shared by ``tf2lint`` and ``tf2lint report``, so that a
    report's totals are the linter's for the same flags."""
    parser.add_argument(
        "--select", metavar="CODES", help="comma-separated codes or prefixes to report (e.g. TF1,TF901)"
    )
    parser.add_argument("--ignore", metavar="CODES", help="comma-separated codes or prefixes not to report")
    parser.add_argument("--extend-ignore", metavar="CODES", help="add to the configured ignore list")
    parser.add_argument("--no-compat", action="store_true", help="do not report tf.compat.v1 usage (TF0xx)")
    parser.add_argument(
        "--report-uses",
        action="store_true",
        help="report every use of a broken import or alias, not only the import with a count",
    )
    parser.add_argument("--target", metavar="VERSION", help="TensorFlow 2.x release the code must run on (e.g. 2.15)")
    parser.add_argument("--exclude", metavar="GLOBS", help="comma-separated globs to skip, replacing the defaults")
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        default=None,
        help="apply the excludes to files named on the command line too (for pre-commit)",
    )
    parser.add_argument("--no-force-exclude", action="store_false", dest="force_exclude")
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=0,
        metavar="N",
        help="parallel processes (default 0: one per core; never more than files)",
    )
    parser.add_argument("--config", type=Path, metavar="FILE", help="pyproject.toml to use for every path")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tf2lint",
        usage="%(prog)s [check] [options] PATH [PATH ...]\n       %(prog)s {report,rule,server} ...",
        description="Find TensorFlow 1.x code that TensorFlow 2.x removed or changed, and fix what is certain.",
        epilog="subcommands (each has its own --help):\n"
        "  check PATH...       lint and fix (the default: `tf2lint PATH` is `tf2lint check PATH`)\n"
        "  report PATH... -o F write a migration report (.html, .md or .json)\n"
        "  rule CODE           explain a code (TF101, tf1-session or a pylint id)\n"
        "  server              run the language server on stdio (needs tf2lint[server])\n\n"
        "Settings are read from [tool.tf2lint] in the nearest pyproject.toml above each path; flags override them.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="files and directories (.py, .pyi, .ipynb); - reads standard input"
    )
    fixing = parser.add_mutually_exclusive_group()
    fixing.add_argument(
        "--fix", action="store_true", help="apply the certain fixes in place (with -: print the fixed source)"
    )
    fixing.add_argument("--diff", action="store_true", help="print the certain fixes as a unified diff; change nothing")
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        default=None,
        help="with --fix/--diff, also apply fixes that are right for nearly all code but need review",
    )
    parser.add_argument("--no-unsafe-fixes", action="store_false", dest="unsafe_fixes")
    parser.add_argument(
        "--compat-fixes",
        action="store_true",
        default=None,
        help="with --fix/--diff, also rewrite names that only tf.compat.v1 still has to that spelling",
    )
    parser.add_argument("--no-compat-fixes", action="store_false", dest="compat_fixes")
    parser.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    add_selection_arguments(parser)
    parser.add_argument("--statistics", action="store_true", help="print the number of findings per code")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument(
        "--stdin-filename", metavar="PATH", help="the path standard input stands for (settings, output, .ipynb)"
    )
    parser.add_argument(
        "--show-settings",
        action="store_true",
        help="print which configuration file applies to each path and the resolved settings",
    )
    ratchet = parser.add_mutually_exclusive_group()
    ratchet.add_argument("--baseline", type=Path, metavar="FILE", help="report only findings not recorded in FILE")
    ratchet.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="record the findings in FILE (pruning fixed ones) instead of reporting them",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no summary line")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def overrides_from(options: argparse.Namespace) -> Overrides:
    """The command line's settings, checked before any work starts (ConfigError on a bad value)."""
    overrides = Overrides()
    if options.select is not None:
        overrides.select = split_codes(options.select, "--select")
    if options.ignore is not None:
        overrides.ignore = split_codes(options.ignore, "--ignore")
    if options.extend_ignore:
        overrides.extend_ignore = split_codes(options.extend_ignore, "--extend-ignore")
    if options.no_compat:
        overrides.report_compat = False
    if options.exclude is not None:
        cwd = os.getcwd()
        overrides.exclude = tuple(normalize_pattern(item, cwd) for item in options.exclude.split(",") if item.strip())
    if options.target is not None:
        try:
            overrides.target = parse_target(options.target) or "latest"
        except TargetError as exc:
            raise ConfigError(f"--target: {exc}") from exc
    overrides.force_exclude = options.force_exclude
    overrides.unsafe_fixes = getattr(options, "unsafe_fixes", None)  # `tf2lint report` has no fix flags
    overrides.compat_fixes = getattr(options, "compat_fixes", None)
    if options.report_uses:
        overrides.report_uses = True
    return overrides


def _progress(stream: TextIO) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            stream.write(f"\rtf2lint: {done}/{total} files")
            if done == total:
                stream.write("\n")
            stream.flush()

    return report


def _diff(report: FileReport) -> bytes:
    """The fixes as a patch in the file's own bytes (see tf2lint.patch)."""
    from tf2lint.patch import unified_diff

    assert report.original_bytes is not None and report.new_bytes is not None
    return unified_diff(report.path, report.original_bytes, report.new_bytes)


def _write_diff(report: FileReport) -> None:
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)  # a patch is bytes, in the file's encoding
    if binary is not None:
        binary.write(_diff(report))
        binary.flush()
    else:
        sys.stdout.write(_diff(report).decode(report.encoding, "surrogateescape"))


def _write_fix(report: FileReport) -> bool:
    """Write one fixed file; on refusal say why in one line and report the file as it stays."""
    from tf2lint.writing import NotWritten, write_fixed

    assert report.original_bytes is not None and report.new_bytes is not None
    try:
        write_fixed(report.path, report.original_bytes, report.new_bytes)
    except NotWritten as exc:
        print(f"tf2lint: {exc}", file=sys.stderr)
        report.fixed, report.findings = 0, report.unfixed or report.findings
        return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        return int(importlib.import_module(SUBCOMMANDS[args[0]]).main(args[1:]))
    if args and args[0] == "check":
        args = args[1:]
    return check(args)


def error(message: str) -> int:
    print(f"tf2lint: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def check(argv: Sequence[str]) -> int:
    """Lint (and fix) the given paths: the default subcommand."""
    parser = build_parser()
    options = parser.parse_args(argv)
    # The engine logs internal errors for flake8 and pylint users; here they are reported as E903.
    logging.getLogger("tf2lint").addHandler(logging.NullHandler())
    if "" in options.paths:
        parser.error("an empty string is not a path")
    if "-" in options.paths and len(options.paths) > 1:
        parser.error("- (standard input) cannot be combined with other paths")
    if options.stdin_filename and options.paths != ["-"]:
        parser.error("--stdin-filename needs - as the only path")
    from tf2lint.baseline import BaselineError, ratchet_for  # imports the runner: only when linting

    try:
        resolver = SettingsResolver(overrides_from(options), options.config)
        if options.show_settings:
            return show_settings(options, resolver)
        if options.paths == ["-"]:
            return check_stdin(options, resolver)
        found = discover(options.paths, resolver)  # nested pyproject.toml files are read here
        baseline = options.baseline or resolver.for_path(options.paths[0]).baseline
        ratchet = ratchet_for(baseline, options.write_baseline, options.paths)
    except ConfigError as exc:
        return error(str(exc))
    except BaselineError as exc:
        return error(str(exc))
    return lint_files(options, found, ratchet)


def show_settings(options: argparse.Namespace, resolver: SettingsResolver) -> int:
    names = [options.stdin_filename or "."] if options.paths == ["-"] else options.paths
    for name in names:
        print(f"Settings for {name}:")
        print(resolver.for_path(name).describe())
    return EXIT_CLEAN


def lint_files(options: argparse.Namespace, found: Discovery, ratchet: Ratchet) -> int:
    from itertools import chain

    from tf2lint.baseline import BaselineError
    from tf2lint.output import Tally, open_writer
    from tf2lint.runner import FileReport, Problem, run_all

    files = found.files
    jobs = options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
    fixing = options.fix or options.diff
    progress = _progress(sys.stderr) if sys.stderr.isatty() and len(files) >= PROGRESS_MIN_FILES else None
    tally = Tally()
    # Each report is written as it comes and then dropped: memory stays flat in the number of files.
    writer = None if options.diff else open_writer(options.format, sys.stdout)
    unreadable = [FileReport(path, problems=[Problem(message, io_error=True)]) for path, message in found.errors]
    settings_of = dict(files)
    unwritten = 0
    for report in chain(unreadable, run_all(files, fixing, jobs, progress)):
        for note in report.notes:
            print(note, file=sys.stderr)
        if report.new_bytes is not None:
            if options.diff:
                _write_diff(report)
            elif not _write_fix(report):
                unwritten += 1
                report.new_text = None
        if report.path in settings_of:
            ratchet.process(report, settings_of[report.path].selector(report.path), report.new_text)
        report.original = report.new_text = report.original_bytes = report.new_bytes = None
        tally.add(report)
        if writer is not None:
            writer.add(report)
    if writer is not None:
        writer.close()
    try:
        ratchet_note = ratchet.finish()
    except BaselineError as exc:
        return error(str(exc))
    return finish(options, tally, fixing, ratchet_note, unwritten)


def finish(options: argparse.Namespace, tally: Tally, fixing: bool, note: str | None = None, unwritten: int = 0) -> int:
    """Statistics, the summary line and the exit status."""
    if options.statistics:
        tally.write_statistics(sys.stdout)
    sys.stdout.flush()  # an output error is reported here, not when the interpreter exits
    if not options.quiet and options.format == "text":
        print(", ".join(filter(None, [tally.summary(fixing, options.diff), note])), file=sys.stderr)
    if tally.io_errors or tally.internal_errors or unwritten:  # unwritten: fixed files left alone
        return EXIT_ERROR
    if options.exit_zero:
        return EXIT_CLEAN
    if options.diff:
        return EXIT_FINDINGS if tally.fixed else EXIT_CLEAN
    return EXIT_FINDINGS if tally.remaining or tally.problems else EXIT_CLEAN


def check_stdin(options: argparse.Namespace, resolver: SettingsResolver) -> int:
    """``tf2lint -``: lint standard input; with ``--fix`` the (fixed) source goes to standard output
    and the findings to standard error, as ruff does, so editors can pipe a buffer through it."""
    from tf2lint.output import WRITERS, Tally
    from tf2lint.runner import lint_data

    data = sys.stdin.buffer.read()
    name = options.stdin_filename or "-"
    path = Path(name)
    settings = resolver.for_path(name) if options.stdin_filename else resolver.for_directory(os.getcwd())
    tally = Tally()
    if options.stdin_filename and named_file_skipped(path, settings):
        report = None
    else:
        report = lint_data(path, data, settings, options.fix or options.diff)
        tally.add(report)
        for note in report.notes:
            print(note, file=sys.stderr)
    if options.fix:
        fixed = report.new_bytes if report is not None else None  # in the input's own encoding
        sys.stdout.buffer.write(data if fixed is None else fixed)
    elif options.diff:
        if report is not None and report.new_bytes is not None:
            _write_diff(report)
    if report is not None and not options.diff:
        stream = sys.stderr if options.fix else sys.stdout
        WRITERS["text" if options.fix else options.format]([report], stream)
    return finish(options, tally, options.fix or options.diff)


def run() -> int:
    """Console-script entry point. A closed pipe ends the run quietly with status 0 (ruff's rule:
    the reader wanted no more); any other output error is one line and status 2."""
    from tf2lint.collector import tune_for_batch

    tune_for_batch()
    try:
        return main()
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_CLEAN
    except OSError as exc:
        _silence_stdout()
        if exc.filename is not None:  # not an output error: a path the file system refused
            return error(f"{exc.filename}: {exc.strerror or exc}")
        return error(f"cannot write output: {exc.strerror or exc}")
    except KeyboardInterrupt:
        return 130


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(run())
