"""What a rule is: data (what it matches, what it says, its examples), no tree walking of its own.

A rule matches 1.x names (``names``), whole 1.x modules (``modules``), keyword arguments of TF
calls (``keywords``) or TF-only method names (``methods``). Everything it reports comes from one
message template, so the message, the replacement field and the docs never disagree. Like Fixit,
each rule carries its own ``invalid`` and ``valid`` examples: tests run them through every front-end
and rules.md is generated from them. A rule is fixable exactly when one of its examples has a fix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tf2lint.diagnostic import Edit

if TYPE_CHECKING:
    from tf2lint.engine import Reference


@dataclass(frozen=True)
class Example:
    """A snippet that must be flagged; ``fixed`` is what ``--fix`` must turn it into (None: no fix)."""

    source: str
    fixed: str | None = None


@dataclass(frozen=True, eq=False)
class Rule:
    code: str
    symbol: str
    title: str
    message: str  # template: {old} is the 1.x name as tf.X, {new} the replacement
    why: str
    invalid: tuple[Example, ...]
    valid: tuple[str, ...]
    replacement: str = ""  # the default {new}
    names: Mapping[str, str] = field(default_factory=dict)  # 1.x name (relative to tf.) -> replacement ("" = default)
    modules: Mapping[str, str] = field(default_factory=dict)  # every name under this 1.x module -> replacement
    keywords: Mapping[str, str] = field(default_factory=dict)  # removed keyword -> 2.x keyword (any TF call whose 2.x signature dropped it)
    call_keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # 1.x function (or "*") -> keywords flagged on it
    methods: Mapping[str, str] = field(default_factory=dict)  # method names that exist only on TF 1.x objects -> replacement
    positional: tuple[str, ...] = ()  # 1.x functions whose positional arguments changed meaning
    via_compat: bool = False  # matches uses through tf.compat.v1 (the "still on compat" family)
    imports_only: bool = False  # matches only import statements
    only_in_v1_files: bool = False  # a semantic change: only reported where the file shows other 1.x use
    when: Callable[[Reference], bool] | None = None
    fix: Callable[..., Iterable[Edit]] | None = field(default=None, compare=False)  # custom certain rewrite

    @property
    def fixable(self) -> bool:
        return any(example.fixed is not None for example in self.invalid)

    @property
    def family(self) -> str:
        return self.code[:3]

    def format(self, old: str, new: str | None, target: str = "2.x") -> str:
        return self.message.format(old=old, new=new or self.replacement, target=target)


def examples(*items: str | Example) -> tuple[Example, ...]:
    return tuple(item if isinstance(item, Example) else Example(item) for item in items)
