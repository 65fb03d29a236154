"""Does the cost grow linearly? Each dimension of the input is doubled and ``tf2lint --jobs 1`` timed.

A dimension is one thing that grows in real projects: lines in a file, names bound to TensorFlow,
guarded contrib imports, notebook cells, files in a tree, findings in a file. For each, inputs at
doubling sizes are generated into a temporary folder and tf2lint is timed on them in a fresh
process, from its entry point on (the interpreter's and the imports' start-up do not grow), less its
time on the same kind of input of size 1 (which takes any lazy import, such as the notebook
reader's). The growth exponent is the slope of log(time) against log(size): 1 is linear, 2
quadratic. A point that runs past the time limit stops the dimension and is reported as such, so the
benchmark ends even on code with a quadratic path.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus import BLOCKS, HEADERS, WEIGHTS, WORDS
from measure import Row, TimedOut, inner_median, seconds, verdict

EXPONENT_GOAL = 1.1
CONTRIB = ("slim", "layers", "rnn", "seq2seq", "framework", "training", "distributions", "metrics", "crf", "opt")


def _typical_lines(count: int, seed: int = 17) -> str:
    """About ``count`` lines of everyday TF 1.x code (the generated corpus's blocks)."""
    rng = random.Random(seed)
    parts = [HEADERS[0]]
    lines = HEADERS[0].count("\n")
    while lines < count:
        name = f"{rng.choice(WORDS)}_{rng.randrange(10**6)}"
        block = rng.choices(BLOCKS, WEIGHTS)[0].format(
            name=name, cname=name.title().replace("_", ""), n=rng.randrange(2, 9), d=rng.randrange(1, 9)
        )
        parts.append(block)
        lines += block.count("\n")
    return "".join(parts)


def lines_file(folder: Path, size: int) -> Path:
    path = folder / "big.py"
    path.write_text(_typical_lines(size), encoding="utf-8")
    return path


def aliases_file(folder: Path, size: int) -> Path:
    """``size`` names bound to TensorFlow modules in one file, each used once."""
    body = "".join(f"a{k} = tf.nn\ny{k} = a{k}.relu(x)\n" for k in range(size))
    path = folder / "aliases.py"
    path.write_text("import tensorflow as tf\nx = tf.ones([2])\n" + body, encoding="utf-8")
    return path


def guarded_file(folder: Path, size: int) -> Path:
    """``size`` optional contrib imports guarded by ``try/except ImportError``."""
    body = "".join(
        f"try:\n    import tensorflow.contrib.{CONTRIB[k % len(CONTRIB)]} as c{k}\n"
        f"except ImportError:\n    c{k} = None\n"
        for k in range(size)
    )
    path = folder / "guarded.py"
    path.write_text("import tensorflow as tf\n" + body, encoding="utf-8")
    return path


def _cell(source: str, kind: str = "code") -> dict:
    cell: dict[str, object] = {"cell_type": kind, "metadata": {}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def notebook_file(folder: Path, size: int) -> Path:
    """A notebook of ``size`` one-line code cells, each with one finding."""
    cells = [_cell("import tensorflow as tf")]
    cells += [_cell(f"x{k} = tf.to_float(y)") for k in range(size - 1)]
    document = {"cells": cells, "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    path = folder / "cells.ipynb"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def many_files(folder: Path, size: int) -> Path:
    """A tree of ``size`` small TF files, 500 to a folder."""
    root = folder / "tree"
    for k in range(size):
        sub = root / f"pkg{k // 500:03}"
        if k % 500 == 0:
            sub.mkdir(parents=True)
        (sub / f"m{k:05}.py").write_text(
            f"import tensorflow as tf\n\n\ndef f{k}(x):\n    return tf.log(x)\n", encoding="utf-8"
        )
    return root


def findings_file(folder: Path, size: int) -> Path:
    """One file with ``size`` findings, one a line."""
    kinds = (
        "x{k} = tf.log(y)\n",
        "x{k} = tf.to_float(y)\n",
        "x{k} = tf.reduce_sum(y, keep_dims=True)\n",
        "x{k} = tf.nn.softmax(y, dim=1)\n",
        "x{k} = tf.random_normal([2])\n",
    )
    body = "".join(kinds[k % len(kinds)].format(k=k) for k in range(size))
    path = folder / "dense.py"
    path.write_text("import tensorflow as tf\n" + body, encoding="utf-8")
    return path


@dataclass
class Dimension:
    name: str
    unit: str
    make: Callable[[Path, int], Path]
    full: tuple[int, ...]
    quick: tuple[int, ...]


DIMENSIONS = (
    Dimension("lines", "lines in one file", lines_file, (25_000, 50_000, 100_000, 200_000), (1_000, 2_000, 4_000)),
    Dimension(
        "aliases", "aliases (`aK = tf.nn`) in one file", aliases_file, (1_250, 2_500, 5_000, 10_000), (100, 200, 400)
    ),
    Dimension(
        "guarded", "guarded contrib imports in one file", guarded_file, (1_250, 2_500, 5_000, 10_000), (100, 200, 400)
    ),
    Dimension("cells", "one-line notebook cells", notebook_file, (2_500, 5_000, 10_000, 20_000), (200, 400, 800)),
    Dimension("files", "small files in a tree", many_files, (6_250, 12_500, 25_000, 50_000), (100, 200, 400)),
    Dimension(
        "findings",
        "findings in one file (one a line)",
        findings_file,
        (12_500, 25_000, 50_000, 100_000),
        (500, 1_000, 2_000),
    ),
)


def exponent(sizes: Sequence[int], durations: Sequence[float]) -> float:
    """Least-squares slope of log(duration) against log(size)."""
    xs = [math.log(size) for size in sizes]
    ys = [math.log(max(duration, 1e-4)) for duration in durations]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def measure(
    dimension: Dimension, arguments: Sequence[str], work: Path, *, quick: bool, repeat: int, timeout: float, log=print
) -> Row:
    """Time tf2lint with ``arguments + [input]`` at each size of ``dimension``; a table row with the exponent."""
    sizes = dimension.quick if quick else dimension.full
    folder = work / f"{dimension.name}-1"
    folder.mkdir(parents=True)
    startup = inner_median([*arguments, str(dimension.make(folder, 1))], work, max(repeat, 5))
    shutil.rmtree(folder, ignore_errors=True)
    measured: list[tuple[int, float]] = []
    stopped_at = 0
    for size in sizes:
        folder = work / f"{dimension.name}-{size}"
        folder.mkdir(parents=True)
        target = dimension.make(folder, size)
        try:
            total = inner_median([*arguments, str(target)], work, repeat, timeout=timeout)
        except TimedOut:
            stopped_at = size
            log(f"scaling {dimension.name} {size}: > {timeout:g} s")
            break
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        measured.append((size, max(total - startup, 1e-3)))
        log(f"scaling {dimension.name} {size}: {total:.3f} s")
    points = ", ".join(f"{size:,}: {seconds(duration)}" for size, duration in measured)
    label = f"scaling: {dimension.unit}"
    if stopped_at:
        # The step that ran out of time grew at least this fast.
        bound = (
            exponent([measured[-1][0], stopped_at], [measured[-1][1], timeout - startup]) if measured else float("nan")
        )
        super_linear = bound > EXPONENT_GOAL
        stopped = f"{stopped_at:,}: > {timeout:g} s" + (", super-linear" if super_linear else "")
        if not measured:
            ratio = "too slow at the smallest size"
        elif len(measured) == 1:
            ratio = f"last step exponent > {bound:.2f}"
        else:
            fit = exponent([size for size, _ in measured], [duration for _, duration in measured])
            ratio = f"exponent {fit:.2f} up to {measured[-1][0]:,}, last step > {bound:.2f}"
        return Row(
            label, "; ".join(part for part in (points, stopped) if part), ratio, verdict(f"≤ {EXPONENT_GOAL}", False)
        )
    slope = exponent([size for size, _ in measured], [duration for _, duration in measured])
    last = exponent([size for size, _ in measured[-2:]], [duration for _, duration in measured[-2:]])
    return Row(
        label,
        points,
        f"exponent {slope:.2f} (last doubling {last:.2f})",
        verdict(f"≤ {EXPONENT_GOAL}", slope <= EXPONENT_GOAL),
    )
