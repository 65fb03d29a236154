"""The report as one self-contained HTML page: inline CSS and SVG, no script, no network.

A Content-Security-Policy that allows nothing but inline styles and ``data:`` images makes the
"no network requests" promise one the browser enforces. Directories fold with ``<details>``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from tf2lint.report.categories import (
    CATEGORIES,
    COLOURS,
    FINE,
    LABELS,
    TIER_COLOURS,
    TIER_LABELS,
    TIERS,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
MAX_ROWS = 25

STYLE = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1100px;
       padding: 24px; color: #1f2328; background: #fff; }
figure { margin: 8px 0 14px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 10px; border-bottom: 1px solid #d0d7de; }
.meta { color: #59636e; margin: 0 0 18px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; }
.card { border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 14px; border-top: 5px solid var(--c, #59636e); }
.card .n { font-size: 26px; font-weight: 650; display: block; } .card .l { color: #59636e; font-size: 13px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 6px 0 0; padding: 0; list-style: none;
          font-size: 13px; }
.legend i { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 5px;
            vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eaeef2; vertical-align: middle; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; padding: 1px 4px;
       border-radius: 4px; }
details { margin-left: 18px; } details > summary { cursor: pointer; margin-left: -18px; }
.row { display: grid; grid-template-columns: minmax(180px, 2fr) 3fr 190px; gap: 10px; align-items: center;
       padding: 2px 0; }
summary.row { display: grid; list-style: none; }
summary.row::before { content: "\\25B8"; position: absolute; margin-left: -14px; color: #59636e; }
details[open] > summary.row::before { content: "\\25BE"; }
.row .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.row .stat { color: #59636e; font-size: 13px; text-align: right; }
.file .name { color: #59636e; }
.hint { color: #59636e; font-size: 14px; }
.tag { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 10px; margin-right: 4px;
       border: 1px solid var(--c); color: var(--c); white-space: nowrap; }
"""


def bar(parts: list[tuple[int, str, str]], scale: int, width: int = 600, height: int = 18) -> str:
    """A horizontal stacked bar: (count, colour, label) segments, ``scale`` counts span the width."""
    total = sum(count for count, _, _ in parts)
    title = ", ".join(f"{label}: {count}" for count, _, label in parts if count) or "nothing to do"
    rects, x = [], 0.0
    for count, colour, label in parts:
        if not count or not scale:
            continue
        w = width * count / scale
        rects.append(
            f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="{height}" fill="{colour}">'
            f"<title>{escape(label)}: {count}</title></rect>"
        )
        x += w
    if not total:
        rects.append(f'<rect x="0" y="{height / 2 - 1}" width="{width}" height="2" fill="#d0d7de"/>')  # nothing to do
    return (
        f'<svg class="bar" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" height="{height}" preserveAspectRatio="none">{"".join(rects)}</svg>'
    )


def _category_parts(counts: dict[str, Any]) -> list[tuple[int, str, str]]:
    return [(counts["categories"][name], COLOURS[name], LABELS[name]) for name in CATEGORIES]


def _legend(items: list[tuple[str, str]]) -> str:
    entries = "".join(f'<li><i style="background:{c}"></i>{escape(t)}</li>' for t, c in items)
    return f'<ul class="legend">{entries}</ul>'


def _card(ident: str, number: int, label: str, colour: str = "#59636e") -> str:
    return (
        f'<div class="card" style="--c:{colour}"><span class="n" id="{ident}">{number}</span>'
        f'<span class="l">{escape(label)}</span></div>'
    )


def _tree(node: dict[str, Any], scale: int) -> str:
    row = (
        f'<span class="name" title="{escape(node["path"])}">{escape(node["name"])}'
        f"{'' if node['type'] == 'file' else '/'}</span>{bar(_category_parts(node), scale)}"
        f'<span class="stat">{node["findings"]} findings · {node["fine_files"]}/{node["files"]} files fine</span>'
    )
    if node["type"] == "file":
        return f'<div class="row file">{row}</div>'
    inner = "".join(_tree(child, node["findings"]) for child in node["children"])
    return f'<details><summary class="row">{row}</summary>{inner}</details>'


def render(data: dict[str, Any]) -> str:
    totals = data["totals"]
    out = [
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>tf2lint: TF 2.x migration report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>TF 2.x migration report</h1>",
        (
            f'<p class="meta">{escape(", ".join(data["paths"]))} · target TensorFlow {escape(data["target"])} · '
            f"tf2lint {escape(data['version'])}</p>"
        ),
    ]

    out.append('<section id="totals"><div class="cards">')
    out.append(_card("total-findings", totals["findings"], "findings"))
    for name in CATEGORIES:
        out.append(_card(f"total-{name}", totals["categories"][name], LABELS[name], COLOURS[name]))
    fine_label = f"files {LABELS[FINE].lower()}, of {totals['files']}"
    out.append(_card("total-fine", totals["fine_files"], fine_label, COLOURS[FINE]))
    out.append("</div>")
    categories_bar = bar(_category_parts(totals), totals["findings"], height=28)
    out.append(
        f'<h2>What the code needs</h2><figure id="chart-categories">{categories_bar}'
        + _legend([(f"{LABELS[n]} ({totals['categories'][n]})", COLOURS[n]) for n in CATEGORIES])
        + "</figure>"
    )
    needs_work = totals["files"] - totals["fine_files"]
    files_bar = bar(
        [(totals["fine_files"], COLOURS[FINE], "Files already fine"), (needs_work, "#d0d7de", "Files with work left")],
        totals["files"],
        height=14,
    )
    out.append(
        '<figure id="chart-files">'
        + files_bar
        + _legend(
            [
                (f"Files already fine ({totals['fine_files']})", COLOURS[FINE]),
                (f"Files with work left ({needs_work})", "#d0d7de"),
            ]
        )
        + "</figure>"
    )
    if totals["problems"]:
        out.append(
            f'<p class="hint" id="total-problems">{totals["problems"]} problem(s): '
            f"{totals['problem_files']} file(s) could not be linted (listed at the end).</p>"
        )
    out.append("</section>")

    automatic = totals["tiers"]["safe"]
    out.append('<section id="tiers"><h2>How it can be fixed</h2>')
    tiers_bar = bar(
        [(totals["tiers"][t], TIER_COLOURS[t], TIER_LABELS[t]) for t in TIERS], totals["findings"], height=28
    )
    out.append(
        f'<figure id="chart-tiers">{tiers_bar}'
        + _legend([(f"{TIER_LABELS[t]} ({totals['tiers'][t]})", TIER_COLOURS[t]) for t in TIERS])
        + "</figure>"
    )
    out.append(
        f'<p class="hint">{automatic} of {totals["findings"]} findings are fixed by <code>tf2lint --fix</code>; '
        "the rest need a person.</p>"
    )
    out.append(
        '<table id="effort"><tr><th>Category</th>'
        + "".join(f'<th class="num">{escape(TIER_LABELS[t])}</th>' for t in TIERS)
        + "</tr>"
    )
    for name in CATEGORIES:
        out.append(
            f"<tr><td>{escape(LABELS[name])}</td>"
            + "".join(f'<td class="num">{data["effort"][name][t]}</td>' for t in TIERS)
            + "</tr>"
        )
    out.append("</table></section>")

    if data["baseline"]:
        b = data["baseline"]
        progress_bar = bar(
            [(b["fixed"], COLOURS[FINE], "Fixed"), (b["remaining"], "#d0d7de", "Left")], b["baselined"], height=22
        )
        out.append(
            f'<section id="baseline"><h2>Progress since the baseline</h2>'
            f'<figure id="chart-baseline">{progress_bar}'
            f'</figure><p><strong id="baseline-fixed">{b["fixed"]}</strong> of {b["baselined"]} '
            "baselined findings fixed, "
            f'{b["remaining"]} left; <strong id="baseline-new">{b["new"]}</strong> new since '
            f"<code>{escape(b['file'])}</code>.</p></section>"
        )

    out.append(
        '<section id="tree"><h2>By directory</h2><p class="hint">Most work left first; '
        "open a directory to see its files.</p>"
    )
    root = data["tree"]
    for child in root["children"]:
        opened = len(root["children"]) <= 8 or child is root["children"][0]  # a long list opens only its biggest
        out.append(
            _tree(child, root["findings"]).replace("<details>", "<details open>", 1)
            if opened
            else _tree(child, root["findings"])
        )
    out.append("</section>")

    out.append(
        '<section id="roots"><h2>Root causes</h2><p class="hint">Imports and aliases that break; '
        "fixing one line unblocks every use of the name it binds.</p>"
    )
    if data["root_causes"]:
        out.append(
            '<table><tr><th>Statement</th><th>Codes</th><th>Category</th><th class="num">Files</th>'
            '<th class="num">Uses</th></tr>'
        )
        for root in data["root_causes"][:MAX_ROWS]:
            kinds = "".join(
                f'<span class="tag" style="--c:{COLOURS[c]}">{escape(LABELS[c])}</span>' for c in root["categories"]
            )
            out.append(
                f"<tr><td><code>{escape(root['statement'])}</code></td>"
                f"<td>{escape(', '.join(root['codes']))}</td><td>{kinds}</td>"
                f'<td class="num">{root["files"]}</td><td class="num">{root["uses"]}</td></tr>'
            )
        out.append("</table>")
    else:
        out.append("<p>None: no flagged import or alias.</p>")
    out.append("</section>")

    out.append(
        '<section id="rules"><h2>Top rules</h2><table><tr><th>Rule</th><th>What</th>'
        '<th class="num">Findings</th><th style="width:30%"></th><th class="num">Safe fixes</th></tr>'
    )
    top = data["rules"][0]["count"] if data["rules"] else 0
    for rule in data["rules"][:MAX_ROWS]:
        rule_bar = bar([(rule["count"], COLOURS[rule["category"]], LABELS[rule["category"]])], top, height=12)
        out.append(
            f'<tr><td><a href="{escape(rule["url"])}">{escape(rule["code"])}</a></td>'
            f"<td>{escape(rule['title'])}</td>"
            f'<td class="num">{rule["count"]}</td><td>{rule_bar}</td>'
            f'<td class="num">{rule["tiers"]["safe"]}</td></tr>'
        )
    out.append("</table></section>")

    if data["problems"]:
        out.append('<section id="problems"><h2>Files that could not be linted</h2><table>')
        out.extend(
            f"<tr><td><code>{escape(p['path'])}</code></td><td>{escape(p['message'])}</td></tr>"
            for p in data["problems"]
        )
        out.append("</table></section>")
    out.append("</body></html>\n")
    return "\n".join(out)
