#!/usr/bin/env python3
"""How the engine's cost grows with the number of TF-bound names and of guarded imports in one file.

Not a test. Generates one module per size with N aliases (``aK = tf.nn`` then a use of ``aK``) or N
guarded imports (``try: import tensorflow.contrib.mK as cK / except ImportError: cK = None``), times
the engine on it (best of --repeat) and prints the seconds and the growth exponent between
successive sizes (1.0 is linear, 2.0 quadratic). Usage:

    python benchmarks/scaling_names.py                       # 500, 1,000, 2,000, 5,000 and 10,000
    python benchmarks/scaling_names.py --sizes 50 100 --repeat 1   # a tiny run
"""

from __future__ import annotations

import argparse
import ast
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tf2lint.lint import get_catalogue, lint_tree_unguarded


def aliases(count: int) -> str:
    lines = ["import tensorflow as tf\n"]
    for index in range(count):
        lines.append(f"a{index} = tf.nn\n")
        lines.append(f"y{index} = a{index}.relu(x{index})\n")
    return "".join(lines)


def guards(count: int) -> str:
    lines = ["import tensorflow as tf\n"]
    for index in range(count):
        lines.append(
            f"try:\n    import tensorflow.contrib.m{index} as c{index}\nexcept ImportError:\n    c{index} = None\n"
        )
    return "".join(lines)


SHAPES = {"aliases": aliases, "guards": guards}


def seconds(text: str, repeat: int) -> float:
    """Best engine time over ``repeat`` runs; the parse is outside the timing (it is linear)."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    catalogue = get_catalogue()
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        lint_tree_unguarded(tree, lines, catalogue)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 5000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shape", choices=sorted(SHAPES), action="append", help="default: all")
    parser.add_argument(
        "--give-up",
        type=float,
        default=60.0,
        help="skip larger sizes of a shape once one run takes longer than this (seconds)",
    )
    args = parser.parse_args(argv)
    get_catalogue()  # load the table before timing
    print("| shape | names | seconds | exponent vs previous size |")
    print("| --- | ---: | ---: | ---: |")
    for shape in args.shape or sorted(SHAPES):
        measured: list[tuple[int, float]] = []
        for size in args.sizes:
            took = seconds(SHAPES[shape](size), args.repeat)
            exponent = ""
            if measured and measured[-1][1] > 0 and size != measured[-1][0]:
                exponent = f"{math.log(took / measured[-1][1]) / math.log(size / measured[-1][0]):.2f}"
            print(f"| {shape} | {size:,} | {took:.3f} | {exponent} |", flush=True)
            measured.append((size, took))
            if took > args.give_up:
                print(f"| {shape} | larger sizes skipped: one run took over {args.give_up:.0f} s | | |")
                break
        fit = fitted_exponent(measured)
        if fit is not None:
            print(f"| {shape} | all sizes | | fitted: {fit:.2f} |", flush=True)
    return 0


def fitted_exponent(measured: list[tuple[int, float]]) -> float | None:
    """The least-squares slope of log(time) over log(size): steadier than one pair on a busy machine."""
    points = [(math.log(size), math.log(took)) for size, took in measured if took > 0]
    if len({x for x, _ in points}) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x, _ in points)


if __name__ == "__main__":
    sys.exit(main())
