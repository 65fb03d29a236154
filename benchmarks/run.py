#!/usr/bin/env python3
"""tf2lint's benchmark: real TF 1.x code against the parse floor, start-up, the plugins, scaling.

Not a test: it prints a Markdown table (medians of --repeat runs) for the README's performance
section, with each measurement's target. Usage:

    python benchmarks/run.py                      # everything (downloads the real corpus once)
    python benchmarks/run.py --quick              # small sizes, about a minute once the corpus is cached
    python benchmarks/run.py --only real,startup  # some groups only
    python benchmarks/run.py --corpus DIR         # your own TF 1.x code instead of the sdists
    python benchmarks/run.py --tf-upgrade /path/to/venv/bin/tf_upgrade_v2

Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bare_envs
import groups
import real_corpus
import server_roundtrip
from measure import Row, markdown

# Name → measurement group, in the order they run. Add a group here to add a measurement.
GROUPS = {
    "startup": groups.startup,
    "real": groups.real,
    "flake8": groups.flake8,
    "pylint": groups.pylint,
    "tf-upgrade": groups.tf_upgrade,
    "sarif": groups.sarif,
    "diff": groups.diff,
    "scaling": groups.scaling_group,
    "generated": groups.generated,
    "server": server_roundtrip.server,
}


def parse_options(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a run of seconds to a minute")
    parser.add_argument(
        "--only", default="", metavar="NAMES", help=f"comma-separated groups to run (default: all): {', '.join(GROUPS)}"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the median is shown (default 5)")
    parser.add_argument("--corpus", metavar="DIR", help="real TF 1.x code to use instead of fetching the sdists")
    parser.add_argument(
        "--cache-dir",
        default=str(real_corpus.DEFAULT_CACHE),
        help="where the sdists are fetched and unpacked (default %(default)s)",
    )
    parser.add_argument(
        "--venv-dir",
        default=str(bare_envs.DEFAULT_CACHE),
        help="where the flake8-only and pylint-only venvs are kept (default %(default)s)",
    )
    parser.add_argument("--tf-upgrade", metavar="PATH", help="tf_upgrade_v2 to compare with (default: on PATH)")
    parser.add_argument(
        "--flake8-files", type=int, default=0, help="cap on the real files given to flake8 (default all)"
    )
    parser.add_argument("--pylint-files", type=int, default=150, help="real files given to pylint (default 150)")
    parser.add_argument("--files", type=int, default=3000, help="generated files in the 'generated' group")
    parser.add_argument(
        "--dimensions",
        default="",
        help="comma-separated scaling dimensions to run (default all): "
        + ", ".join(dimension.name for dimension in groups.scaling.DIMENSIONS),
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also profile one tf2lint run on the real corpus and print its N costliest functions",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="seconds before a scaling point, SARIF or --diff run counts as too slow (default 120, 20 with --quick)",
    )
    options = parser.parse_args(argv)
    unknown = [name for name in options.only.split(",") if name and name not in GROUPS]
    if unknown:
        parser.error(f"unknown group {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
    if options.repeat < 1:
        parser.error("--repeat must be at least 1")
    if options.timeout is None:
        options.timeout = 20.0 if options.quick else 120.0
    return options


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def compile_bytecode() -> None:
    """Write tf2lint's bytecode as pip does when it installs a package, so that start-up is timed as
    users get it even where PYTHONDONTWRITEBYTECODE is set (an editable checkout would otherwise
    compile every module from source on every run)."""
    import compileall

    import tf2lint

    package = Path(tf2lint.__file__).parent
    if not compileall.compile_dir(str(package), quiet=1, force=False):
        log(f"note: could not write bytecode under {package}; start-up includes compiling it")


def main(argv: list[str] | None = None) -> int:
    options = parse_options(argv)
    chosen = [name for name in GROUPS if not options.only or name in options.only.split(",")]
    compile_bytecode()
    work = Path(tempfile.mkdtemp(prefix="tf2lint-bench-"))
    ctx = groups.Context(options, work, log=log)
    rows: list[Row] = []
    try:
        for name in chosen:
            log(f"== {name}")
            try:
                found = GROUPS[name](ctx)
            except Exception as error:  # one broken group must not lose the others' numbers
                traceback.print_exc()
                found = [Row(f"{name}", "failed", f"{type(error).__name__}: {error}".replace("|", "/"))]
            for row in found:
                log(f"{row.measurement}: {row.result} {row.ratio} {row.target}")
            rows += found
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()}, Python "
        f"{platform.python_version()}; load average at the end {load}. Medians of {options.repeat} runs"
        f"{' (quick sizes)' if options.quick else ''}."
    )
    for note in ctx.notes:
        print(note)
    print()
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
