"""Generate rules.md from the catalogue, so the documentation is the rules' own data and examples."""

from __future__ import annotations

from functools import lru_cache

from tf2lint.api_table import api_table, load_data
from tf2lint.changes import Applicability, Change, KeywordDeprecated, KeywordRenamed, Renamed
from tf2lint.lint import lint_source
from tf2lint.pylint_plugin_ids import message_id
from tf2lint.rule import Rule
from tf2lint.rules import ALL_RULES, FAMILIES, contrib

HEADER = """# tf2lint rules

Generated from the rule catalogue by `python -m tf2lint.docs > rules.md`; a test fails when this
file is out of date. Codes are public API: they are never renumbered or reused.

Each code has a pylint message id (TF<h><nn> is W<65+h><nn>) and a symbol for
`# pylint: disable=<symbol>`. flake8 and the `tf2lint` command use the TF code
(`# noqa: TF101`). Each rule reports one or more *change kinds* (what became of the 1.x name:
renamed to the same object, replaced by a different API, only in `tf.compat.v1`, removed with a
recipe, keyword renamed or removed, positional slot or meaning changed); the kind decides the
message, the fix and the fix's safety. "safe" fixes keep the same object and meaning and are
applied by `tf2lint --fix`; "unsafe" fixes are right for nearly all code and are applied with
`--unsafe-fixes`; "display-only" changes are advice, never applied. Whatever the kind, a 1.x name
the target release still has in `tf.compat.v1` is rewritten to that spelling by `--compat-fixes`
(and an unsafe fix falls back to it when only `--compat-fixes` is given).
"""


def _kinds(rule: Rule) -> tuple[type[Change], ...]:
    """The rule's declared kinds, plus ``renamed`` where the generated table proves a rename inside
    what the rule matches (tf.gfile.GFile): that is where its fixes come from."""
    declared = rule.kinds
    if rule.fixable and not any(
        kind.base_applicability is Applicability.SAFE or kind is KeywordDeprecated for kind in declared
    ):
        return (*declared, Renamed)
    return declared


def _fix_safety(kind: type[Change]) -> str:
    if kind in (KeywordRenamed, KeywordDeprecated):
        return "safe where TF maps the old keyword onto the new, else display-only"
    return kind.base_applicability.value


@lru_cache(maxsize=1)
def replacement_coverage() -> tuple[int, int]:
    """(1.x names whose finding names no replacement or recipe, 1.x names reported): every name
    the rules and the generated table know, used once, judged against the newest release."""
    data = load_data()
    names = set(data["names"]) | set(data["removed_before_1_0"])
    for rule in ALL_RULES:
        if not rule.code.startswith("TFK"):  # 1.x names only: the Keras 3 family names tf.keras ones
            names |= {name for name in (*rule.names, *rule.modules) if name}
    usable = sorted(name for name in names if all(part.isidentifier() for part in name.split(".")))
    found = lint_source("import tensorflow as tf\n" + "".join(f"tf.{name}\n" for name in usable)).diagnostics
    reported = {d.line for d in found}
    unnamed = {d.line for d in found if "names no successor" in d.message or "with no 2.x successor" in d.message}
    return len(unnamed), len(reported)


def anchor(rule: Rule) -> str:
    return rule.code.lower()


def _code_block(text: str) -> list[str]:
    return ["```python", text.rstrip("\n"), "```"]


def _spelled(name: str, rule: Rule) -> str:
    return (
        f"`tf.compat.v1.{name}`"
        if rule.via_compat and name
        else ("`tf.compat.v1`" if rule.via_compat else f"`tf.{name}`")
    )


def _matches(rule: Rule) -> list[str]:
    """What the rule looks for, and the message its first example really produces."""
    lines: list[str] = []
    matched = {
        **rule.names,
        **{f"{module}.*": new for module, new in rule.modules.items() if not module.startswith("contrib.")},
    }
    if any(matched.values()):
        lines += ["| 1.x | use instead |", "| --- | --- |"]
        lines += [
            f"| {_spelled(name, rule)} | {rule.change_for(new).new or rule.replacement} |"
            for name, new in matched.items()
        ]
        lines.append("")
    elif matched:
        lines += ["**Matches** " + ", ".join(_spelled(name, rule) for name in matched), ""]
    for label, items in (("keyword", rule.keywords), ("method", rule.methods)):
        if items:
            lines += [f"**Matches {label}s** " + ", ".join(f"`{item}`" for item in items), ""]
    for function, keywords in rule.call_keywords.items():
        where = "any TF call" if function == "*" else f"`tf.{function}`"
        lines += [f"**Matches** {', '.join(f'`{k}=`' for k in keywords)} on {where}", ""]
    produced = [d.message for d in lint_source(rule.invalid[0].source).diagnostics if d.code == rule.code]
    if produced:
        lines += [f"**Message** (first example): `{rule.code} {produced[0]}`", ""]
    return lines


def render_rule(rule: Rule) -> str:
    """One rule's documentation, Markdown: its section of rules.md and what ``tf2lint rule`` prints."""
    return "\n".join(_rule_section(rule))


def _rule_section(rule: Rule) -> list[str]:
    lines = [f"### {rule.code} `{rule.symbol}` — {rule.title}", ""]
    lines.append(
        f"pylint: `{message_id(rule.code)}` · fixable: {'yes' if rule.fixable else 'no'}"
        + (" · reported only in files with other 1.x use" if rule.only_in_v1_files else "")
        + f" · applies from TF {rule.since or '2.0'} (`--target`)"
    )
    lines.append("")
    lines += [f"**Change kind:** `{kind.kind}`, {kind.sentence} · fix: {_fix_safety(kind)}" for kind in _kinds(rule)]
    lines += ["", *_matches(rule), f"**Why.** {rule.why}", ""]
    if rule.replacement:
        lines += [f"**Use instead.** {rule.replacement}", ""]
    for example in rule.invalid[:2]:
        lines += ["Flagged:", "", *_code_block(example.source), ""]
        if example.fixed is not None:
            lines += ["After `tf2lint --fix`:", "", *_code_block(example.fixed), ""]
        if example.unsafe is not None:
            lines += ["After `tf2lint --fix --unsafe-fixes`:", "", *_code_block(example.unsafe), ""]
        if example.compat is not None:
            lines += ["After `tf2lint --fix --compat-fixes`:", "", *_code_block(example.compat), ""]
    lines += ["Not flagged:", "", *_code_block(rule.valid[0]), ""]
    return lines


def _generated_summary() -> list[str]:
    table = api_table()
    names = table.names
    last = table.index
    renamed = sum(1 for statuses in names.values() if table.at(statuses).startswith("="))
    compat = sum(1 for statuses in names.values() if table.at(statuses) == "c")
    gone = sum(1 for statuses in names.values() if table.at(statuses) == "x")
    keywords = sum(len(entry) for entry in table.keywords.values())
    return [
        "## The generated API table",
        "",
        f"TF9xx findings come from [`tf2lint/data/tf_api.json`](tf2lint/data/tf_api.json), which "
        f"`tools/generate_api_tables.py` derives from the TensorFlow {table.v1_version} wheel and the "
        f"wheel of every 2.x minor release ({table.versions[0]} to {table.versions[-1]}, each with its Keras) "
        "without importing TensorFlow. Of the public 1.x names outside "
        f"tf.keras, tf.compat and tf.contrib, {table.counts['surviving']} still exist in every listed 2.x "
        f"release and {table.counts['missing']} do not. In TF {table.versions[last]}:",
        "",
        f"- {renamed} are renamed (TF901, fixable),",
        f"- {compat} remain only in tf.compat.v1 (TF902),",
        f"- {gone} are gone even from tf.compat.v1 (TF903), and "
        f"{len(table.removed_before_1_0)} names were removed before TF 1.0 (from the 0.12 wheel, TF903),",
        f"- {sum(1 for entry in table.successors.values() if table.at(entry))} compat-only or removed names "
        "get the successor that TF 1.15 itself names (its deprecation notices, or another 1.x name of "
        "the same function that 2.x kept),",
        f"- {sum(1 for s in table.private_modules.values() if table.at(s) == 'x')} private `tensorflow.python` "
        "modules (or packages) of 1.15 are not in the wheel (TF906),",
        f"- {keywords} keyword arguments of surviving functions were removed (TF904), and "
        f"{len(table.positional)} functions changed their positional parameters (TF905).",
        "",
        f"From TF {table.keras3_from} on, tf.keras is Keras 3: of the last Keras 2's tf.keras names, "
        f"{sum(1 for t in table.keras.values() if table.at(t).startswith('='))} moved (TFK102, fixable) and "
        f"{sum(1 for t in table.keras.values() if table.at(t) == 'x')} are gone (TFK101) in TF {table.versions[last]}; "
        "each release is judged with the lowest Keras it admits.",
        "",
        f"Of the {replacement_coverage()[1]} 1.x names tf2lint reports, {replacement_coverage()[0]} get no "
        "named replacement or recipe: TF names no successor for them.",
        "",
        "A hand-written rule, when one matches, takes precedence over these codes. `--target 2.15` "
        "(flake8: `--tf-target`, pylint: `tf-target`) judges the code against an older release.",
        "",
    ]


def _contrib_table() -> list[str]:
    lines = ["## Where tf.contrib went (TF701)", "", "| module | TF 2.x destination |", "| --- | --- |"]
    lines += [f"| `tf.contrib.{name}` | {advice} |" for name, advice in sorted(contrib.CONTRIB_ADVICE.items())]
    return [*lines, ""]


def render() -> str:
    lines = [
        HEADER,
        "## Index",
        "",
        "| code | symbol | pylint | what | change kind | fix |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in ALL_RULES:
        kinds = ", ".join(f"`{kind.kind}`" for kind in _kinds(rule))
        safety = "safe" if rule.fixable else Applicability.DISPLAY_ONLY.value
        lines.append(
            f"| [{rule.code}](#{anchor(rule)}) | `{rule.symbol}` | {message_id(rule.code)} | "
            f"{rule.title} | {kinds} | {safety} |"
        )
    lines.append("")
    for family, title in FAMILIES.items():
        rules = [rule for rule in ALL_RULES if rule.family == family]
        if not rules:
            continue
        lines += [f"## {family}xx — {title}", ""]
        for rule in rules:
            lines += [f'<a id="{anchor(rule)}"></a>', "", render_rule(rule)]
    lines += _generated_summary()
    lines += _contrib_table()
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    print(render(), end="")
