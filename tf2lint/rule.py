"""What a rule is: data (what it matches, what it says, its examples), no tree walking of its own.

A rule matches 1.x names (``names``), whole 1.x modules (``modules``), keyword arguments of TF
calls (``keywords``) or TF-only method names (``methods``). What it reports is a change kind
(``tf2lint.changes``): the rule names the kind once (``change``) and each matched name its
replacement, either as text for that kind or as a ``Change`` value of another kind, so a rule
declares a replacement and its fix in one place. The kind owns the message template, the edit and
its applicability, so the message, the replacement field and the docs never disagree. Like Fixit,
each rule carries its own ``invalid`` and ``valid`` examples: tests run them through every front-end
and rules.md is generated from them. A rule is fixable exactly when one of its examples has a fix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tf2lint.changes import Change, MeaningChanged, Replaced
from tf2lint.diagnostic import Edit

if TYPE_CHECKING:
    from tf2lint.engine import Reference


@dataclass(frozen=True)
class Example:
    """A snippet that must be flagged; ``fixed`` is what ``--fix`` must turn it into (None: no safe
    fix), ``unsafe`` what ``--fix --unsafe-fixes`` must (None: no unsafe fix) and ``compat`` what
    ``--fix --compat-fixes`` must (None: not documented by this example)."""

    source: str
    fixed: str | None = None
    unsafe: str | None = None
    compat: str | None = None


@dataclass(frozen=True, eq=False)
class Rule:
    code: str
    symbol: str
    title: str
    why: str
    invalid: tuple[Example, ...]
    valid: tuple[str, ...]
    change: type[Change] = Replaced  # the kind of the rule's matches, unless a match names its own
    effect: str = ""  # for MeaningChanged: how the 2.x behaviour differs ("has no meaning in TF 2.x")
    replacement: str = ""  # the default replacement or recipe
    names: Mapping[str, str | Change] = field(
        default_factory=dict
    )  # 1.x name (relative to tf.) -> replacement ("" = default)
    modules: Mapping[str, str | Change] = field(default_factory=dict)  # every name under this 1.x module -> replacement
    keywords: Mapping[str, str] = field(
        default_factory=dict
    )  # removed keyword -> 2.x keyword (any TF call whose 2.x signature dropped it)
    call_keywords: Mapping[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # 1.x function (or "*") -> keywords flagged on it
    methods: Mapping[str, str] = field(
        default_factory=dict
    )  # method names that exist only on TF 1.x objects -> replacement
    receiver: str = ""  # what the methods are called on, for the message ("Dataset")
    positional: tuple[str, ...] = ()  # 1.x functions whose positional arguments changed meaning
    via_compat: bool = False  # matches uses through tf.compat.v1 (the "still on compat" family)
    imports_only: bool = False  # matches only import statements
    only_in_v1_files: bool = False  # a semantic change: only reported where the file shows other 1.x use
    when: Callable[[Reference], bool] | None = None
    since: str = ""  # the first 2.x release the rule applies to ("2.16"); "" for every release
    receiver_kind: str = ""  # methods count only on receivers the file shows are of this kind ("model")
    fix: Callable[..., Iterable[Edit]] | None = field(default=None, compare=False)  # custom certain rewrite

    @property
    def fixable(self) -> bool:
        return any(example.fixed is not None or example.unsafe is not None for example in self.invalid)

    @property
    def family(self) -> str:
        """TF1 for TF101; TFK1 for TFK101 (pylint needs one checker id per family)."""
        return self.code[:4] if self.code.startswith("TFK") else self.code[:3]

    def applies_to(self, release: str) -> bool:
        """Whether the rule is active for a target release ("2.16.1")."""
        if not self.since:
            return True
        since = tuple(int(part) for part in self.since.split("."))
        return tuple(int(part) for part in release.split("."))[:2] >= since[:2]

    def change_for(self, new: str | Change = "") -> Change:
        """The change a match reports: its own value, or the rule's kind with its replacement."""
        if isinstance(new, Change):
            return new
        if self.change is MeaningChanged:
            return MeaningChanged(new or self.replacement, effect=self.effect)
        return self.change(new or self.replacement)

    @property
    def kinds(self) -> tuple[type[Change], ...]:
        """Every change kind the rule can report, its own first (for the docs)."""
        own = [value for value in (*self.names.values(), *self.modules.values()) if isinstance(value, Change)]
        kinds = (
            [self.change]
            if not own or any(not isinstance(v, Change) for v in (*self.names.values(), *self.modules.values()))
            else []
        )
        for value in own:
            if type(value) not in kinds:
                kinds.append(type(value))
        return tuple(kinds)

    def format(self, old: str, new: str | Change | None, target: str = "2.x") -> str:
        return self.change_for(new or "").message(old, self.replacement, target)


def examples(*items: str | Example) -> tuple[Example, ...]:
    return tuple(item if isinstance(item, Example) else Example(item) for item in items)
