"""The report as Markdown tables, for a pull request or an issue: the same numbers as the HTML page."""

from __future__ import annotations

from typing import Any

from tf2lint.report.categories import CATEGORIES, FINE, LABELS, TIER_LABELS, TIERS

MAX_ROWS = 25


def _cell(text: object) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    """A code span in a table cell: backslashes are literal there, only the pipe needs escaping."""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|')}{pad}{fence}"


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def _directories(node: dict[str, Any], rows: list[str]) -> None:
    for child in node["children"]:
        if child["type"] != "directory":
            continue
        c = child["categories"]
        rows.append(
            f"| {_code(child['path'] + '/')} | {child['findings']} | {c['breaks']} | {c['compat']} | "
            f"{c['semantic']} | {child['fine_files']}/{child['files']} |"
        )
        _directories(child, rows)


def render(data: dict[str, Any]) -> str:
    totals = data["totals"]
    lines = [
        "# TF 2.x migration report",
        "",
        f"{_cell(', '.join(data['paths']))} · target TensorFlow {data['target']} · tf2lint {data['version']}",
        "",
        "## What the code needs",
        "",
        "| | findings | share |",
        "| --- | ---: | ---: |",
    ]
    for name in CATEGORIES:
        count = totals["categories"][name]
        lines.append(f"| {LABELS[name]} | {count} | {_share(count, totals['findings'])} |")
    lines += [
        f"| **All findings** | **{totals['findings']}** | |",
        "",
        (
            f"Files: {totals['files']} linted, {totals['fine_files']} {LABELS[FINE].lower()}, "
            f"{totals['problem_files']} could not be linted ({totals['problems']} problems)."
        ),
        "",
        "## How it can be fixed",
        "",
        "| category | " + " | ".join(TIER_LABELS[t] for t in TIERS) + " |",
        "| --- |" + " ---: |" * len(TIERS),
    ]
    for name in CATEGORIES:
        lines.append(f"| {LABELS[name]} | " + " | ".join(str(data["effort"][name][t]) for t in TIERS) + " |")
    lines.append("| **All** | " + " | ".join(f"**{totals['tiers'][t]}**" for t in TIERS) + " |")
    lines += [
        "",
        (
            f"{totals['tiers']['safe']} of {totals['findings']} findings are fixed by `tf2lint --fix`; "
            "the rest need a person."
        ),
        "",
    ]
    if data["baseline"]:
        b = data["baseline"]
        lines += [
            "## Progress since the baseline",
            "",
            (
                f"{b['fixed']} of {b['baselined']} baselined findings fixed ({_share(b['fixed'], b['baselined'])}), "
                f"{b['remaining']} left; {b['new']} new since {_code(b['file'])}."
            ),
            "",
        ]
    lines += [
        "## Root causes",
        "",
        "Imports and aliases that break; fixing one line unblocks every use of the name it binds.",
        "",
    ]
    if data["root_causes"]:
        lines += ["| statement | codes | files | uses |", "| --- | --- | ---: | ---: |"]
        lines += [
            f"| {_code(r['statement'])} | {', '.join(r['codes'])} | {r['files']} | {r['uses']} |"
            for r in data["root_causes"][:MAX_ROWS]
        ]
    else:
        lines.append("None: no flagged import or alias.")
    lines += ["", "## Top rules", "", "| rule | what | findings | safe fixes |", "| --- | --- | ---: | ---: |"]
    lines += [
        f"| [{r['code']}]({r['url']}) | {_cell(r['title'])} | {r['count']} | {r['tiers']['safe']} |"
        for r in data["rules"][:MAX_ROWS]
    ]
    rows: list[str] = []
    _directories(data["tree"], rows)
    lines += [
        "",
        "## By directory",
        "",
        "Most work left first.",
        "",
        "| directory | findings | breaks | compat | means something else | files fine |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *rows,
    ]
    if data["problems"]:
        lines += ["", "## Files that could not be linted", "", "| file | problem |", "| --- | --- |"]
        lines += [f"| {_code(p['path'])} | {_cell(p['message'])} |" for p in data["problems"]]
    return "\n".join(lines) + "\n"
