"""Which files a run covers, and reading them.

Python files and notebooks under the given paths, minus excluded and git-ignored ones. Files named
explicitly are always linted, as with flake8 and ruff, unless ``force-exclude`` is on (pre-commit
passes every file by name). Directories are walked with ``os.scandir`` and plain string paths: no
``Path.resolve()`` per entry, symbolic links to directories are not followed (so a link loop cannot
trap the walk), and a directory or ``.gitignore`` that cannot be read is reported, not fatal.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from tf2lint.config import Settings, SettingsResolver

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

SUFFIXES = (".py", ".pyi", ".ipynb")
STDIN = "-"

GitIgnores = tuple[tuple[str, "GitIgnoreSpec"], ...]  # (absolute directory, its .gitignore)


@dataclass
class Discovery:
    files: list[tuple[Path, Settings]] = field(default_factory=list)
    errors: list[tuple[Path, str]] = field(default_factory=list)  # path, why it could not be walked


def describe(exc: OSError) -> str:
    return exc.strerror or str(exc)


def read_regular_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file. A FIFO, device or socket raises OSError instead of blocking
    forever or reading without end (the file is opened non-blocking and checked before reading)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        status = os.fstat(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(status.st_mode):
            raise OSError(0, "not a regular file (a pipe, device or socket)")
        # Plain reads of the known size (no buffered file object per file), until the end of the
        # file: one that grows while being read is read whole.
        parts = [os.read(descriptor, status.st_size + 1)]
        while parts[-1]:
            parts.append(os.read(descriptor, 1 << 20))
        return b"".join(parts)
    finally:
        os.close(descriptor)


def _parse_gitignore(lines: list[str]) -> GitIgnoreSpec | None:
    """git skips a line it cannot use and keeps the rest; so do we (pathspec rejects the whole file)."""
    import re

    from pathspec import GitIgnoreSpec

    try:
        return GitIgnoreSpec.from_lines(lines)
    except (ValueError, re.error):
        good = []
        for line in lines:
            try:
                GitIgnoreSpec.from_lines([line])
            except (ValueError, re.error):
                continue
            good.append(line)
        return GitIgnoreSpec.from_lines(good) if good else None


def _read_gitignore(directory: str, errors: list[tuple[Path, str]]) -> GitIgnoreSpec | None:
    path = os.path.join(directory, ".gitignore")
    try:
        text = read_regular_file(path).decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None
    except OSError as exc:
        errors.append((Path(path), f"cannot read: {describe(exc)}"))
        return None
    return _parse_gitignore(text.splitlines())


@lru_cache(maxsize=4096)  # once per directory, even for pre-commit naming thousands of files
def _repository_gitignores(directory: str) -> GitIgnores:
    """The ``.gitignore`` files of ``directory`` and its parents up to the repository root (the
    first with a ``.git``); none outside a repository, where git would not read them either."""
    chain: list[tuple[str, GitIgnoreSpec]] = []
    current = directory
    ignored_errors: list[tuple[Path, str]] = []  # a parent's unreadable .gitignore is not ours to report
    while True:
        if os.path.isfile(os.path.join(current, ".gitignore")):
            spec = _read_gitignore(current, ignored_errors)
            if spec is not None:
                chain.append((current, spec))
        if os.path.exists(os.path.join(current, ".git")):
            return tuple(reversed(chain))
        parent = os.path.dirname(current)
        if parent == current:
            return ()
        current = parent


def _ignored(absolute: str, is_dir: bool, specs: GitIgnores) -> bool:
    for base, spec in specs:
        if absolute.startswith(base + os.sep):
            relative = absolute[len(base) + 1 :].replace(os.sep, "/") + ("/" if is_dir else "")
            if spec.match_file(relative):
                return True
    return False


def named_file_skipped(path: Path, settings: Settings) -> bool:
    """``force-exclude``: a file named on the command line is still subject to exclusion."""
    if not settings.force_exclude:
        return False
    if settings.is_force_excluded(path):
        return True
    absolute = os.path.abspath(path)
    return _ignored(absolute, os.path.isdir(absolute), _repository_gitignores(os.path.dirname(absolute)))


def discover(paths: Sequence[str], resolver: SettingsResolver) -> Discovery:
    found = Discovery()
    for raw in paths:
        root = Path(raw)
        settings = resolver.for_path(raw)
        if named_file_skipped(root, settings):
            continue
        try:
            is_dir = stat.S_ISDIR(os.stat(raw).st_mode)
        except (OSError, ValueError):
            is_dir = False
        if not is_dir:
            found.files.append((root, settings))  # a missing or unreadable file is reported when read
            continue
        absolute_root = os.path.abspath(raw)
        inherited = _repository_gitignores(os.path.dirname(absolute_root))
        _walk(raw, absolute_root, settings, inherited, resolver, found)
    seen: set[Path] = set()
    unique = []
    for path, settings in found.files:
        if path not in seen:
            seen.add(path)
            unique.append((path, settings))
    found.files = unique
    return found


def _walk(
    raw: str, absolute_root: str, settings: Settings, specs: GitIgnores, resolver: SettingsResolver, found: Discovery
) -> None:
    stack: list[tuple[str, str, Settings, GitIgnores]] = [(raw, absolute_root, settings, specs)]
    while stack:
        directory, absolute, settings, specs = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            found.errors.append((Path(directory), f"cannot read directory: {describe(exc)}"))
            continue
        names = {entry.name for entry in entries}
        if "pyproject.toml" in names:
            settings = resolver.below(absolute, settings)
        if ".gitignore" in names:
            own = _read_gitignore(directory, found.errors)
            specs = (*specs, (absolute, own)) if own is not None else specs
        subdirectories = []
        for entry in entries:
            entry_absolute = os.path.join(absolute, entry.name)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if settings.is_excluded(entry.name, entry_absolute) or _ignored(entry_absolute, is_dir, specs):
                continue
            if is_dir:
                subdirectories.append((entry.path, entry_absolute, settings, specs))
            elif entry.name.endswith(SUFFIXES):
                try:
                    mode = entry.stat().st_mode  # follows a symbolic link to its file
                except OSError as exc:  # a dangling link or a link loop
                    found.errors.append((Path(entry.path), f"cannot read: {describe(exc)}"))
                    continue
                if stat.S_ISREG(mode):
                    found.files.append((Path(entry.path), settings))
        stack.extend(reversed(subdirectories))
