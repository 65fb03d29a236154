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
class Related:
    """Another place that belongs to a finding: a use of its root cause, or a merged part of its construct."""

    line: int
    col: int
    end_line: int
    end_col: int
    note: str


Span = tuple[int, int, int, int]  # line, col, end_line, end_col


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
    applicability: str = field(default="", compare=False)  # of the fix: "safe", "unsafe", "compat", "display-only"
    compat_fix: tuple[Edit, ...] = field(default=(), compare=False)  # an unsafe fix's compat-tier alternative
    # Root causes and constructs (tf2lint.grouping): the places this finding stands for, and how
    # many of them are uses of its root name. ``bound_at`` marks a use: where its root name was bound;
    # ``construct`` is the span of the call a finding belongs to.
    related: tuple[Related, ...] = field(default=(), compare=False)
    uses: int = field(default=0, compare=False)
    bound_at: Span | None = field(default=None, compare=False, repr=False)
    construct: Span | None = field(default=None, compare=False, repr=False)

    @property
    def fixable(self) -> bool:
        return bool(self.fix)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["fix"] = [asdict(edit) for edit in self.fix]
        data["compat_fix"] = [asdict(edit) for edit in self.compat_fix]
        data["related"] = [asdict(item) for item in self.related]
        del data["bound_at"], data["construct"]  # the engine's marks for grouping, not part of a finding
        return data
