"""The TensorFlow 2.x release a codebase must run on, parsed and checked in one place.

The CLI (``--target``, ``target =``), flake8 (``--tf-target``) and pylint (``tf-target``) all call
:func:`parse_target`, so a bad value gets the same message whichever front-end reads it.
"""

from __future__ import annotations

import re

LATEST = "latest"
_RELEASE = re.compile(r"2\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?")


class TargetError(ValueError):
    """A target release tf2lint cannot judge code against."""


def known_releases() -> list[str]:
    """The 2.x releases the generated table records (read only when an error message needs them)."""
    from tf2lint.api_table import load_data

    return [str(version) for version in load_data()["versions"]]


def parse_target(value: object) -> str | None:
    """``None``, ``""`` or ``"latest"`` mean the newest release tf2lint knows (returned as None);
    ``"2.15"`` or ``"2.15.1"`` are returned as they are; anything else raises :class:`TargetError`.

    A release newer than the newest in the table is accepted and judged as the newest one.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise TargetError(f"expected a string such as \"2.15\", got {type(value).__name__} {value!r}")
    text = value.strip()
    if text in ("", LATEST):
        return None
    if not _RELEASE.fullmatch(text):
        known = ", ".join(release.removesuffix(".0") for release in known_releases())
        raise TargetError(f"{value!r} is not a TensorFlow 2.x release: expected a version such as 2.15 "
                          f"or 'latest' (the table records {known})")
    return text


def release_key(text: str) -> tuple[int, ...]:
    """``"2.15.0"`` -> ``(2, 15, 0)``, for comparing releases."""
    return tuple(int(part) for part in text.split("."))
