"""Settings for one document: the project's ``[tool.tf2lint]``, overridden by what the client sends.

Clients send settings in ``initializationOptions`` and ``workspace/didChangeConfiguration``, either
flat or under a ``tf2lint`` (or ``settings``) key, with keys spelled as in pyproject.toml
(``report-compat``), in camelCase (``reportCompat``) or snake_case. Unknown keys and bad values are
reported back as warnings and skipped: a typo in an editor's settings must not stop the linting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tf2lint.config import ConfigError, Settings, find_pyproject, load_settings

CODE_LISTS = ("select", "ignore", "extend-ignore")
KNOWN = (*CODE_LISTS, "target", "report-compat", "unsafe-fixes", "compat-fixes", "lint-delay")


def _kebab(key: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", key).replace("_", "-").lower()


def _codes(value: Any) -> tuple[str, ...] | None:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(item, str) for item in items):
        return None
    return tuple(item.strip().upper() for item in items if item.strip())


@dataclass(frozen=True)
class ClientSettings:
    """What the editor asked for; ``None`` means "as the project says"."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extend_ignore: tuple[str, ...] = ()
    target: str | None = None
    report_compat: bool | None = None
    unsafe_fixes: bool = False  # fix tiers: quick fixes offer every tier; fix-all applies safe ones unless this
    compat_fixes: bool = False  # ... or this (rewrites to the tf.compat.v1 spelling, when the engine has them)
    lint_delay: float = 0.1  # seconds of quiet after a change before linting it again


def our_section(options: Any) -> dict[str, Any] | None:
    """tf2lint's part of a settings payload: under ``tf2lint`` or ``settings``, or the payload itself
    when its keys are ours; None when it holds nothing for tf2lint (another tool's settings)."""
    if not isinstance(options, dict):
        return None
    for key in ("tf2lint", "settings"):
        section = options.get(key)
        if isinstance(section, dict):
            return section
    if any(_kebab(str(key)) in KNOWN for key in options):
        return options
    return None


def parse_client_settings(options: Any, base: ClientSettings | None = None) -> tuple[ClientSettings, list[str]]:
    """Client settings from an LSP payload, and one warning per key that could not be used."""
    changes: dict[str, Any] = {}
    warnings: list[str] = []
    nested = isinstance(options, dict) and ("tf2lint" in options or "settings" in options)
    section = our_section(options) if nested else options
    for raw_key, value in (section if isinstance(section, dict) else {}).items():
        key = _kebab(str(raw_key))
        if key not in KNOWN:
            warnings.append(f"unknown setting {raw_key!r} (known: {', '.join(KNOWN)})")
        elif value is None:
            continue
        elif key in CODE_LISTS:
            codes = _codes(value)
            if codes is None:
                warnings.append(f"setting {raw_key!r} must be a list of codes, got {value!r}")
            else:
                changes[key.replace("-", "_")] = codes
        elif key == "target":
            changes["target"] = str(value) or None
        elif key == "lint-delay":
            if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 10_000:
                changes["lint_delay"] = value / 1000
            else:
                warnings.append(f"setting {raw_key!r} must be milliseconds between 0 and 10000, got {value!r}")
        elif isinstance(value, bool):
            changes[key.replace("-", "_")] = value
        else:
            warnings.append(f"setting {raw_key!r} must be true or false, got {value!r}")
    return replace(base or ClientSettings(), **changes), warnings


def fingerprint(settings: Settings) -> str:
    """The effective settings as text, to tell whether findings made with other settings are stale."""
    return repr(settings)


class ProjectSettings:
    """``[tool.tf2lint]`` of the nearest pyproject.toml, read once per file version."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[tuple[int, int], Settings]] = {}

    def clear(self) -> None:
        """Read every pyproject.toml again (the client said one changed: a write within the file
        system's timestamp resolution would keep the same modification time)."""
        self._cache.clear()

    def for_path(self, path: Path | None) -> tuple[Settings, str | None]:
        """Settings for a document at ``path`` (None: unsaved), and an error message if any."""
        pyproject = find_pyproject(path.parent) if path is not None else None
        if pyproject is None:
            return Settings(), None
        try:
            status = pyproject.stat()
            stamp = (status.st_mtime_ns, status.st_size)
            cached = self._cache.get(pyproject)
            if cached is None or cached[0] != stamp:
                cached = (stamp, load_settings(pyproject))
                self._cache[pyproject] = cached
        except (ConfigError, OSError) as exc:
            return Settings(root=pyproject.parent), str(exc)
        return replace(cached[1]), None


def merged(project: Settings, client: ClientSettings) -> Settings:
    """The project's settings with the client's choices on top (the editor wins, as in ruff)."""
    settings = replace(project)
    if client.select is not None:
        settings.select = client.select
    if client.ignore is not None:
        settings.ignore = client.ignore
    settings.ignore += client.extend_ignore
    if client.report_compat is not None:
        settings.report_compat = client.report_compat
    if client.target:
        settings.target = client.target
    return settings
