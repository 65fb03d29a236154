"""The generated table of TF 1.x names that TF 2.x renamed, moved to ``tf.compat.v1`` or dropped.

The data comes from ``tools/generate_api_tables.py`` reading TensorFlow's own wheels; nothing here
imports TensorFlow. Statuses are known for the 2.x releases the table lists; a ``target`` picks the
newest listed release not newer than the one a codebase must run on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from tf2lint.target import parse_target

PRESENT, COMPAT, GONE, RENAMED = "present", "compat", "gone", "renamed"


@dataclass(frozen=True, slots=True)
class Status:
    """What became of one 1.x name in the target release."""

    kind: str
    name: str  # the 1.x name (or module prefix) the status belongs to
    new: str = ""  # the 2.x name, for RENAMED


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


class ApiTable:
    """Look-ups into the generated data, for one target release."""

    def __init__(self, data: dict, target: str | None = None) -> None:
        self.versions: list[str] = data["versions"]
        self.v1_version: str = data["v1"]
        self.names: dict[str, list[str]] = data["names"]
        self.keywords: dict[str, dict[str, list]] = data["keywords"]
        self.positional: dict[str, list[list[str]]] = data["positional"]
        self.successors: dict[str, list[str]] = data.get("successors", {})
        # 1.x functions whose newest 2.x version takes fewer positional arguments:
        # [count, 1.x parameters, the extra ones 2.x still accepts by keyword]
        self.positional_limits: dict[str, list] = data.get("positional_limits", {})
        # names removed before 1.0 -> the 1.x name that replaced them ("" if TF named none)
        self.removed_before_1_0: dict[str, str] = data.get("removed_before_1_0", {})
        self.private_modules: dict[str, str] = data.get("private_modules", {})
        self.contrib_modules: list[str] = data["contrib_modules"]
        self.counts: dict[str, int] = data["counts"]
        self.index = self._target_index(target)
        self._statuses: dict[str, Status] = {}
        self.target = self.versions[self.index]

    def _target_index(self, target: str | None) -> int:
        release = parse_target(target)  # raises TargetError (a ValueError) for anything but a 2.x release
        if release is None:
            return len(self.versions) - 1
        wanted = _version_key(release)
        index = 0
        for position, version in enumerate(self.versions):
            if _version_key(version)[: len(wanted)] <= wanted:
                index = position
        return index

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
                value = statuses[self.index]
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
                return candidate if statuses[self.index] == "x" else None
            candidate = candidate.rpartition(".")[0]
        return None

    def successor(self, name: str) -> str:
        """What TF 1.15's own deprecation notice for ``name`` suggests, if the target has it
        (``random.categorical``, ``keras.layers.Dense``), else ""."""
        entry = self.successors.get(name)
        return entry[self.index] if entry else ""

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
            if statuses[self.index] == wanted:
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
