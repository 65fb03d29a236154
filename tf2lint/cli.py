"""The ``tf2lint`` command: lint files and directories, print findings, exit 0 / 1 / 2."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tf2lint import __version__
from tf2lint.lint import get_catalogue, lint_source

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def iter_files(paths: Sequence[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.py") if p.is_file()))
        else:
            found.append(path)
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tf2lint", description="Find TensorFlow 1.x code that TF 2.x breaks.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories to lint")
    parser.add_argument("--target", default=None, help="TensorFlow 2.x release the code must run on")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    try:
        catalogue = get_catalogue(options.target)
    except ValueError as exc:
        print(f"tf2lint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    status = EXIT_CLEAN
    for path in iter_files(options.paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"{path}:0:0: E902 {exc.strerror or exc}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        result = lint_source(data, catalogue)
        if result.error:
            print(f"{path}:{result.error_line}:{result.error_col + 1}: E999 {result.error}")
            status = max(status, EXIT_FINDINGS)
        for found in result.diagnostics:
            print(f"{path}:{found.line}:{found.col + 1}: {found.code} {found.message}")
            status = max(status, EXIT_FINDINGS)
    return status


if __name__ == "__main__":
    sys.exit(main())
