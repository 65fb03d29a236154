"""The cyclic collector is paused for one file's work and restored after, in a host's process too."""

from __future__ import annotations

import ast
import gc
from collections.abc import Iterator

import pytest

from tf2lint.collector import collector_paused
from tf2lint.flake8_plugin import Flake8Plugin

SOURCE = "import tensorflow as tf\nsess = tf.Session()\n"


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_paused_inside_and_restored_after() -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # a host that had it off keeps it off
    finally:
        gc.enable()


@pytest.mark.usefixtures("collector_on")
def test_restored_when_the_work_raises() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_flake8_plugin_leaves_the_host_collector_on() -> None:
    found = list(Flake8Plugin(ast.parse(SOURCE), SOURCE.splitlines(keepends=True)).run())
    assert [message.split()[0] for _, _, message, _ in found] == ["TF101"]
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_the_engine_leaves_no_reference_cycles() -> None:
    """A file's tree and walk state are freed by reference counting alone (no cycle keeps them
    for the collector), which is what makes pausing the collector safe."""
    from tf2lint.lint import lint_source

    lint_source(SOURCE)  # the catalogue and its caches are built on first use
    gc.collect()
    gc.disable()
    try:
        gc.set_debug(gc.DEBUG_SAVEALL)
        lint_source("import tensorflow as tf\n" + "x = tf.placeholder(tf.float32)\ny = tf.layers.dense(x, 3)\n" * 50)
        gc.collect()
        assert gc.garbage == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
