"""Baselines: record today's findings so CI fails only on new TF 1.x code, and prune them as they go.

A finding is keyed by its file, its code, the source text it flags (whitespace collapsed) and its
occurrence index among the findings of that file with the same code and text, never by its line
number: edits elsewhere in the file do not resurrect it (the approach of ESLint's bulk suppressions
and SwiftLint's baseline). The same key, hashed without the file, is SARIF's ``partialFingerprints``.
The text of the line it is on is kept too, so that when a new ``tf.Session()`` joins three old
ones, the new line is the one reported (matching by line text first, then by order).

The file is JSON with one finding per line, sorted, so it diffs well in review.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tf2lint.runner import FileReport, Finding

FORMAT_VERSION = 1
FINGERPRINT_NAME = "tf2lint/v1"
_NEWLINE = re.compile(r"\r\n|\r|\n")  # Python's line model, not str.splitlines
_SPACE = re.compile(r"(?:\s|\\(?:\r\n|\r|\n))+")  # runs of whitespace and backslash continuations
MAX_CONTEXT = 300
MAX_TEXT = 200  # a flagged span is a name or a keyword; cap pathological ones to keep the file readable

FindingKey = tuple[str, str, int, str]  # (code, flagged text, occurrence, line context)
Entry = tuple[str, str, str, int, str]  # a baseline line: (path, *FindingKey)
Selector = Callable[[str], bool]  # whether a code is selected for a file


class BaselineError(Exception):
    """A baseline file tf2lint cannot read or write."""


def python_lines(text: str) -> list[str]:
    """Lines without their endings, split where Python's tokenizer splits them."""
    return _NEWLINE.split(text)


def source_chunks(path: Path, text: str | None = None) -> dict[int | None, str]:
    """The text the linter saw, by notebook cell number (``None`` for a Python file); empty when
    unreadable. ``text`` is the file's content when it is not (yet) the one on disk."""
    from tf2lint import notebook
    from tf2lint.lint import decode

    try:
        if path.suffix == ".ipynb":
            data = path.read_bytes() if text is None else text.encode("utf-8")
            return {cell.number: cell.python for cell in notebook.code_cells(notebook.read_notebook(data))}
        return {None: decode(path.read_bytes()) if text is None else text}
    except (OSError, ValueError, SyntaxError, LookupError):
        return {}


def source_lines(chunks: dict[int | None, str]) -> dict[int | None, list[str]]:
    return {key: python_lines(text) for key, text in chunks.items()}


def collapse(text: str) -> str:
    """Source text with layout removed, so reformatting does not change a key."""
    return _SPACE.sub(" ", text).strip()


def flagged_text(lines: Sequence[str], finding: Finding) -> str:
    """The source text a finding spans, whitespace collapsed; its message when the text is unavailable."""
    d = finding.diagnostic
    if not 1 <= d.line <= d.end_line <= len(lines):
        return d.message[:MAX_TEXT]
    if d.line == d.end_line:
        text = lines[d.line - 1][d.col : d.end_col]
    else:
        text = "\n".join(
            [lines[d.line - 1][d.col :], *lines[d.line : d.end_line - 1], lines[d.end_line - 1][: d.end_col]]
        )
    text = collapse(text)
    return text[:MAX_TEXT] if text else d.message[:MAX_TEXT]


def line_context(lines: Sequence[str], finding: Finding) -> str:
    """The whole line(s) a finding is on, collapsed: tells identical findings apart when code moves."""
    d = finding.diagnostic
    if not 1 <= d.line <= d.end_line <= len(lines):
        return ""
    return collapse("\n".join(lines[d.line - 1 : d.end_line]))[:MAX_CONTEXT]


def finding_keys(report: FileReport, text: str | None = None) -> list[FindingKey]:
    """(code, flagged text, occurrence, line context) for each finding of a report, in the report's order.

    The occurrence counts findings with the same code and text in the file, in source order."""
    if not report.findings:
        return []
    texts = source_lines(source_chunks(report.path, text))
    order = sorted(
        range(len(report.findings)),
        key=lambda i: (
            report.findings[i].cell or 0,
            report.findings[i].diagnostic.line,
            report.findings[i].diagnostic.col,
            i,
        ),
    )
    seen: dict[tuple[str, str], int] = {}
    keys: list[FindingKey] = [("", "", 0, "")] * len(report.findings)
    for i in order:
        finding = report.findings[i]
        lines = texts.get(finding.cell, [])
        text = flagged_text(lines, finding)
        pair = (finding.diagnostic.code, text)
        keys[i] = (pair[0], text, seen.get(pair, 0), line_context(lines, finding))
        seen[pair] = keys[i][2] + 1
    return keys


def fingerprint(code: str, text: str, occurrence: int) -> str:
    return hashlib.sha256(f"{code}\0{text}\0{occurrence}".encode()).hexdigest()[:32]


def fingerprints(report: FileReport) -> list[str]:
    """SARIF ``partialFingerprints`` values, one per finding, from the same key as the baseline."""
    return [fingerprint(code, text, occurrence) for code, text, occurrence, _ in finding_keys(report)]


def _path_key(path: Path, base: Path) -> str:
    return Path(os.path.relpath(path.resolve(), base)).as_posix()


def read_baseline(path: Path) -> set[Entry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"baseline {path} is not JSON: {exc}") from exc
    if (
        not isinstance(data, dict)
        or data.get("version") != FORMAT_VERSION
        or not isinstance(data.get("findings"), list)
    ):
        raise BaselineError(f"baseline {path} is not a tf2lint baseline (version {FORMAT_VERSION})")
    entries: set[Entry] = set()
    for entry in data["findings"]:
        try:
            entries.add(
                (
                    str(entry["path"]),
                    str(entry["code"]),
                    str(entry["text"]),
                    int(entry["occurrence"]),
                    str(entry.get("context", "")),
                )
            )
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            raise BaselineError(f"baseline {path} has a malformed finding: {entry!r}") from exc
    return entries


def render_baseline(entries: set[Entry]) -> str:
    """Stable text: sorted, one finding per line, fields in a fixed order."""
    lines = [
        json.dumps({"path": p, "code": c, "text": t, "occurrence": o, "context": x}, ensure_ascii=False)
        for p, c, t, o, x in sorted(entries)
    ]
    body = ",\n".join(f"    {line}" for line in lines)
    return (
        f'{{\n  "version": {FORMAT_VERSION},\n  "tool": "tf2lint",\n  "findings": [\n'
        + (body + "\n" if body else "")
        + "  ]\n}\n"
    )


def write_baseline(path: Path, entries: set[Entry]) -> None:
    from tf2lint.runner import write_atomically

    try:
        if path.exists():
            write_atomically(path, render_baseline(entries))
        else:
            path.write_text(render_baseline(entries), encoding="utf-8", newline="\n")
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {path}: {exc.strerror or exc}") from exc


def match(known: list[str], current: list[str]) -> tuple[list[bool], int]:
    """Pair today's findings of one (file, code, text) with the baselined ones, given their line
    contexts: same line first, then by order. Returns which of today's are baselined, and how many
    baselined ones are left over (fixed)."""
    left = Counter(known)
    baselined = [False] * len(current)
    for i, context in enumerate(current):
        if left[context] > 0:
            left[context] -= 1
            baselined[i] = True
    spare = sum(left.values())
    for i in range(len(current)):
        if not baselined[i] and spare:
            baselined[i], spare = True, spare - 1
    return baselined, spare


@dataclass
class Ratchet:
    """One run's use of a baseline: hide known findings, count fixed ones, or record a new baseline."""

    read_from: Path | None
    write_to: Path | None
    paths: Sequence[str] = ()
    known: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)  # (path, code, text) -> contexts
    left: dict[tuple[str, str, str], int] = field(default_factory=dict)  # baselined, not seen today
    covered: dict[str, Selector | None] = field(default_factory=dict)  # files linted cleanly -> code selector
    recorded: set[Entry] = field(default_factory=set)
    skipped: set[str] = field(default_factory=set)  # files that could not be linted: their entries stand
    hidden: int = 0  # findings not reported because they are baselined (or being recorded)
    by_path: dict[str, list[tuple[str, str, str]]] | None = field(default=None, repr=False)  # known, per file

    def _known_in(self, where: str) -> list[tuple[str, str, str]]:
        """The baselined groups of one file (an index, so each file costs its own entries only)."""
        if self.by_path is None:
            self.by_path = {}
            for group in self.known:
                self.by_path.setdefault(group[0], []).append(group)
        return self.by_path.get(where, [])

    @property
    def active(self) -> bool:
        return self.read_from is not None or self.write_to is not None

    def _base(self, path: Path | None) -> Path:
        return (path.parent if path else Path.cwd()).resolve()

    def process(self, report: FileReport, selects: Selector | None = None, text: str | None = None) -> None:
        """Drop baselined findings from ``report`` (or all of them when writing a baseline).
        ``text``: the file's content the findings refer to, when fixes have not been written yet."""
        if not self.active:
            return
        keys = finding_keys(report, text)
        where = _path_key(report.path, self._base(self.write_to or self.read_from))
        if report.problems:
            self.skipped.add(where)
        else:
            self.covered[where] = selects
        if self.write_to is not None:
            self.recorded.update((where, *key) for key in keys)
            self.hidden += len(report.findings)
            report.findings = []
            return
        groups: dict[tuple[str, str, str], list[int]] = {}
        for i, (code, flagged, _, _) in enumerate(keys):
            groups.setdefault((where, code, flagged), []).append(i)
        keep = [True] * len(report.findings)
        for group, members in groups.items():
            members.sort(key=lambda i: keys[i][2])
            baselined, spare = match(self.known.get(group, []), [keys[i][3] for i in members])
            for i, hidden in zip(members, baselined, strict=True):
                keep[i] = not hidden
            self.left[group] = spare
        for group in self._known_in(where):
            if group not in groups:
                self.left[group] = len(self.known[group])
        self.hidden += keep.count(False)
        report.findings = [finding for finding, kept in zip(report.findings, keep, strict=True) if kept]

    def _under_paths(self, file: Path) -> bool:
        for raw in self.paths:
            root = Path(raw).resolve()
            if file == root or root in file.parents:
                return True
        return False

    def fixed(self) -> int:
        """Baselined findings gone: in files linted now (for codes still selected), or in deleted files."""
        if self.read_from is None:
            return 0
        base = self._base(self.read_from)
        count = 0
        for group, contexts in self.known.items():
            where, code = group[0], group[1]
            if where in self.covered:
                selects = self.covered[where]
                if selects is None or selects(code):
                    count += self.left.get(group, 0)
            elif where not in self.skipped:
                file = (base / where).resolve()
                count += len(contexts) if not file.exists() and self._under_paths(file) else 0
        return count

    def still_present(self) -> int:
        """Baselined findings seen again in this run."""
        return sum(
            len(contexts) - self.left.get(group, 0)
            for group, contexts in self.known.items()
            if group[0] in self.covered
        )

    def finish(self) -> str:
        """Write the baseline when asked; the words the summary line adds."""
        if self.write_to is not None:
            base = self._base(self.write_to)
            kept: set[Entry] = set()
            # other files' entries stay while those files exist: a partial run prunes only what it saw
            if self.write_to.exists():
                try:
                    previous = read_baseline(self.write_to)
                except BaselineError:
                    previous = set()
                kept = {
                    entry
                    for entry in previous
                    if (entry[0] in self.skipped or entry[0] not in self.covered) and (base / entry[0]).exists()
                }
            write_baseline(self.write_to, kept | self.recorded)
            total = len(kept | self.recorded)
            return f"wrote {total} finding{'s' if total != 1 else ''} to {self.write_to}"
        if self.read_from is not None:
            fixed = self.fixed()
            text = f"{self.hidden} baselined, {fixed} baselined finding{'s' if fixed != 1 else ''} fixed"
            if fixed:
                text += f" (prune them with --write-baseline {self.read_from})"
            return text
        return ""


def ratchet_for(read_from: Path | None, write_to: Path | None, paths: Sequence[str]) -> Ratchet:
    """The run's baseline handling; raises BaselineError when the baseline to read is unusable."""
    ratchet = Ratchet(None if write_to else read_from, write_to, tuple(paths))
    if ratchet.read_from is not None:
        for path, code, text, _, context in sorted(read_baseline(ratchet.read_from)):
            ratchet.known.setdefault((path, code, text), []).append(context)
    return ratchet
