"""What a finding asks of the user (its category) and how it can be fixed (its tier).

Both read typed attributes of a Diagnostic when it has them (``kind``, ``applicability``) and fall
back to what the code says today, each in one small function so the mapping can move to the
catalogue without touching the report.
"""

from __future__ import annotations

from tf2lint.diagnostic import Diagnostic

BREAKS, COMPAT, SEMANTIC, DEPRECATED, FINE = "breaks", "compat", "semantic", "deprecated", "fine"
CATEGORIES = (BREAKS, COMPAT, SEMANTIC, DEPRECATED)  # what findings can be; FINE is a file with none
LABELS = {
    BREAKS: "Breaks on the target release",
    COMPAT: "Runs only through tf.compat.v1",
    SEMANTIC: "Still runs, means something else",
    DEPRECATED: "Still runs, deprecated",
    FINE: "Already fine",
}
COLOURS = {BREAKS: "#cf222e", COMPAT: "#bf8700", SEMANTIC: "#8250df", DEPRECATED: "#0969da", FINE: "#1a7f37"}

TIERS = ("safe", "unsafe", "compat", "manual")
TIER_LABELS = {
    "safe": "Safe fix (tf2lint --fix)",
    "unsafe": "Fix needs review",
    "compat": "Fix through tf.compat.v1",
    "manual": "Manual work",
}
TIER_COLOURS = {"safe": "#1a7f37", "unsafe": "#bf8700", "compat": "#0969da", "manual": "#6e7781"}
AUTOMATIC_TIERS = frozenset({"safe", "unsafe", "compat"})

# Calls that still run on TF 2.x but compute something else (positional arguments that changed
# meaning, dropout's rate vs keep_prob, softmax cross-entropy's gradient into labels): by change
# kind (tf2lint.changes), and by code for findings that carry none.
SEMANTIC_KINDS = frozenset({"meaning-changed", "positional-changed"})
SEMANTIC_CODES = frozenset({"TF905", "TF817", "TF818"})
DEPRECATED_KINDS = frozenset({"keyword-deprecated"})  # accepted by the target, with a warning


def _name(value: object) -> str:
    return str(getattr(value, "value", value)).lower()


def category_of(diagnostic: Diagnostic) -> str:
    """compat for uses through tf.compat.v1 (TF0xx, whatever became of the name); else deprecated,
    semantic or breaks by the finding's change kind, or by its code when it has no kind."""
    if diagnostic.code.startswith("TF0"):
        return COMPAT
    if diagnostic.kind in DEPRECATED_KINDS:
        return DEPRECATED
    if diagnostic.kind:
        return SEMANTIC if diagnostic.kind in SEMANTIC_KINDS else BREAKS
    return SEMANTIC if diagnostic.code in SEMANTIC_CODES else BREAKS


def tier_of(diagnostic: Diagnostic) -> str:
    """safe / unsafe / compat: the applicability of the fix the finding carries; manual without one
    (a display-only change, or a fix refused as unsafe to apply)."""
    if not diagnostic.fix:
        return "manual"
    applicability = _name(diagnostic.applicability)
    return applicability if applicability in TIERS else "safe"
