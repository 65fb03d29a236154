"""The cyclic garbage collector and tf2lint's work on one file.

Parsing and walking a file allocate objects by the hundred thousand and keep them alive until the
file is done; reference counting then frees them all (the engine makes no reference cycles). Left
running, the cyclic collector traverses them again and again while they live, which made a
20,000-cell notebook or a 200,000-line file cost more than linearly, cost about a sixth of the parse
on real code, and, inside flake8 or pylint, promoted the host's own objects into collections of the
oldest generation. So each file's work runs with the collector paused (and its state restored), and
tf2lint's own processes also freeze what start-up allocated and collect the young generation less
often. Cycles a file does leave behind are collected after it, as before.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

YOUNG_THRESHOLD = 100_000


def tune_for_batch() -> None:
    """For tf2lint's own processes only (the command, its pool workers), never a host's."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run one file's work without the cyclic collector; it runs again (if it was on) afterwards."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
