"""The value every rule produces and every front-end consumes."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, order=True)
class Edit:
    """Replace the text between two (line, column) positions; lines 1-based, columns 0-based chars."""

    line: int
    col: int
    end_line: int
    end_col: int
    text: str


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding. Columns are 0-based character offsets, as flake8's ``run()`` and pylint expect."""

    line: int
    col: int
    end_line: int
    end_col: int
    code: str
    message: str
    replacement: str = ""
    fix: tuple[Edit, ...] = field(default=(), compare=False)
    kind: str = field(default="", compare=False)  # the change kind (tf2lint.changes), e.g. "renamed"
    applicability: str = field(default="", compare=False)  # of the fix: "safe", "unsafe" or "display-only"

    @property
    def fixable(self) -> bool:
        return bool(self.fix)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["fix"] = [asdict(edit) for edit in self.fix]
        return data
