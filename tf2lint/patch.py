"""``--diff``: the fixes as a patch that ``git apply`` and ``patch -p1`` accept.

A patch is bytes in the file's own encoding, cut at ``\\n`` as those tools cut lines (a CR stays
part of its line, so CRLF files round-trip). A last line without a newline gets the
``\\ No newline at end of file`` marker, and the headers are ``a/`` and ``b/`` plus a path relative
to the current directory (or, outside it, the absolute path without its leading slash).

The lines are matched in time linear in the file (see :func:`matching_blocks`): ``difflib``
alone looks for the longest match across the whole remaining range for every matched run, which
is quadratic when a fix touches every few lines of a long file. Headers, hunk ranges and the three
lines of context are written as ``difflib.unified_diff`` writes them, and for most fixes the patch
is the same; where difflib ignores frequent lines (blank lines, in a file of 200 lines or more),
they stay context here (on the real TF 1.x corpus the patch came out 0.3 % shorter).
"""

from __future__ import annotations

import bisect
import difflib
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

NO_NEWLINE = b"\\ No newline at end of file\n"
CONTEXT = 3
# Between two anchors difflib compares at most this many pairs of lines; a larger stretch without
# a line unique to both sides is reported as replaced whole (still a correct patch).
MAX_GAP_PAIRS = 1_000_000
MAX_DEPTH = 8

Block = tuple[int, int, int]  # (start in a, start in b, length) of equal lines
Opcode = tuple[str, int, int, int, int]  # difflib's (tag, i1, i2, j1, j2)


def patch_name(path: Path) -> str:
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        relative = absolute.lstrip(os.sep)
    return Path(relative).as_posix()


def _split_newlines(data: bytes) -> list[bytes]:
    lines = [line + b"\n" for line in data.split(b"\n")]
    lines[-1] = lines[-1][:-1]
    return [line for line in lines if line]


def _anchors(a: Sequence[bytes], b: Sequence[bytes], alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int]]:
    """Pairs of lines that occur exactly once in ``a[alo:ahi]`` and once in ``b[blo:bhi]``, the
    longest chain of them in the same order on both sides (patience diff's anchors)."""
    in_a = Counter(a[alo:ahi])
    in_b = Counter(b[blo:bhi])
    where_b = {b[j]: j for j in range(blo, bhi) if in_b[b[j]] == 1 and in_a.get(b[j]) == 1}
    pairs = [(i, where_b[a[i]]) for i in range(alo, ahi) if a[i] in where_b]
    # Longest increasing run of b positions (patience sorting): O(k log k).
    tops: list[int] = []  # the smallest b position ending a chain of each length
    ends: list[int] = []  # index into pairs of that chain's last pair
    previous = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(tops, j)
        if length == len(tops):
            tops.append(j)
            ends.append(index)
        else:
            tops[length], ends[length] = j, index
        previous[index] = ends[length - 1] if length else -1
    chain = []
    index = ends[-1] if ends else -1
    while index >= 0:
        chain.append(pairs[index])
        index = previous[index]
    return chain[::-1]


def _match(
    a: Sequence[bytes], b: Sequence[bytes], alo: int, ahi: int, blo: int, bhi: int, depth: int, out: list[Block]
) -> None:
    """Append the equal runs of ``a[alo:ahi]`` and ``b[blo:bhi]`` to ``out``, in order."""
    while alo < ahi and blo < bhi and a[alo] == b[blo]:  # common head
        out.append((alo, blo, 1))
        alo, blo = alo + 1, blo + 1
    tail = []
    while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:  # common tail
        ahi, bhi = ahi - 1, bhi - 1
        tail.append((ahi, bhi, 1))
    if alo < ahi and blo < bhi:
        anchors = _anchors(a, b, alo, ahi, blo, bhi) if depth < MAX_DEPTH else []
        if anchors:
            for i, j in anchors:
                _match(a, b, alo, i, blo, j, depth + 1, out)
                out.append((i, j, 1))
                alo, blo = i + 1, j + 1
            _match(a, b, alo, ahi, blo, bhi, depth + 1, out)
        elif (ahi - alo) * (bhi - blo) <= MAX_GAP_PAIRS:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi])
            out += [(alo + i, blo + j, size) for i, j, size in matcher.get_matching_blocks() if size]
    out += tail[::-1]


def matching_blocks(a: Sequence[bytes], b: Sequence[bytes]) -> list[Block]:
    """Runs of equal lines in order, adjacent runs merged, ending with ``(len(a), len(b), 0)``
    like ``difflib.SequenceMatcher.get_matching_blocks``."""
    found: list[Block] = []
    _match(a, b, 0, len(a), 0, len(b), 0, found)
    merged: list[Block] = []
    for i, j, size in found:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + size)
        else:
            merged.append((i, j, size))
    merged.append((len(a), len(b), 0))
    return merged


def _opcodes(blocks: Sequence[Block]) -> list[Opcode]:
    codes: list[Opcode] = []
    i = j = 0
    for ai, bj, size in blocks:
        if i < ai or j < bj:
            tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert"
            codes.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            codes.append(("equal", ai, i, bj, j))
    return codes


def _hunks(codes: list[Opcode]) -> Iterator[list[Opcode]]:
    """The changes in hunks with ``CONTEXT`` equal lines around them (difflib's grouping: a run
    of more than twice the context between two changes starts a new hunk)."""
    if not codes or all(tag == "equal" for tag, *_ in codes):
        return
    tag, i1, i2, j1, j2 = codes[0]
    if tag == "equal":
        codes[0] = (tag, max(i1, i2 - CONTEXT), i2, max(j1, j2 - CONTEXT), j2)
    tag, i1, i2, j1, j2 = codes[-1]
    if tag == "equal":
        codes[-1] = (tag, i1, min(i2, i1 + CONTEXT), j1, min(j2, j1 + CONTEXT))
    hunk: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * CONTEXT:
            hunk.append((tag, i1, i1 + CONTEXT, j1, j1 + CONTEXT))
            yield hunk
            hunk = []
            i1, j1 = i2 - CONTEXT, j2 - CONTEXT
        hunk.append((tag, i1, i2, j1, j2))
    if not (len(hunk) == 1 and hunk[0][0] == "equal"):
        yield hunk


def _range(start: int, stop: int) -> bytes:
    """A hunk header's ``start,length`` (``start`` alone for one line; an empty range names the line before)."""
    length = stop - start
    if length == 1:
        return b"%d" % (start + 1)
    return b"%d,%d" % (start if not length else start + 1, length)


def unified_diff(path: Path, original: bytes, new: bytes) -> bytes:
    """A unified diff from ``original`` to ``new`` for the file at ``path``."""
    name = patch_name(path).encode("utf-8", "surrogateescape")
    a, b = _split_newlines(original), _split_newlines(new)
    out = bytearray()
    for hunk in _hunks(_opcodes(matching_blocks(a, b))):
        if not out:
            out += b"--- a/" + name + b"\n+++ b/" + name + b"\n"
        out += b"@@ -" + _range(hunk[0][1], hunk[-1][2]) + b" +" + _range(hunk[0][3], hunk[-1][4]) + b" @@\n"
        for tag, i1, i2, j1, j2 in hunk:
            lines = [(b" ", a[i1:i2])] if tag == "equal" else [(b"-", a[i1:i2]), (b"+", b[j1:j2])]
            for mark, chunk in lines:
                for line in chunk:
                    out += mark + line
                    if not line.endswith(b"\n"):
                        out += b"\n" + NO_NEWLINE
    return bytes(out)
