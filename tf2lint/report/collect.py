"""From the linter's per-file results to the numbers every report format shows.

Files stream through :class:`Collector` one at a time (only counts are kept), so a report over a
large tree needs no more memory than the linter does. Totals are the linter's: the same files,
settings and findings, counted by category, fix tier, directory, rule and root cause.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tf2lint import __version__
from tf2lint.baseline import Ratchet, Selector
from tf2lint.report import roots
from tf2lint.report.categories import CATEGORIES, TIERS, category_of, tier_of
from tf2lint.runner import FileReport


@dataclass
class Counts:
    files: int = 0
    fine_files: int = 0  # linted, nothing to do
    problem_files: int = 0
    findings: int = 0
    problems: int = 0
    categories: Counter[str] = field(default_factory=Counter)
    tiers: Counter[str] = field(default_factory=Counter)

    def add(self, other: Counts) -> None:
        self.files += other.files
        self.fine_files += other.fine_files
        self.problem_files += other.problem_files
        self.findings += other.findings
        self.problems += other.problems
        self.categories.update(other.categories)
        self.tiers.update(other.tiers)

    @property
    def automatic(self) -> int:
        return self.tiers["safe"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "fine_files": self.fine_files,
            "problem_files": self.problem_files,
            "findings": self.findings,
            "problems": self.problems,
            "categories": {name: self.categories[name] for name in CATEGORIES},
            "tiers": {name: self.tiers[name] for name in TIERS},
        }


def _natural(name: str) -> list[tuple[int, str]]:
    """``part2`` before ``part10``."""
    return [(int(piece), "") if piece.isdigit() else (-1, piece) for piece in re.split(r"(\d+)", name)]


@dataclass
class Node:
    """A directory (with children) or a file (without) in the report's tree."""

    name: str
    path: str
    is_file: bool = False
    counts: Counts = field(default_factory=Counts)
    children: dict[str, Node] = field(default_factory=dict)

    def sorted_children(self) -> list[Node]:
        """Most work left first, so a team sees where the migration is."""
        return sorted(
            self.children.values(), key=lambda n: (-n.counts.findings, -n.counts.problems, n.is_file, _natural(n.name))
        )

    def to_dict(self) -> dict[str, Any]:
        node = self
        name = self.name
        # a chain of single directories shows as one row, a/b/c/, as code hosts show it
        while not node.is_file and len(node.children) == 1 and self.path != ".":
            only = next(iter(node.children.values()))
            if only.is_file:
                break
            node, name = only, f"{name}/{only.name}"
        data: dict[str, Any] = {
            "name": name,
            "path": node.path,
            "type": "file" if node.is_file else "directory",
            **node.counts.to_dict(),
        }
        if not node.is_file:
            data["children"] = [child.to_dict() for child in node.sorted_children()]
        return data


@dataclass
class RuleCount:
    code: str
    category: str
    count: int = 0
    tiers: Counter[str] = field(default_factory=Counter)


def display_path(path: Path) -> str:
    """Relative to the working directory when below it, as the linter prints paths otherwise."""
    relative = os.path.relpath(path.resolve(), Path.cwd().resolve()) if path.is_absolute() else os.path.normpath(path)
    return Path(path if relative.startswith("..") else relative).as_posix()


class Collector:
    def __init__(self, paths: list[str], target: str | None, ratchet: Ratchet | None = None) -> None:
        self.paths = paths
        self.target = target
        self.ratchet = ratchet
        self.tree = Node(".", ".")
        self.rules: dict[str, RuleCount] = {}
        self.effort: dict[str, Counter[str]] = {name: Counter() for name in CATEGORIES}
        self.roots: dict[str, roots.RootCause] = {}
        self.problems: list[tuple[str, str]] = []
        self.unreadable: list[tuple[str, str]] = []  # I/O errors: the command exits 2, as the linter does
        self.findings_total = 0

    def add(self, report: FileReport, file_roots: dict[str, roots.RootCause], selects: Selector | None = None) -> None:
        counts = Counts(files=1, findings=len(report.findings), problems=len(report.problems))
        counts.problem_files = int(bool(report.problems))
        counts.fine_files = int(not report.findings and not report.problems)
        categories = [category_of(f.diagnostic) for f in report.findings]
        for finding, category in zip(report.findings, categories, strict=True):
            tier = tier_of(finding.diagnostic)
            counts.categories[category] += 1
            counts.tiers[tier] += 1
            self.effort[category][tier] += 1
            rule = self.rules.setdefault(finding.diagnostic.code, RuleCount(finding.diagnostic.code, category))
            rule.count += 1
            rule.tiers[tier] += 1
        shown = display_path(report.path)
        for problem in report.problems:
            self.problems.append((shown, problem.message))
            if problem.io_error:
                self.unreadable.append((shown, problem.message))
        roots.merge(self.roots, file_roots)
        if self.ratchet is not None:
            self.ratchet.process(replace(report, findings=list(report.findings)), selects)
        self._place(shown, counts)

    def _place(self, shown: str, counts: Counts) -> None:
        node = self.tree
        node.counts.add(counts)
        parts = [part for part in shown.split("/") if part not in ("", ".")] or [shown]
        if shown.startswith("/"):
            parts[0] = "/" + parts[0]
        for depth, part in enumerate(parts):
            last = depth == len(parts) - 1
            path = "/".join(parts[: depth + 1])
            node = node.children.setdefault(part, Node(part, path, is_file=last))
            node.counts.add(counts)

    @property
    def totals(self) -> Counts:
        return self.tree.counts

    def baseline_progress(self) -> dict[str, Any] | None:
        ratchet = self.ratchet
        if ratchet is None or ratchet.read_from is None:
            return None
        fixed = ratchet.fixed()
        remaining = ratchet.still_present()
        return {
            "file": str(ratchet.read_from),
            "baselined": fixed + remaining,
            "fixed": fixed,
            "remaining": remaining,
            "new": self.totals.findings - ratchet.hidden,
        }

    def top_roots(self) -> list[roots.RootCause]:
        return sorted(self.roots.values(), key=lambda r: (-r.uses, -r.files, r.statement))

    def top_rules(self) -> list[RuleCount]:
        return sorted(self.rules.values(), key=lambda r: (-r.count, r.code))

    def to_dict(self) -> dict[str, Any]:
        """The data behind every format (the JSON report is exactly this)."""
        from tf2lint.output import RULES_URL
        from tf2lint.rules import ALL_RULES

        titles = {rule.code: rule.title for rule in ALL_RULES}

        return {
            "tool": "tf2lint",
            "version": __version__,
            "target": self.target or "newest 2.x",
            "paths": self.paths,
            "totals": self.totals.to_dict(),
            "effort": {name: {tier: self.effort[name][tier] for tier in TIERS} for name in CATEGORIES},
            "rules": [
                {
                    "code": r.code,
                    "title": titles.get(r.code, ""),
                    "category": r.category,
                    "count": r.count,
                    "tiers": {tier: r.tiers[tier] for tier in TIERS},
                    "url": f"{RULES_URL}#{r.code.lower()}",
                }
                for r in self.top_rules()
            ],
            "root_causes": [
                {
                    "statement": r.statement,
                    "codes": sorted(r.codes),
                    "categories": sorted(r.categories),
                    "files": r.files,
                    "uses": r.uses,
                }
                for r in self.top_roots()
            ],
            "problems": [{"path": path, "message": message} for path, message in self.problems],
            "baseline": self.baseline_progress(),
            "tree": self.tree.to_dict(),
        }
