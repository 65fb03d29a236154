"""The TensorFlow 2.x release a codebase must run on, parsed and checked in one place.

The CLI (``--target``, ``target =``), flake8 (``--tf-target``) and pylint (``tf-target``) all call
:func:`parse_target`, so a bad value gets the same message whichever front-end reads it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

LATEST = "latest"
_RELEASE = re.compile(r"2\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?")


class TargetError(ValueError):
    """A target release tf2lint cannot judge code against."""


def known_releases() -> list[str]:
    """The 2.x releases the generated table records (read only when an error message needs them)."""
    from tf2lint.api_table import load_data

    return [str(version) for version in load_data()["versions"]]


def parse_target(value: object, releases: Sequence[str] | None = None) -> str | None:
    """``None``, ``""`` or ``"latest"`` mean the newest release tf2lint knows (returned as None);
    ``"2.15"`` or ``"2.16.1"`` are returned as they are; anything else raises :class:`TargetError`.

    The table records one release per 2.x minor version, so any patch of a recorded minor is
    judged as that minor. A minor outside the recorded range (``2.99``: a release tf2lint has not
    read) is an error, not a silent answer for another release.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise TargetError(f'expected a string such as "2.15", got {type(value).__name__} {value!r}')
    text = value.strip()
    if text in ("", LATEST):
        return None
    if not _RELEASE.fullmatch(text):
        raise TargetError(
            f"{value!r} is not a TensorFlow 2.x release: expected a version such as 2.15 ({_recorded(releases)})"
        )
    known = releases if releases is not None else known_releases()
    minors = {release_key(release)[:2] for release in known}
    if release_key(text)[:2] not in minors:
        raise TargetError(f"{value!r} is not a TensorFlow release tf2lint knows ({_recorded(known)})")
    return text


def _recorded(releases: Sequence[str] | None) -> str:
    known = [release_key(release) for release in (releases if releases is not None else known_releases())]
    return f"known: 2.{known[0][1]} to 2.{known[-1][1]}, or 'latest'"


def release_key(text: str) -> tuple[int, ...]:
    """``"2.15.0"`` -> ``(2, 15, 0)``, for comparing releases."""
    return tuple(int(part) for part in text.split("."))
