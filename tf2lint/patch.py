"""``--diff``: the fixes as a patch that ``git apply`` and ``patch -p1`` accept.

A patch is bytes in the file's own encoding, cut at ``\\n`` as those tools cut lines (a CR stays
part of its line, so CRLF files round-trip). A last line without a newline gets the
``\\ No newline at end of file`` marker, and the headers are ``a/`` and ``b/`` plus a path relative
to the current directory (or, outside it, the absolute path without its leading slash).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

NO_NEWLINE = b"\\ No newline at end of file\n"


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


def unified_diff(path: Path, original: bytes, new: bytes) -> bytes:
    """A unified diff from ``original`` to ``new`` for the file at ``path``."""
    name = patch_name(path).encode("utf-8", "surrogateescape")
    out = bytearray()
    for line in difflib.diff_bytes(
        difflib.unified_diff, _split_newlines(original), _split_newlines(new), b"a/" + name, b"b/" + name
    ):
        out += line
        if not line.endswith(b"\n"):
            out += b"\n" + NO_NEWLINE
    return bytes(out)
