"""Garbage-collector settings for tf2lint's own processes, never a host's (flake8, pylint, an editor).

A lint run allocates millions of short-lived tree nodes, all freed by reference counting as soon as
a file is done; the cyclic collector's frequent young-generation passes over them find nothing and
cost about a sixth of the parse. The objects alive after start-up are frozen out of collection and
the first threshold is raised, so the collector still runs (memory stays bounded should cycles
appear), only rarely.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 100_000


def tune_for_batch() -> None:
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
