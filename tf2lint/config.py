"""Settings from ``[tool.tf2lint]`` in pyproject.toml, overridden by command-line flags."""

from __future__ import annotations

import fnmatch
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

KNOWN_KEYS = {"select", "ignore", "exclude", "extend-exclude", "per-file-ignores", "report-compat", "target",
              "report-uses"}
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "__pycache__", "build", "dist",
                   "node_modules", "*.egg-info", ".mypy_cache", ".pytest_cache", ".ipynb_checkpoints")


class ConfigError(Exception):
    """A configuration file or value tf2lint cannot use."""


def _codes(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    return tuple(item.strip().upper() for item in items if item.strip())


@dataclass
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    report_compat: bool = True
    report_uses: bool = False  # every use of a broken import/alias as its own finding (tf2lint.grouping)
    target: str | None = None
    root: Path = field(default_factory=Path.cwd)

    def selector(self, path: Path | None = None):
        """A per-file, cached ``code -> reported?`` function (path matching is done once per file)."""
        extra = self.ignores_for(path) if path is not None and self.per_file_ignores else ()
        decided: dict[str, bool] = {}

        def selects(code: str) -> bool:
            if code not in decided:
                decided[code] = self.selects(code, extra)
            return decided[code]
        return selects

    def selects(self, code: str, extra_ignores: tuple[str, ...] = ()) -> bool:
        """flake8's rule: the longest matching prefix of select and ignore decides."""
        ignore = [*self.ignore, *extra_ignores]
        if not self.report_compat:
            ignore.append("TF0")
        chosen = max((len(prefix) for prefix in self.select if code.startswith(prefix)), default=-1)
        if self.select and chosen < 0:
            return False
        ignored = max((len(prefix) for prefix in ignore if code.startswith(prefix)), default=-1)
        return ignored < 0 or chosen > ignored

    def ignores_for(self, path: Path) -> tuple[str, ...]:
        relative = _relative(path, self.root)
        found: list[str] = []
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern):
                found.extend(codes)
        return tuple(found)

    def is_excluded(self, path: Path, base: Path | None = None) -> bool:
        """Match globs against the path below the project root (or below ``base``, the directory
        being walked, for paths outside the project), never against the directories above it."""
        relative = _relative(path, self.root)
        if base is not None and relative == path.as_posix():
            relative = _relative(path, base)
        parts = Path(relative).parts
        for pattern in self.exclude:
            if fnmatch.fnmatch(relative, pattern) or any(fnmatch.fnmatch(part, pattern) for part in parts):
                return True
        return False


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def find_pyproject(start: Path) -> Path | None:
    for directory in (start.resolve(), *start.resolve().parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_settings(pyproject: Path | None) -> Settings:
    """Read ``[tool.tf2lint]``; unknown keys are an error so typos do not pass silently."""
    if pyproject is None:
        return Settings()
    try:
        with pyproject.open("rb") as stream:
            data = tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{pyproject}: {exc}") from exc
    section = data.get("tool", {}).get("tf2lint", {})
    unknown = set(section) - KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{pyproject}: unknown [tool.tf2lint] keys: {', '.join(sorted(unknown))}")
    settings = Settings(root=pyproject.parent)
    settings.select = _codes(section.get("select"))
    settings.ignore = _codes(section.get("ignore"))
    if "exclude" in section:
        settings.exclude = tuple(section["exclude"])
    settings.exclude += tuple(section.get("extend-exclude", ()))
    settings.per_file_ignores = {pattern: _codes(codes) for pattern, codes in section.get("per-file-ignores", {}).items()}
    settings.report_compat = bool(section.get("report-compat", True))
    settings.target = section.get("target")
    report_uses = section.get("report-uses", False)
    if not isinstance(report_uses, bool):
        raise ConfigError(f"{pyproject}: [tool.tf2lint] report-uses must be true or false, not {report_uses!r}")
    settings.report_uses = report_uses
    return settings
