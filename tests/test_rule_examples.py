"""Every rule's own examples: flagged when invalid, silent when valid, fixed exactly as documented."""

from __future__ import annotations

import pytest

from tf2lint.changes import enabled_tiers, tier
from tf2lint.fixes import fix_diagnostics
from tf2lint.lint import lint_source
from tf2lint.rules import ALL_RULES

CASES = [(rule, example) for rule in ALL_RULES for example in rule.invalid]
CASE_IDS = [f"{rule.code}-{index}" for rule in ALL_RULES for index, _ in enumerate(rule.invalid)]
VALID = [(rule, source) for rule in ALL_RULES for source in rule.valid]
VALID_IDS = [f"{rule.code}-{index}" for rule in ALL_RULES for index, _ in enumerate(rule.valid)]


def test_every_rule_has_positive_and_negative_examples() -> None:
    for rule in ALL_RULES:
        assert rule.invalid, f"{rule.code} has no invalid example"
        assert rule.valid, f"{rule.code} has no valid example"


@pytest.mark.parametrize(("rule", "example"), CASES, ids=CASE_IDS)
def test_invalid_example_is_flagged(rule, example) -> None:
    result = lint_source(example.source)
    assert result.error is None
    # A finding merged into its construct's finding (tf2lint.grouping) is a related part of it.
    codes = [d.code for d in result.diagnostics]
    codes += [related.note.partition(" ")[0] for d in result.diagnostics for related in d.related]
    assert rule.code in codes, f"{rule.code} not reported for:\n{example.source}\ngot {codes}"


@pytest.mark.parametrize(("rule", "source"), VALID, ids=VALID_IDS)
def test_valid_example_is_not_flagged(rule, source) -> None:
    result = lint_source(source)
    assert result.error is None
    assert rule.code not in [d.code for d in result.diagnostics], source


@pytest.mark.parametrize(("rule", "example"), CASES, ids=CASE_IDS)
def test_fix_matches_example(rule, example) -> None:
    """A rule fixes exactly the examples that document a fix, in each tier, and produces that text."""
    own = [d for d in lint_source(example.source).diagnostics if d.code == rule.code]
    for tiers, expected in ((enabled_tiers(), example.fixed), (enabled_tiers(unsafe=True), example.unsafe)):
        chosen = [d for d in own if tier(d.applicability) in tiers]
        fixed = fix_diagnostics(example.source, chosen)
        if expected is None:
            if tiers == enabled_tiers(unsafe=True) and example.fixed is not None:
                continue  # no unsafe fix documented beyond the safe one: checked below
            assert fixed.fixed == 0, f"{rule.code} offers a fix the examples do not document ({sorted(tiers)})"
        else:
            assert fixed.text == expected
    if example.unsafe is None:
        assert not [d for d in own if d.fix and tier(d.applicability) == "unsafe"], (
            f"{rule.code} offers an unsafe fix the examples do not document"
        )
    if example.compat is not None:
        chosen = [d for d in own if d.fix and tier(d.applicability) in enabled_tiers(compat=True)]
        assert fix_diagnostics(example.source, chosen).text == example.compat


def test_codes_and_symbols_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in ALL_RULES]
    symbols = [rule.symbol for rule in ALL_RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(symbols)) == len(symbols)
    for rule in ALL_RULES:
        if rule.code.startswith("TFK"):  # the Keras 3 families: TFK + three digits
            assert len(rule.code) == 6 and rule.code[3:].isdigit() and rule.code[3] in "12"
            assert rule.symbol.startswith("keras3-")
        else:
            assert rule.code[:2] == "TF" and len(rule.code) == 5 and rule.code[2:].isdigit()
            assert rule.symbol.startswith("tf1-")
