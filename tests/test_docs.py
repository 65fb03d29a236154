"""rules.md is generated from the catalogue and must be committed up to date."""

from __future__ import annotations

from conftest import ROOT

from tf2lint import docs
from tf2lint.rules import ALL_RULES


def test_rules_md_is_up_to_date() -> None:
    committed = (ROOT / "rules.md").read_text(encoding="utf-8")
    assert committed == docs.render(), "run: python -m tf2lint.docs > rules.md"


def test_every_rule_is_documented_with_an_anchor() -> None:
    text = docs.render()
    for rule in ALL_RULES:
        assert f'<a id="{rule.code.lower()}"></a>' in text
        assert f"`{rule.symbol}`" in text
