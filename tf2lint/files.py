"""Which files a run covers: Python files and notebooks under the given paths, minus excluded and
git-ignored ones. Files named explicitly are always linted, as with flake8 and ruff."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pathspec

from tf2lint.config import Settings

SUFFIXES = (".py", ".pyi", ".ipynb")


def _gitignore(directory: Path) -> pathspec.PathSpec | None:
    path = directory / ".gitignore"
    if not path.is_file():
        return None
    try:
        return pathspec.GitIgnoreSpec.from_lines(path.read_text(encoding="utf-8", errors="replace").splitlines())
    except (OSError, ValueError):
        return None


def _ignored(path: Path, is_dir: bool, specs: list[tuple[Path, pathspec.PathSpec]]) -> bool:
    for base, spec in specs:
        relative = path.relative_to(base).as_posix() + ("/" if is_dir else "")
        if spec.match_file(relative):
            return True
    return False


def discover(paths: Sequence[str], settings: Settings) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        root = Path(raw)
        if not root.is_dir():
            found.append(root)
            continue
        stack: list[tuple[Path, list[tuple[Path, pathspec.PathSpec]]]] = [(root, [])]
        while stack:
            directory, specs = stack.pop()
            own = _gitignore(directory)
            specs = [*specs, (directory, own)] if own else specs
            try:
                entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
            except OSError:
                found.append(directory)  # reported as unreadable by the runner
                continue
            subdirectories = []
            for entry in entries:
                path = Path(entry.path)
                is_dir = entry.is_dir(follow_symlinks=False)
                if settings.is_excluded(path, root) or _ignored(path, is_dir, specs):
                    continue
                if is_dir:
                    subdirectories.append((path, specs))
                elif entry.name.endswith(SUFFIXES) and entry.is_file():
                    found.append(path)
            stack.extend(reversed(subdirectories))
    seen: set[Path] = set()
    unique = []
    for path in found:
        if path not in seen:
            seen.add(path)
            unique.append(path)
    return unique
