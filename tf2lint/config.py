"""Settings from ``[tool.tf2lint]`` in the nearest pyproject.toml, overridden by command-line flags.

Every key is checked for its type when the file is read (a wrong type is a usage error naming the
file, the key and what was expected), so a value is never silently misread. Each linted path gets
the settings of the nearest pyproject.toml above it that has a ``[tool.tf2lint]`` table, as ruff
does; ``--config FILE`` uses one file for every path.

Path patterns (``exclude``, ``extend-exclude``, ``per-file-ignores`` keys) follow flake8: a
pattern without ``/`` matches a file or directory name anywhere; a pattern with ``/`` is anchored
at the directory of the file that sets it (the current directory for command-line flags), so
``./src``, ``src/`` and ``/abs/src`` all mean that one directory.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from tf2lint.target import TargetError, parse_target

DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".tox",
    ".nox",
    ".venv",
    "venv",
    "__pycache__",
    "build",
    "dist",
    "node_modules",
    "*.egg-info",
    ".mypy_cache",
    ".pytest_cache",
    ".ipynb_checkpoints",
)
PROBLEM_CODES = ("E902", "E903", "E999")  # unreadable file, internal error, unparsable file


class ConfigError(Exception):
    """A configuration file or value tf2lint cannot use (exit status 2)."""


def known_codes() -> tuple[str, ...]:
    from tf2lint.rules import ALL_RULES

    return (*(rule.code for rule in ALL_RULES), *PROBLEM_CODES)


def parse_codes(items: Iterable[str], where: str) -> tuple[str, ...]:
    """Upper-cased codes or prefixes; one that starts no known code is an error (as in ruff)."""
    codes = tuple(item.strip().upper() for item in items if item.strip())
    known = known_codes()
    for code in codes:
        if not any(existing.startswith(code) for existing in known):
            raise ConfigError(
                f"{where}: unknown code or prefix {code!r} (codes look like TF101; see `tf2lint rule CODE` or rules.md)"
            )
    return codes


def split_codes(text: str, where: str) -> tuple[str, ...]:
    return parse_codes(text.split(","), where)


def normalize_pattern(pattern: str, base: str) -> str:
    """flake8's rule: a pattern with a ``/`` is a path below ``base``; one without matches names."""
    pattern = pattern.strip()
    if "/" not in pattern.rstrip("/"):
        return pattern.rstrip("/") or pattern
    return os.path.normpath(os.path.join(base, pattern))


class PathPatterns:
    """Glob patterns compiled into one regular expression, matched against a path's name and its
    absolute form: two regex matches per path, however many patterns there are."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(patterns)
        joined = "|".join(f"(?:{fnmatch.translate(pattern)})" for pattern in self.patterns)
        self.regex = re.compile(joined) if joined else None

    def matches(self, name: str, absolute: str) -> bool:
        if self.regex is None:
            return False
        return bool((name not in (".", "..") and self.regex.match(name)) or self.regex.match(absolute))


@dataclass
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE  # normalised patterns (see normalize_pattern)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    report_compat: bool = True
    report_uses: bool = False  # every use of a broken import/alias as its own finding (tf2lint.grouping)
    target: str | None = None
    baseline: Path | None = None  # findings recorded here are not reported (tf2lint.baseline)
    force_exclude: bool = False
    unsafe_fixes: bool = False  # --fix also applies fixes that need review (tf2lint.changes)
    compat_fixes: bool = False  # --fix also rewrites compat-only names to their tf.compat.v1 spelling
    root: Path = field(default_factory=Path.cwd)
    config: Path | None = None  # the pyproject.toml these settings came from
    _excluded: PathPatterns = field(init=False, repr=False, compare=False)
    _per_file: list[tuple[PathPatterns, tuple[str, ...]]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._excluded = PathPatterns(self.exclude)
        self._per_file = [(PathPatterns([pattern]), codes) for pattern, codes in self.per_file_ignores.items()]

    @property
    def fix_tiers(self) -> frozenset[str]:
        """The applicabilities ``--fix`` applies with these settings."""
        from tf2lint.changes import enabled_tiers

        return enabled_tiers(self.unsafe_fixes, self.compat_fixes)

    def selector(self, path: Path | None = None) -> Callable[[str], bool]:
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
        name, absolute = path.name, os.path.abspath(path)
        found: list[str] = []
        for patterns, codes in self._per_file:
            if patterns.matches(name, absolute):
                found.extend(codes)
        return tuple(found)

    def is_excluded(self, name: str, absolute: str) -> bool:
        """Whether a file or directory, by name and absolute path (no file-system access)."""
        return self._excluded.matches(name, absolute)

    def is_force_excluded(self, path: Path) -> bool:
        """For a path named on the command line: it, or a directory between it and the project
        root, is excluded. Directories above the root never count, however the path is spelled."""
        absolute = os.path.abspath(path)
        root = os.path.abspath(self.root)
        while True:
            if self.is_excluded(os.path.basename(absolute), absolute):
                return True
            parent = os.path.dirname(absolute)
            if parent == absolute or not parent.startswith(root + os.sep):
                return False
            absolute = parent

    def describe(self) -> str:
        """The resolved settings, one ``key = value`` line each (for ``--show-settings``)."""
        lines = [f"config = {str(self.config) if self.config else '(none: defaults)'}", f"root = {self.root}"]
        for item in fields(self):
            if item.name.startswith("_") or item.name in ("root", "config"):
                continue
            lines.append(f"{item.name.replace('_', '-')} = {getattr(self, item.name)!r}")
        return "\n".join(lines)


# ---- reading [tool.tf2lint] ------------------------------------------------------------------


def _type_name(value: object) -> str:
    return {bool: "boolean", int: "integer", float: "float", str: "string", list: "array", dict: "table"}.get(
        type(value), type(value).__name__
    )


def _string_list(value: object) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


class _Reader:
    """Checks each key's type, naming the file and the key in every error."""

    def __init__(self, path: Path, section: dict[str, Any]) -> None:
        self.path, self.section = path, section

    def error(self, key: str, expected: str, value: object) -> ConfigError:
        return ConfigError(f"{self.path}: [tool.tf2lint] {key}: expected {expected}, got {_type_name(value)} {value!r}")

    def strings(self, key: str) -> list[str] | None:
        if key not in self.section:
            return None
        value = self.section[key]
        items = _string_list(value)
        if items is None:
            raise self.error(key, "an array of strings", value)
        return items

    def boolean(self, key: str, default: bool) -> bool:
        value = self.section.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, "true or false", value)
        return value

    def codes(self, key: str) -> tuple[str, ...] | None:
        items = self.strings(key)
        return None if items is None else parse_codes(items, f"{self.path}: [tool.tf2lint] {key}")


KNOWN_KEYS = (
    "select",
    "ignore",
    "exclude",
    "extend-exclude",
    "per-file-ignores",
    "report-compat",
    "target",
    "force-exclude",
    "baseline",
    "report-uses",
    "unsafe-fixes",
    "compat-fixes",
)


def read_section(pyproject: Path) -> dict[str, Any] | None:
    """The ``[tool.tf2lint]`` table of a pyproject.toml, or None when it has none."""
    if sys.version_info >= (3, 11):  # imported here: a run without a pyproject.toml never needs it
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with pyproject.open("rb") as stream:
            data = tomllib.load(stream)
    except OSError as exc:
        raise ConfigError(f"{pyproject}: cannot read: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{pyproject}: not valid TOML: {exc}") from exc
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{pyproject}: [tool]: expected a table, got {_type_name(tool)} {tool!r}")
    section = tool.get("tf2lint")
    if section is not None and not isinstance(section, dict):
        raise ConfigError(f"{pyproject}: [tool.tf2lint]: expected a table, got {_type_name(section)} {section!r}")
    return section


def settings_from_section(pyproject: Path, section: dict[str, Any]) -> Settings:
    """Build settings from a ``[tool.tf2lint]`` table; unknown keys and wrong types are errors."""
    unknown = set(section) - set(KNOWN_KEYS)
    if unknown:
        raise ConfigError(
            f"{pyproject}: unknown [tool.tf2lint] keys: {', '.join(sorted(unknown))} (known: {', '.join(KNOWN_KEYS)})"
        )
    read = _Reader(pyproject, section)
    root = pyproject.parent.absolute()
    base = str(root)
    settings = Settings(root=root, config=pyproject)
    settings.select = read.codes("select") or ()
    settings.ignore = read.codes("ignore") or ()
    exclude = read.strings("exclude")
    patterns = list(DEFAULT_EXCLUDE if exclude is None else exclude) + (read.strings("extend-exclude") or [])
    settings.exclude = tuple(normalize_pattern(pattern, base) for pattern in patterns if pattern.strip())
    per_file = section.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise read.error("per-file-ignores", 'a table of pattern = ["CODE", ...]', per_file)
    for pattern, codes in per_file.items():
        items = _string_list(codes)
        if items is None:
            raise read.error(f"per-file-ignores.{pattern!r}", "an array of codes", codes)
        where = f"{pyproject}: [tool.tf2lint] per-file-ignores.{pattern!r}"
        settings.per_file_ignores[normalize_pattern(pattern, base)] = parse_codes(items, where)
    settings.report_compat = read.boolean("report-compat", True)
    settings.force_exclude = read.boolean("force-exclude", False)
    settings.report_uses = read.boolean("report-uses", False)
    settings.unsafe_fixes = read.boolean("unsafe-fixes", False)
    settings.compat_fixes = read.boolean("compat-fixes", False)
    if "baseline" in section:
        baseline = section["baseline"]
        if not isinstance(baseline, str) or not baseline.strip():
            raise read.error("baseline", "a string (a file path)", baseline)
        settings.baseline = root / baseline
    try:
        settings.target = parse_target(section.get("target"))
    except TargetError as exc:
        raise ConfigError(f"{pyproject}: [tool.tf2lint] target: {exc}") from exc
    return replace(settings)  # recompile the path patterns


def find_pyproject(start: Path) -> Path | None:
    """The pyproject.toml the linter would use for a file in ``start``: the nearest one with a
    ``[tool.tf2lint]`` table (one that cannot be read counts too, so that its error is seen)."""
    for directory in (start.absolute(), *start.absolute().parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            try:
                if read_section(candidate) is not None:
                    return candidate
            except ConfigError:
                return candidate
    return None


def load_settings(pyproject: Path | None) -> Settings:
    """Settings from one file (defaults when it is None or has no ``[tool.tf2lint]``)."""
    if pyproject is None:
        return Settings()
    section = read_section(pyproject)
    if section is None:
        return Settings(root=pyproject.parent.absolute(), config=pyproject)
    return settings_from_section(pyproject, section)


# ---- command-line overrides and per-path look-up ----------------------------------------------


@dataclass
class Overrides:
    """What the command line says; ``None`` keeps the file's value."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extend_ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] | None = None  # already normalised against the current directory
    report_compat: bool | None = None
    target: str | None = None
    force_exclude: bool | None = None
    report_uses: bool | None = None
    unsafe_fixes: bool | None = None
    compat_fixes: bool | None = None

    def apply(self, settings: Settings) -> Settings:
        changes: dict[str, Any] = {}
        if self.select is not None:
            changes["select"] = self.select
        if self.ignore is not None:
            changes["ignore"] = self.ignore
        if self.extend_ignore:
            changes["ignore"] = changes.get("ignore", settings.ignore) + self.extend_ignore
        if self.exclude is not None:
            changes["exclude"] = self.exclude
        if self.report_compat is not None:
            changes["report_compat"] = self.report_compat
        if self.target is not None:
            changes["target"] = self.target
        if self.force_exclude is not None:
            changes["force_exclude"] = self.force_exclude
        if self.report_uses is not None:
            changes["report_uses"] = self.report_uses
        if self.unsafe_fixes is not None:
            changes["unsafe_fixes"] = self.unsafe_fixes
        if self.compat_fixes is not None:
            changes["compat_fixes"] = self.compat_fixes
        return replace(settings, **changes)


class SettingsResolver:
    """Which settings apply to a path: ``--config FILE`` for all, else the nearest pyproject.toml
    with a ``[tool.tf2lint]`` table above it (each directory is looked at once per run)."""

    def __init__(self, overrides: Overrides | None = None, config: Path | None = None) -> None:
        self.overrides = overrides or Overrides()
        self.fixed = self.overrides.apply(load_settings(config)) if config is not None else None
        self.default: Settings | None = None
        self._by_directory: dict[str, Settings | None] = {}  # None: no tf2lint table here

    def _own(self, directory: str) -> Settings | None:
        """Settings from ``directory/pyproject.toml`` if it has a tf2lint table."""
        if directory not in self._by_directory:
            candidate = Path(directory, "pyproject.toml")
            found = None
            if candidate.is_file():
                section = read_section(candidate)
                if section is not None:
                    found = self.overrides.apply(settings_from_section(candidate, section))
            self._by_directory[directory] = found
        return self._by_directory[directory]

    def _defaults(self) -> Settings:
        if self.default is None:
            self.default = self.overrides.apply(Settings(root=Path.cwd()))
        return self.default

    def for_directory(self, directory: str | Path) -> Settings:
        if self.fixed is not None:
            return self.fixed
        current = os.path.abspath(directory)
        while True:
            own = self._own(current)
            if own is not None:
                return own
            parent = os.path.dirname(current)
            if parent == current:
                return self._defaults()
            current = parent

    def for_path(self, path: str | Path) -> Settings:
        absolute = os.path.abspath(path)
        return self.for_directory(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))

    def below(self, directory: str, inherited: Settings) -> Settings:
        """While walking: a directory holding a pyproject.toml may bring its own settings."""
        if self.fixed is not None:
            return inherited
        own = self._own(directory)
        return own if own is not None else inherited
