"""What a finding asks of the user (its category) and how it can be fixed (its tier).

Both read typed attributes of a Diagnostic when it has them (``kind``, ``applicability``) and fall
back to what the code says today, each in one small function so the mapping can move to the
catalogue without touching the report.
"""

from __future__ import annotations

from tf2lint.diagnostic import Diagnostic

BREAKS, COMPAT, SEMANTIC, FINE = "breaks", "compat", "semantic", "fine"
CATEGORIES = (BREAKS, COMPAT, SEMANTIC)  # what findings can be; FINE is a file with none
LABELS = {
    BREAKS: "Breaks on the target release",
    COMPAT: "Runs only through tf.compat.v1",
    SEMANTIC: "Still runs, means something else",
    FINE: "Already fine",
}
COLOURS = {BREAKS: "#cf222e", COMPAT: "#bf8700", SEMANTIC: "#8250df", FINE: "#1a7f37"}

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
# meaning, dropout's rate vs keep_prob, softmax cross-entropy's gradient into labels).
SEMANTIC_CODES = frozenset({"TF905", "TF817", "TF818"})
_KIND_CATEGORY = {
    "breaks": BREAKS, "broken": BREAKS, "removed": BREAKS, "renamed": BREAKS, "moved": BREAKS,
    "compat": COMPAT, "compat_only": COMPAT, "compat-only": COMPAT,
    "semantic": SEMANTIC, "semantics": SEMANTIC, "behaviour": SEMANTIC, "behavior": SEMANTIC,
}


def _name(value: object) -> str:
    return str(getattr(value, "value", value)).lower()


def category_of(diagnostic: Diagnostic) -> str:
    """breaks / compat / semantic: the Diagnostic's ``kind`` when it has one, else by code."""
    kind = getattr(diagnostic, "kind", None)
    if kind is not None and _name(kind) in _KIND_CATEGORY:
        return _KIND_CATEGORY[_name(kind)]
    if diagnostic.code.startswith("TF0"):
        return COMPAT
    return SEMANTIC if diagnostic.code in SEMANTIC_CODES else BREAKS


def tier_of(diagnostic: Diagnostic) -> str:
    """safe / unsafe / compat / manual: the Diagnostic's ``applicability`` when it has one, else
    a certain fix is safe and anything else is manual."""
    applicability = getattr(diagnostic, "applicability", None)
    if applicability is not None and _name(applicability) in TIERS:
        return _name(applicability)
    return "safe" if diagnostic.fix else "manual"
