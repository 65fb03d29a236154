"""The generated table of TF 1.x names that TF 2.x renamed, moved to ``tf.compat.v1`` or dropped.

The data comes from ``tools/generate_api_tables.py`` reading TensorFlow's own wheels; nothing here
imports TensorFlow. The table lists every 2.x minor release; a ``target`` picks its minor release.
Per-release values are stored as change points (a *timeline*: the value itself when every release
agrees, else ``[first value, release, new value, ...]``), so the file stays small and loads fast,
and one look-up walks at most a few change points.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from tf2lint.target import parse_target, release_key

PRESENT, COMPAT, GONE, RENAMED = "present", "compat", "gone", "renamed"


@dataclass(frozen=True, slots=True)
class Status:
    """What became of one 1.x name in the target release."""

    kind: str
    name: str  # the 1.x name (or module prefix) the status belongs to
    new: str = ""  # the 2.x name, for RENAMED


def at(timeline: str | list[str], positions: dict[str, int], index: int) -> str:
    """The value a timeline holds at release ``index``."""
    if type(timeline) is str:
        return timeline
    value = timeline[0]
    for point in range(1, len(timeline), 2):
        if positions[timeline[point]] > index:
            break
        value = timeline[point + 1]
    return value


class ApiTable:
    """Look-ups into the generated data, for one target release."""

    def __init__(self, data: dict, target: str | None = None) -> None:
        self.versions: list[str] = data["versions"]
        self.v1_version: str = data["v1"]
        self.names: dict[str, str | list[str]] = data["names"]
        # tf.keras names of the last Keras 2 that a release's Keras 3 lacks ("x") or moved ("=keras.X")
        self.keras: dict[str, str | list[str]] = data.get("keras", {})
        self.keras3_from: str | None = data.get("keras3_from")  # the first release whose tf.keras is Keras 3
        self.keywords: dict[str, dict[str, list]] = data["keywords"]
        self.positional: dict[str, list[list[str]]] = data["positional"]
        self.successors: dict[str, str | list[str]] = data.get("successors", {})
        # 1.x functions whose newest 2.x version takes fewer positional arguments:
        # [count, 1.x parameters, the extra ones 2.x still accepts by keyword]
        self.positional_limits: dict[str, list] = data.get("positional_limits", {})
        # names removed before 1.0 -> the 1.x name that replaced them ("" if TF named none)
        self.removed_before_1_0: dict[str, str] = data.get("removed_before_1_0", {})
        self.private_modules: dict[str, str | list[str]] = data.get("private_modules", {})
        self.contrib_modules: list[str] = data["contrib_modules"]
        self.counts: dict[str, int] = data["counts"]
        self.positions = {version: position for position, version in enumerate(self.versions)}
        self.index = self._target_index(target)
        self._statuses: dict[str, Status] = {}
        self.target = self.versions[self.index]

    def _target_index(self, target: str | None) -> int:
        """The listed release of the target's minor version (2.16 and 2.16.2 both pick 2.16.1)."""
        release = parse_target(target, self.versions)  # raises TargetError for anything but a listed minor
        if release is None:
            return len(self.versions) - 1
        minor = release_key(release)[:2]
        return next(position for position, version in enumerate(self.versions) if release_key(version)[:2] == minor)

    def at(self, timeline: str | list[str]) -> str:
        """The target release's value of a timeline from the table."""
        return at(timeline, self.positions, self.index)

    def keras_status(self, name: str) -> tuple[str, str] | None:
        """For ``keras.layers.experimental.preprocessing.Rescaling``: (the name or module the
        target's Keras 3 lacks, its move ("keras.layers.Rescaling") or ""), else None."""
        candidate = name
        while "." in candidate:
            timeline = self.keras.get(candidate)
            if timeline is not None:
                value = self.at(timeline)
                if value == "":
                    return None
                return candidate, value[1:] if value.startswith("=") else ""
            candidate = candidate.rpartition(".")[0]
        return None

    def status(self, name: str) -> Status:
        """Status of a 1.x name, falling back to its longest listed module prefix (cached)."""
        found = self._statuses.get(name)
        if found is None:
            found = self._statuses[name] = self._status(name)
        return found

    def _status(self, name: str) -> Status:
        candidate = name
        while True:
            if candidate in self.removed_before_1_0:
                return Status(GONE, candidate)
            statuses = self.names.get(candidate)
            if statuses is not None:
                value = self.at(statuses)
                if value == "":
                    return Status(PRESENT, candidate)
                if value == "c":
                    return Status(COMPAT, candidate)
                if value == "x":
                    return Status(GONE, candidate)
                return Status(RENAMED, candidate, value[1:])
            if "." not in candidate:
                return Status(PRESENT, name)
            candidate = candidate.rpartition(".")[0]

    def private_module_gone(self, name: str) -> str | None:
        """For ``python.ops.rnn_cell_impl.X``: the private 1.15 module (or package) it lives in that
        the target's wheel no longer ships, else None."""
        candidate = name
        while candidate:
            statuses = self.private_modules.get(candidate)
            if statuses is not None:
                return candidate if self.at(statuses) == "x" else None
            candidate = candidate.rpartition(".")[0]
        return None

    def successor(self, name: str) -> str:
        """What TF 1.15's own deprecation notice for ``name`` suggests, if the target has it
        (``random.categorical``, ``keras.layers.Dense``), else ""."""
        entry = self.successors.get(name)
        return self.at(entry) if entry else ""

    def removed_keywords(self, name: str) -> dict[str, tuple[str | None, bool]]:
        """Keywords of the 1.x function ``name`` the target no longer accepts: keyword -> (2.x name, certain).

        A rename is certain when TF itself maps the old keyword onto the new one; the table marks
        renames guessed from spelling with a leading "~". Keywords the target still accepts, even
        deprecated, are not removed.
        """
        return self._keywords(name, "x")

    def deprecated_keywords(self, name: str) -> dict[str, tuple[str | None, bool]]:
        """Keywords the target still accepts but deprecates, in the same form."""
        return self._keywords(name, "d")

    def _keywords(self, name: str, wanted: str) -> dict[str, tuple[str | None, bool]]:
        entry = self.keywords.get(name)
        if not entry:
            return {}
        found: dict[str, tuple[str | None, bool]] = {}
        for keyword, (statuses, rename) in entry.items():
            if self.at(statuses) == wanted:
                certain = rename is not None and not rename.startswith("~")
                found[keyword] = (rename.lstrip("~") if rename else None, certain)
        return found

    def positional_change(self, name: str) -> tuple[list[str], list[str]] | None:
        entry = self.positional.get(name)
        return (entry[0], entry[1]) if entry else None


@lru_cache(maxsize=1)
def load_data() -> dict:
    with resources.files("tf2lint").joinpath("data/tf_api.json").open("r", encoding="utf-8") as stream:
        return json.load(stream)


@lru_cache(maxsize=8)
def api_table(target: str | None = None) -> ApiTable:
    return ApiTable(load_data(), target)
