"""What became of a 1.x name or argument, as a value: the change kinds.

A finding's message, its fix and the fix's applicability all come from one ``Change`` value, so they
never disagree (ruff's NPY201 works the same way). Hand-written rules and the generated API table
produce the same kinds; a rule only says which kind applies and with what replacement.

Applicability, as ruff has it: *safe* fixes keep the same object and meaning and are applied by
``--fix``; *unsafe* fixes are right for nearly all code but need review; *display-only* changes are
advice that is never applied. The edit builders for renames live here, in one place.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, ClassVar

from tf2lint.diagnostic import Edit
from tf2lint.source import SourceLines

if TYPE_CHECKING:
    from tf2lint.engine import Reference


class Applicability(str, Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"
    COMPAT = "compat"  # rewrites a 1.x name to its tf.compat.v1 spelling: runs on 2.x, still 1.x code
    DISPLAY_ONLY = "display-only"


# The fix tiers each command-line switch enables; display-only changes are never applied.
SAFE_TIER = frozenset({Applicability.SAFE.value})
COMPAT_TIER = Applicability.COMPAT.value


def enabled_tiers(unsafe: bool = False, compat: bool = False) -> frozenset[str]:
    """The applicabilities ``--fix`` applies: safe always, unsafe and compat when asked for."""
    tiers = {Applicability.SAFE.value}
    if unsafe:
        tiers.add(Applicability.UNSAFE.value)
    if compat:
        tiers.add(Applicability.COMPAT.value)
    return frozenset(tiers)


def tier(applicability: str) -> str:
    """A diagnostic's applicability as a tier name ("" from a fix made outside the catalogue: safe)."""
    return applicability or Applicability.SAFE.value


@dataclass(frozen=True, slots=True)
class Site:
    """Where a change was found: what its edits may rewrite."""

    ref: Reference | None
    node: ast.AST
    source: SourceLines
    keyword: ast.keyword | None = None


@dataclass(frozen=True)
class Change:
    """Base of the kinds. ``new`` is the 2.x name, keyword or recipe the message names."""

    new: str = ""
    # The tf.compat.v1 spelling of a 1.x name the target still runs there (``tf.compat.v1.Session``):
    # when set and the kind has no fix of its own, ``--compat-fixes`` rewrites the name to it.
    compat: str = field(default="", kw_only=True, repr=False)

    kind: ClassVar[str] = ""
    template: ClassVar[str] = "{old} is removed in TF 2.x: {new}"
    sentence: ClassVar[str] = ""  # how rules.md describes the kind
    base_applicability: ClassVar[Applicability] = Applicability.DISPLAY_ONLY

    @property
    def applicability(self) -> Applicability:
        if self.compat and self.base_applicability is Applicability.DISPLAY_ONLY:
            return Applicability.COMPAT
        return self.base_applicability

    def message(self, old: str, default: str = "", target: str = "2.x") -> str:
        return self.template.format(old=old, new=self.new or default, target=target)

    def edits(self, site: Site) -> tuple[Edit, ...]:
        return ()

    def fix(self, site: Site, own: tuple[Edit, ...] | None = None) -> tuple[tuple[Edit, ...], Applicability]:
        """The edits and their applicability: the kind's own (or a rule's, ``own``), else the
        tf.compat.v1 spelling when the target still runs the name there."""
        edits = self.edits(site) if own is None else own
        if edits:
            return edits, self.base_applicability if self.compat else self.applicability
        if self.compat and site.ref is not None:
            return compat_edits(site.ref, site.node, self.compat, site.source), Applicability.COMPAT
        return (), self.applicability


@dataclass(frozen=True)
class Renamed(Change):
    """The very same object under a 2.x name: the rewrite cannot change behaviour."""

    kind: ClassVar[str] = "renamed"
    template: ClassVar[str] = "{old} is renamed in TF 2.x: use {new}"
    sentence: ClassVar[str] = "the same object under a new 2.x name; `--fix` rewrites the name (safe)"
    base_applicability: ClassVar[Applicability] = Applicability.SAFE

    def edits(self, site: Site) -> tuple[Edit, ...]:
        if site.ref is None or not self.new.startswith("tf."):
            return ()
        return rename_edits(site.ref, site.node, "tensorflow." + self.new[3:], site.source)


@dataclass(frozen=True)
class Replaced(Change):
    """A different 2.x API does the job; ``args`` maps 1.x arguments onto it where they differ."""

    args: tuple[tuple[str, str], ...] = ()

    kind: ClassVar[str] = "replaced"
    template: ClassVar[str] = "{old} is removed in TF 2.x: use {new}"
    sentence: ClassVar[str] = "replaced by a different 2.x API, named in the message; rewrite the call by hand"


@dataclass(frozen=True)
class ReplacedNearly(Change):
    """A 2.x API that does the same for nearly all code (``py_func`` -> ``numpy_function``): ``to`` is
    the name ``--unsafe-fixes`` writes, keeping the file's alias; a rule's fix function may rewrite
    more of the call (``to_float(x)`` -> ``cast(x, tf.float32)``)."""

    to: str = ""
    keep: tuple[str, ...] | None = None  # keywords the 2.x API takes under the same names (None: all)

    kind: ClassVar[str] = "replaced"
    template: ClassVar[str] = "{old} is removed in TF 2.x: use {new}"
    sentence: ClassVar[str] = (
        "replaced by a 2.x API that does the same for nearly all code; "
        "`--unsafe-fixes` rewrites it (unsafe: review the diff)"
    )
    base_applicability: ClassVar[Applicability] = Applicability.UNSAFE

    def edits(self, site: Site) -> tuple[Edit, ...]:
        if site.ref is None or not self.to.startswith("tf."):
            return ()
        call = site.ref.call
        if call is not None and self.keep is not None and any(kw.arg not in self.keep for kw in call.keywords):
            return ()  # a keyword the 2.x API spells differently (or **kwargs): left for review
        return rename_edits(site.ref, site.node, "tensorflow." + self.to[3:], site.source)


@dataclass(frozen=True)
class Recipe(Change):
    """No one-for-one replacement: the message says what to do instead."""

    kind: ClassVar[str] = "removed-with-recipe"
    template: ClassVar[str] = "{old} is removed in TF 2.x: {new}"
    sentence: ClassVar[str] = "removed with no one-for-one replacement; the message gives the recipe"


@dataclass(frozen=True)
class CompatOnly(Change):
    """Only ``tf.compat.v1`` still has the name, and TF names no successor for it."""

    kind: ClassVar[str] = "compat-only"
    template: ClassVar[str] = "{old} is removed in TF 2.x: only {new} remains, with no 2.x successor"
    sentence: ClassVar[str] = "kept only in `tf.compat.v1`, with no 2.x successor that TF names"


@dataclass(frozen=True)
class RemovedEverywhere(Change):
    """Gone from the target release, ``tf.compat.v1`` included."""

    kind: ClassVar[str] = "removed-with-recipe"
    template: ClassVar[str] = "{old} is removed in TF {target}, tf.compat.v1 included: {new}"
    sentence: ClassVar[str] = (
        "gone from the target release, `tf.compat.v1` included; the message gives the successor or recipe"
    )


@dataclass(frozen=True)
class RemovedBefore1(Change):
    """Gone since TF 1.0 (``tf.mul``, ``tf.pack``, ``tf.scalar_summary``)."""

    kind: ClassVar[str] = "removed-with-recipe"
    template: ClassVar[str] = "{old} was removed in TF 1.0: {new}"
    sentence: ClassVar[str] = "removed before TF 1.0; the message names the successor TF 0.12 documented"


@dataclass(frozen=True)
class PrivateModuleGone(Change):
    """A private ``tensorflow.python`` module the target's wheel no longer ships."""

    kind: ClassVar[str] = "removed-with-recipe"
    template: ClassVar[str] = "{old} is not in the TF {target} wheel (a private module): {new}"
    sentence: ClassVar[str] = "a private module the target release no longer ships; use the public API"


@dataclass(frozen=True)
class StillCompat(Change):
    """Runs only through ``tf.compat.v1``; ``new`` is the 2.x way."""

    kind: ClassVar[str] = "compat-only"
    template: ClassVar[str] = "{old} still runs only through tf.compat.v1: {new}"
    sentence: ClassVar[str] = "still runs through `tf.compat.v1`; the message names the 2.x way"


@dataclass(frozen=True)
class KeywordRenamed(Change):
    """A keyword the 2.x function spells differently. ``certain``: TF itself maps one onto the other."""

    certain: bool = True

    kind: ClassVar[str] = "keyword-renamed"
    template: ClassVar[str] = "{old} is removed in TF 2.x: use {new}="
    sentence: ClassVar[str] = (
        "a keyword renamed in 2.x; `--fix` renames it where TF itself maps the old name onto the new (safe)"
    )

    @property
    def applicability(self) -> Applicability:
        return Applicability.SAFE if self.certain else Applicability.DISPLAY_ONLY

    def edits(self, site: Site) -> tuple[Edit, ...]:
        if not self.certain or site.keyword is None:
            return ()
        return keyword_rename_edits(site.keyword, self.new, site.source)


@dataclass(frozen=True)
class KeywordReplaced(Change):
    """A keyword whose value must be rewritten too (``keep_prob=p`` -> ``rate=1 - p``); the rule's
    own fix function makes the edit."""

    kind: ClassVar[str] = "keyword-replaced"
    template: ClassVar[str] = "{old} is removed in TF 2.x: use {new}"
    sentence: ClassVar[str] = "a keyword replaced by another with a converted value; `--fix` rewrites both (safe)"
    base_applicability: ClassVar[Applicability] = Applicability.SAFE


@dataclass(frozen=True)
class KeywordRemoved(Change):
    """A keyword the 2.x function no longer accepts, with what to do instead."""

    kind: ClassVar[str] = "keyword-removed"
    template: ClassVar[str] = "{old} is removed in TF 2.x: {new}"
    sentence: ClassVar[str] = "a keyword the 2.x function no longer accepts; the message says what replaces it"


@dataclass(frozen=True)
class KeywordDeprecated(KeywordRenamed):
    """A keyword the target still accepts but deprecates: a rename like KeywordRenamed's when TF
    maps it onto a new keyword, else (``new`` empty) advice to stop passing it. The code runs, with
    a warning, until a later release drops the keyword."""

    kind: ClassVar[str] = "keyword-deprecated"
    template: ClassVar[str] = "{old} is deprecated in TF {target}: use {new}="
    sentence: ClassVar[str] = (
        "a keyword the target still accepts but deprecates; `--fix` renames it where TF itself maps "
        "the old name onto the new (safe)"
    )

    @property
    def applicability(self) -> Applicability:
        return super().applicability if self.new else Applicability.DISPLAY_ONLY

    def message(self, old: str, default: str = "", target: str = "2.x") -> str:
        if not self.new:
            return f"{old} is deprecated in TF {target} and TF names no replacement: stop passing it"
        return super().message(old, default, target)

    def edits(self, site: Site) -> tuple[Edit, ...]:
        return super().edits(site) if self.new else ()


@dataclass(frozen=True)
class PositionalChanged(Change):
    """The same positional slot holds another parameter in 2.x."""

    kind: ClassVar[str] = "positional-changed"
    template: ClassVar[str] = "{old} is {new} in TF 2.x: pass it by keyword"
    sentence: ClassVar[str] = "a positional slot that holds another parameter in 2.x; pass the argument by keyword"


@dataclass(frozen=True)
class PositionalRemoved(Change):
    """A positional argument beyond what the 2.x function takes: the call raises TypeError."""

    kind: ClassVar[str] = "positional-removed"
    template: ClassVar[str] = "{old} has no positional slot in TF {target}: {new}"
    sentence: ClassVar[str] = (
        "a positional argument the 2.x function has no slot for; pass it by keyword if 2.x still has the parameter"
    )


@dataclass(frozen=True)
class MeaningChanged(Change):
    """Still runs, but means something else (or nothing) in 2.x: ``effect`` says how."""

    effect: str = "behaves differently in TF 2.x"

    kind: ClassVar[str] = "meaning-changed"
    template: ClassVar[str] = "{old} {effect}: {new}"
    sentence: ClassVar[str] = "still runs but means something else in 2.x; the message says how to keep the 1.x meaning"

    def message(self, old: str, default: str = "", target: str = "2.x") -> str:
        return self.template.format(old=old, effect=self.effect, new=self.new or default, target=target)


@dataclass(frozen=True)
class MeaningChangedFixable(MeaningChanged):
    """A meaning change the rule's own fix function can undo for nearly all code (dropout's second
    positional argument -> ``rate=1 - p``): an unsafe fix."""

    sentence: ClassVar[str] = (
        "still runs but means something else in 2.x; `--unsafe-fixes` rewrites the call "
        "to keep the 1.x meaning (unsafe: review the diff)"
    )
    base_applicability: ClassVar[Applicability] = Applicability.UNSAFE


# -- the TF 2.16 step to Keras 3 (rules in tf2lint/rules/keras3.py) ---------------------------


@dataclass(frozen=True)
class KerasGone(Change):
    """A tf.keras name the target's Keras 3 does not have."""

    kind: ClassVar[str] = "keras3-removed"
    template: ClassVar[str] = "{old} is not in Keras 3 (tf.keras of TF {target}): {new}"
    sentence: ClassVar[str] = "gone from Keras 3, the tf.keras of TF 2.16 and later; the message gives the Keras 3 way"


@dataclass(frozen=True)
class KerasMoved(Renamed):
    """Keras 3 exports the same class or function under another tf.keras name."""

    kind: ClassVar[str] = "keras3-moved"
    template: ClassVar[str] = "{old} is not in Keras 3 (tf.keras of TF {target}): use {new}"
    # Safe: the old name does not exist on the target (the code fails there as written), and the new
    # name is the same definition in Keras 3 and exists in the Keras 2.6+ tf.keras too.
    sentence: ClassVar[str] = (
        "moved in Keras 3 (the same definition under another tf.keras name); `--fix` rewrites the name (safe)"
    )


@dataclass(frozen=True)
class KerasKeywordRenamed(KeywordRenamed):
    """A keyword Keras 2 accepted as an alias and Keras 3 rejects."""

    kind: ClassVar[str] = "keras3-keyword-renamed"
    template: ClassVar[str] = "{old} is rejected by Keras 3 (TF {target}): use {new}="
    sentence: ClassVar[str] = "a keyword Keras 3 rejects; `--fix` renames it (safe: Keras 2 took both names)"


@dataclass(frozen=True)
class KerasBehaviour(Change):
    """Code that names nothing removed but fails, or silently does less, under Keras 3."""

    kind: ClassVar[str] = "keras3-behaviour"
    template: ClassVar[str] = "{old} does not work in Keras 3 (TF {target}): {new}"
    sentence: ClassVar[str] = (
        "runs under Keras 2 but fails or is ignored under Keras 3; the message gives the Keras 3 way"
    )


KERAS2_ESCAPE = (
    "to stay on Keras 2 for now, pip install tf_keras and set TF_USE_LEGACY_KERAS=1 before TensorFlow is imported"
)

KINDS: tuple[type[Change], ...] = (
    Renamed,
    Replaced,
    ReplacedNearly,
    Recipe,
    CompatOnly,
    RemovedEverywhere,
    RemovedBefore1,
    PrivateModuleGone,
    StillCompat,
    KeywordRenamed,
    KeywordReplaced,
    KeywordRemoved,
    KeywordDeprecated,
    PositionalChanged,
    PositionalRemoved,
    MeaningChanged,
    MeaningChangedFixable,
    KerasGone,
    KerasMoved,
    KerasKeywordRenamed,
    KerasBehaviour,
)


# -- edit builders: the one place rename edits are made ---------------------------------------


def rename_edits(ref: Reference, node: ast.AST, new_qualified: str, source: SourceLines) -> tuple[Edit, ...]:
    """Rewrite ``T.log`` as ``T.math.log``: keep the file's own alias for the root of the chain."""
    if ref.is_import:
        return ()
    root_parts, root_node = ref.root
    root_qualified = ".".join(ref.qualified.split(".")[:root_parts])
    if not new_qualified.startswith(root_qualified + "."):
        return ()
    text = source.text(root_node) + new_qualified[len(root_qualified) :]
    line, col, end_line, end_col = source.span(node)
    return (Edit(line, col, end_line, end_col, text),)


def compat_edits(ref: Reference, node: ast.AST, compat: str, source: SourceLines) -> tuple[Edit, ...]:
    """``tf.Session`` -> ``tf.compat.v1.Session`` (the file's alias kept), or ``from tensorflow import
    placeholder`` -> ``from tensorflow.compat.v1 import placeholder`` when the import names only it."""
    qualified = "tensorflow." + compat[3:]
    if not ref.is_import:
        return rename_edits(ref, node, qualified, source)
    statement = ref.statement
    if not isinstance(statement, ast.ImportFrom) or statement.level or len(statement.names) != 1:
        return ()
    module, _, name = qualified.rpartition(".")
    if statement.module is None or statement.names[0].name != name or not statement.module.startswith("tensorflow"):
        return ()
    if statement.module.startswith("tensorflow.compat"):
        return ()  # never touch what already goes through tf.compat
    first_line = source.lines[statement.lineno - 1]
    start = first_line.find(statement.module, statement.col_offset)
    if start < 0:
        return ()
    return (Edit(statement.lineno, start, statement.lineno, start + len(statement.module), module),)


def keyword_rename_edits(keyword: ast.keyword, new: str, source: SourceLines) -> tuple[Edit, ...]:
    """Rewrite ``keep_dims=`` as ``keepdims=``: only the keyword's name, never its value."""
    line, col, _, _ = source.span(keyword)
    return (Edit(line, col, line, col + len(keyword.arg or ""), new),)
