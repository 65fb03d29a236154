"""Write a fixed file back without losing anything the user had: links, owner, mode, extended
attributes, or edits made while tf2lint was running.

The content goes to a temporary file next to the real one first (so a full disk or a dead process
never leaves a truncated file), and the file is checked to be byte-for-byte what was linted right
before it is replaced. A symlink is followed to its target. When a rename would lose something (a
hard link, an owner we cannot set, an extended attribute we cannot copy), the checked content is
copied into the existing file instead, which keeps its inode and everything attached to it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class NotWritten(Exception):
    """The file was left alone; the message is one line that says why."""


def write_fixed(path: Path, original: bytes, new: bytes) -> None:
    """Replace ``path``'s content ``original`` by ``new``, or raise :class:`NotWritten`."""
    target = Path(os.path.realpath(path))
    try:
        before = os.stat(target)
    except OSError as exc:
        raise NotWritten(f"{path}: cannot write: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(before.st_mode):
        raise NotWritten(f"{path}: not a regular file, not fixed")
    if not before.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise NotWritten(f"{path}: read-only, not fixed")
    _check_unchanged(path, target, original)
    try:
        temp = _temporary_copy(target, new, before)
    except OSError:
        temp = None  # the directory is not writable, or attributes cannot be copied: write in place
    try:
        _check_unchanged(path, target, original, before)
        if temp is not None and before.st_nlink == 1:
            os.replace(temp, target)
            temp = None
        else:
            _write_in_place(path, target, new, original)
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def _check_unchanged(path: Path, target: Path, original: bytes, before: os.stat_result | None = None) -> None:
    try:
        now = os.stat(target)
        current = target.read_bytes()
    except OSError as exc:
        raise NotWritten(f"{path}: cannot read it back: {exc.strerror or exc}") from exc
    moved = before is not None and (now.st_ino, now.st_dev, now.st_mtime_ns, now.st_size) != (
        before.st_ino,
        before.st_dev,
        before.st_mtime_ns,
        before.st_size,
    )
    if current != original or moved:
        raise NotWritten(f"{path}: changed since it was read, not fixed")


def _temporary_copy(target: Path, new: bytes, before: os.stat_result) -> str:
    """The new content in a temporary file beside ``target``, with its mode, owner and attributes."""
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tf2lint")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(new)
            stream.flush()
            os.fsync(stream.fileno())
        if (before.st_uid, before.st_gid) != (os.stat(temp).st_uid, os.stat(temp).st_gid):
            os.chown(temp, before.st_uid, before.st_gid)  # PermissionError: keep the owner by writing in place
        os.chmod(temp, stat.S_IMODE(before.st_mode))
        if hasattr(os, "listxattr"):
            for name in os.listxattr(target):
                os.setxattr(temp, name, os.getxattr(target, name))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def _write_in_place(path: Path, target: Path, new: bytes, original: bytes) -> None:
    try:
        with open(target, "r+b") as stream:
            stream.write(new)
            stream.truncate()
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError), open(target, "r+b") as stream:
            stream.write(original)  # put back what was there rather than leave half a file
            stream.truncate()
        raise NotWritten(f"{path}: cannot write: {exc.strerror or exc}") from exc
