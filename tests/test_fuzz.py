"""Property tests: generated Python (hypothesmith) and generated TF 1.x/2.x code through the engine.

Profiles: "ci" (default, a few hundred examples) and "long" (HYPOTHESIS_PROFILE=long, by hand).
"""

from __future__ import annotations

import ast
import json
import os
from importlib import resources

import hypothesmith
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tf2lint.lint import lint_tree_unguarded
from tf2lint.rules import ALL_RULES

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

UNRELATED = "import os\nunrelated = os.sep\n"


def lint(text: str):
    lines = text.splitlines(keepends=True)
    return lint_tree_unguarded(ast.parse(text), lines)


def check_properties(text: str) -> None:
    """Never raises, deterministic, positions inside the file, a prefix only shifts lines."""
    lines = text.splitlines(keepends=True)
    first = lint(text)
    assert lint(text) == first
    for d in first:
        assert 1 <= d.line <= d.end_line <= len(lines)
        assert 0 <= d.col <= len(lines[d.line - 1])
        assert 0 <= d.end_col <= len(lines[d.end_line - 1])
        assert (d.line, d.col) <= (d.end_line, d.end_col)
        for edit in d.fix:
            assert 1 <= edit.line <= edit.end_line <= len(lines)
    shifted_text = UNRELATED + text
    try:
        ast.parse(shifted_text)
    except SyntaxError:  # e.g. a __future__ import must stay first
        return
    shifted = lint(shifted_text)
    assert [(d.line + 2, d.col, d.code, d.message) for d in first] == [
        (d.line, d.col, d.code, d.message) for d in shifted
    ]


@given(hypothesmith.from_grammar())
def test_generated_python_programs(source: str) -> None:
    check_properties(source)
    with_tf = "import tensorflow as tf\n" + source
    try:
        ast.parse(with_tf)
    except SyntaxError:
        return
    check_properties(with_tf)


def _name_pool() -> list[str]:
    data = json.loads(resources.files("tf2lint").joinpath("data/tf_api.json").read_text(encoding="utf-8"))
    names = sorted(data["names"])[::7] + sorted(data["keywords"])[::3]
    for rule in ALL_RULES:
        names += list(rule.names)[:3] + [module + ".x" for module in list(rule.modules)[:3]]
    names += [
        "math.log",
        "keras.layers.Dense",
        "function",
        "GradientTape",
        "io.gfile.exists",
        "nn.relu",
        "data.Dataset.range",
        "compat.v1.Session",
        "compat.v1.layers.dense",
        "compat.v2.math.log",
        "Session",
    ]
    return sorted({name for name in names if name and all(part.isidentifier() for part in name.split("."))})


NAMES = _name_pool()
KEYWORDS = [
    "keep_dims",
    "reduction_indices",
    "dim",
    "axis",
    "keep_prob",
    "rate",
    "name",
    "reuse",
    "collections",
    "squeeze_dims",
    "dimension",
    "filter",
]
ALIASES = ["tf", "T", "tensorflow", "v1", "L", "slim", "np"]
IMPORTS = [
    "import tensorflow as {a}",
    "import tensorflow.compat.v1 as {a}",
    "from tensorflow import layers as {a}",
    "from tensorflow.contrib import slim as {a}",
    "from tensorflow.compat import v1 as {a}",
    "import numpy as {a}",
    "{a} = object()",
    "import tensorflow",
    "from tensorflow import *",
]

expressions = st.builds(
    lambda alias, name, call, args, keywords: (
        f"{alias}.{name}" + (f"({', '.join([*args, *(f'{k}={v}' for k, v in keywords)])})" if call else "")
    ),
    st.sampled_from(ALIASES),
    st.sampled_from(NAMES),
    st.booleans(),
    st.lists(st.sampled_from(["x", "1", "0.5", "a + b", "[1, 2]", "'s'"]), max_size=3),
    st.lists(
        st.tuples(st.sampled_from(KEYWORDS), st.sampled_from(["1", "True", "p", "x * 2"])),
        max_size=2,
        unique_by=lambda item: item[0],
    ),
)
statements = st.one_of(
    st.builds(lambda template, alias: template.format(a=alias), st.sampled_from(IMPORTS), st.sampled_from(ALIASES)),
    st.builds(lambda e: f"y = {e}", expressions),
    st.builds(lambda e: f"def f(tf, x=None):\n    return {e}", expressions),
    st.builds(lambda e: f"try:\n    z = {e}\nexcept ImportError:\n    z = None", expressions),
    st.builds(lambda e: f"if hasattr(tf, 'contrib'):\n    w = {e}", expressions),
    st.builds(lambda e: f"@tf.function\ndef g(x):\n    return {e}", expressions),
    st.builds(lambda e: f"class C:\n    attr = {e}", expressions),
    st.builds(lambda e: f"values = [{e} for tf in range(3)]", expressions),
    st.builds(lambda e: f"v = {e}.make_one_shot_iterator()", expressions),
)


@given(st.lists(statements, min_size=1, max_size=12))
def test_generated_tensorflow_code(lines: list[str]) -> None:
    source = "import tensorflow as tf\n" + "\n".join(lines) + "\n"
    try:
        ast.parse(source)
    except SyntaxError:
        assume(False)
    check_properties(source)
