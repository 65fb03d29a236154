"""Timing and memory primitives shared by the benchmark groups, and the table row they produce.

Everything that is timed runs as a subprocess, as users run it: start-up counts, nothing the
benchmark process itself imported or cached leaks into a measurement, and a run that takes too
long can be stopped.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Row:
    """One line of the Markdown table: what was measured, the number, how it compares, the goal."""

    measurement: str
    result: str
    ratio: str = ""
    target: str = ""


class TimedOut(Exception):
    """A command ran past its time limit and was stopped."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"> {limit:g} s")
        self.limit = limit


def run_once(
    command: Sequence[str], *, cwd: Path | None = None, timeout: float | None = None, stdout_path: Path | None = None
) -> float:
    """Wall-clock seconds of one run of ``command``; its output is thrown away (or kept in a file)."""
    start = time.perf_counter()
    try:
        if stdout_path is None:
            subprocess.run(
                command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout, check=False
            )
        else:
            with stdout_path.open("wb") as out:
                subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise TimedOut(timeout or 0.0) from None
    return time.perf_counter() - start


def median_of(command: Sequence[str], repeat: int, *, cwd: Path | None = None, timeout: float | None = None) -> float:
    """Median wall-clock time of ``repeat`` runs (one run when the first already took over 10 s)."""
    first = run_once(command, cwd=cwd, timeout=timeout)
    times = [first]
    if first < 10:
        times += [run_once(command, cwd=cwd, timeout=timeout) for _ in range(repeat - 1)]
    return statistics.median(times)


def paired_medians(
    first: Sequence[str], second: Sequence[str], repeat: int, *, cwd: Path | None = None
) -> tuple[float, float]:
    """Medians of two commands run alternately, so a busy moment on the machine hits both alike."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        a.append(run_once(first, cwd=cwd))
        b.append(run_once(second, cwd=cwd))
    return statistics.median(a), statistics.median(b)


# Runs the command in a fresh parent so that only its own process tree counts; ru_maxrss of the
# children is the peak of the largest single process (the CLI with --jobs 1 is one process).
_PEAK_PROBE = """\
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
seconds = time.perf_counter() - start
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, seconds)
"""


def peak_memory(command: Sequence[str], *, timeout: float | None = None) -> tuple[float, float]:
    """(peak resident memory in MB, seconds) of one run of ``command`` (Linux and macOS)."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PEAK_PROBE, *command], capture_output=True, text=True, timeout=timeout, check=True
        )
    except subprocess.TimeoutExpired:
        raise TimedOut(timeout or 0.0) from None
    kilobytes, seconds = done.stdout.split()
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024  # macOS reports bytes
    return int(kilobytes) / divisor, float(seconds)


# Times tf2lint's entry point (the console script's ``tf2lint.cli:run``) inside a fresh interpreter,
# leaving out the interpreter's and the imports' start-up, which do not grow with the input.
_INNER = """\
import os, sys, time
from tf2lint.cli import run
sys.argv = ["tf2lint", *sys.argv[2:]]
start = time.perf_counter()
try:
    run()
except SystemExit:
    pass
elapsed = time.perf_counter() - start
with open(os.environ["TF2LINT_BENCH_TIMING"], "w") as out:
    out.write(repr(elapsed))
"""


def inner_time(arguments: Sequence[str], work: Path, *, timeout: float | None = None) -> float:
    """Seconds tf2lint spends on ``arguments`` after its start-up, in a subprocess that can be stopped."""
    timing = work / "inner-timing.txt"
    timing.unlink(missing_ok=True)
    env = {**os.environ, "TF2LINT_BENCH_TIMING": str(timing)}
    try:
        subprocess.run(
            [sys.executable, "-c", _INNER, "-", *arguments],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TimedOut(timeout or 0.0) from None
    if not timing.is_file():
        raise RuntimeError(f"tf2lint did not finish on {' '.join(arguments)}")
    return float(timing.read_text())


def inner_median(arguments: Sequence[str], work: Path, repeat: int, *, timeout: float | None = None) -> float:
    first = inner_time(arguments, work, timeout=timeout)
    found = [first]
    if first < 10:
        found += [inner_time(arguments, work, timeout=timeout) for _ in range(repeat - 1)]
    return statistics.median(found)


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def times(ratio: float) -> str:
    return f"{ratio:.2f} ×"


def verdict(goal: str, met: bool) -> str:
    return f"{goal}: {'met' if met else 'missed'}"


def markdown(rows: Sequence[Row]) -> str:
    lines = ["| measurement | result | ratio | target |", "| --- | --- | --- | --- |"]
    lines += [f"| {row.measurement} | {row.result} | {row.ratio} | {row.target} |" for row in rows]
    return "\n".join(lines)
