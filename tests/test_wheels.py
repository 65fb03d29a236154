"""Checks against TensorFlow's own wheels; skipped where tools/fetch_wheels.py has not been run."""

from __future__ import annotations

import importlib.util
import keyword
import os
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from tf2lint.lint import lint_source

WHEELS = Path(os.environ.get("TF2LINT_WHEELS", Path.home() / ".cache" / "tf2lint" / "wheels"))


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_api_tables", ROOT / "tools" / "generate_api_tables.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    return module


GENERATOR = _load_generator()
NEEDED = (
    GENERATOR.V0,
    GENERATOR.V1[1],
    GENERATOR.LAST_KERAS_2,
    *(prefix for _, tf_prefix, keras_prefix in GENERATOR.V2_RELEASES for prefix in (tf_prefix, keras_prefix) if prefix),
)
HAVE_WHEELS = WHEELS.is_dir() and all(any(p.name.startswith(n) for p in WHEELS.rglob("*.whl")) for n in NEEDED)

pytestmark = [
    pytest.mark.wheels,
    pytest.mark.skipif(not HAVE_WHEELS, reason=f"TensorFlow wheels not in {WHEELS} (tools/fetch_wheels.py)"),
]


@pytest.fixture(scope="module")
def generator():
    return GENERATOR


@pytest.fixture(scope="module")
def diff(generator):
    """(names missing from the newest release, names that still exist there), read from the wheels."""
    v1_api, _, releases = generator.load_all(WHEELS)
    statuses, surviving = generator.classify(v1_api, releases)
    missing = sorted(name for name, status in statuses.items() if status[-1])
    back_again = [name for name, status in statuses.items() if not status[-1]]  # gone in 2.0, back later
    return missing, sorted(surviving + back_again)


def test_committed_table_is_what_the_generator_produces(generator) -> None:
    assert generator.main(["--wheels", str(WHEELS), "--check"]) == 0


def _references(names: list[str]) -> str:
    usable = [name for name in names if not any(keyword.iskeyword(part) for part in name.split("."))]
    return "import tensorflow as tf\n" + "".join(f"tf.{name}\n" for name in usable), usable


def test_every_missing_name_is_flagged(diff) -> None:
    missing, _ = diff
    source, usable = _references(missing)
    flagged = {d.line for d in lint_source(source).diagnostics}
    unflagged = [name for line, name in enumerate(usable, 2) if line not in flagged]
    assert len(usable) > 800
    assert unflagged == []


def test_no_surviving_name_is_reported_as_removed(diff) -> None:
    _, surviving = diff
    source, usable = _references(surviving)
    reported = [
        (usable[d.line - 2], d.code, d.message)
        for d in lint_source(source).diagnostics
        if "removed" in d.message or "renamed" in d.message
    ]
    assert len(usable) > 2000
    assert reported == []


def test_missing_names_are_flagged_through_from_imports(diff) -> None:
    missing, _ = diff
    usable = [name for name in missing if "." in name and not any(keyword.iskeyword(p) for p in name.split("."))]
    lines = [
        f"from tensorflow.{name.rpartition('.')[0]} import {name.rpartition('.')[2]} as name_{index}\n"
        for index, name in enumerate(usable)
    ]
    flagged = {d.line for d in lint_source("".join(lines)).diagnostics}
    assert [name for line, name in enumerate(usable, 1) if line not in flagged] == []
