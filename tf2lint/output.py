"""Report formats: text (flake8-style), JSON lines, SARIF 2.1.0 and GitHub Actions annotations."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring_ascii as _quoted
from typing import IO, Any, TextIO

from tf2lint import __version__
from tf2lint.baseline import FINGERPRINT_NAME, fingerprints
from tf2lint.changes import tier
from tf2lint.diagnostic import Diagnostic
from tf2lint.rules import ALL_RULES
from tf2lint.runner import FileReport, Finding, Problem

RULES_URL = "https://github.com/tf2lint/tf2lint/blob/main/rules.md"
PARSE_ERROR, IO_ERROR, INTERNAL_ERROR = "E999", "E902", "E903"


def _problem_code(problem: Problem) -> str:
    if problem.internal:
        return INTERNAL_ERROR
    return IO_ERROR if problem.io_error else PARSE_ERROR


def _where(report: FileReport, cell: int | None) -> str:
    return f"{report.path}:cell {cell}" if cell is not None else str(report.path)


def in_file_order(report: FileReport) -> list[Problem | Finding]:
    """Problems and findings of one file by position (cell, line, column), so a notebook cell's
    syntax error is printed among that notebook's findings, where it is."""

    def position(item: Problem | Finding) -> tuple[int, int, int]:
        if isinstance(item, Problem):
            return (item.cell or 0, item.line, item.col)
        return (item.cell or 0, item.diagnostic.line, item.diagnostic.col)

    items: list[Problem | Finding] = [*report.problems, *report.findings]
    return sorted(items, key=position) if report.problems else items


# The text format's mark for a finding with a fix, after its code (ruff's ``[*]``), by tier: what
# ``--fix`` applies, and what it applies only with ``--unsafe-fixes`` or ``--compat-fixes``.
MARKERS = {"safe": "[*] ", "unsafe": "[*unsafe] ", "compat": "[*compat] "}
FLAGS = {"unsafe": "--unsafe-fixes", "compat": "--compat-fixes"}


def fix_tier(d: Diagnostic) -> str | None:
    """safe / unsafe / compat for a finding with a fix that can be applied, else None."""
    if not d.fix:
        return None
    name = tier(d.applicability)
    return name if name in MARKERS else None


def marker(d: Diagnostic) -> str:
    name = fix_tier(d)
    return MARKERS[name] if name else ""


def write_text(reports: Iterable[FileReport], out: TextIO) -> None:
    for report in reports:
        for item in in_file_order(report):
            if isinstance(item, Problem):
                out.write(
                    f"{_where(report, item.cell)}:{item.line}:{item.col + 1}: {_problem_code(item)} {item.message}\n"
                )
            else:
                d = item.diagnostic
                out.write(f"{_where(report, item.cell)}:{d.line}:{d.col + 1}: {d.code} {marker(d)}{d.message}\n")


def finding_record(report: FileReport, finding: Finding) -> dict[str, Any]:
    d = finding.diagnostic
    return {
        "path": str(report.path),
        "cell": finding.cell,
        "line": d.line,
        "column": d.col + 1,
        "end_line": d.end_line,
        "end_column": d.end_col + 1,
        "code": d.code,
        "message": d.message,
        "replacement": d.replacement,
        "fixable": d.fixable,
        "kind": d.kind or None,
        "applicability": fix_tier(d),
        "fix": [
            {"line": e.line, "column": e.col + 1, "end_line": e.end_line, "end_column": e.end_col + 1, "text": e.text}
            for e in d.fix
        ],
        "url": f"{RULES_URL}#{d.code.lower()}",
        "related": _related_records(d),
    }


def _related_records(d: Diagnostic) -> list[dict[str, Any]]:
    """The uses filed under a root cause and the merged parts of a construct (tf2lint.grouping).
    In a notebook their lines count over all code cells, as the GitHub format's lines do."""
    return [
        {"line": r.line, "column": r.col + 1, "end_line": r.end_line, "end_column": r.end_col + 1, "message": r.note}
        for r in d.related
    ]


def _sarif_related(d: Diagnostic, uri: str) -> list[dict[str, Any]]:
    return [
        {
            "id": number,
            "message": {"text": r.note},
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": {
                    "startLine": r.line,
                    "startColumn": r.col + 1,
                    "endLine": r.end_line,
                    "endColumn": r.end_col + 1,
                },
            },
        }
        for number, r in enumerate(d.related, start=1)
    ]


def write_json(reports: Iterable[FileReport], out: TextIO) -> None:
    """One JSON object per line, findings and problems alike (problems have "error": true)."""
    for report in reports:
        for item in in_file_order(report):
            if isinstance(item, Problem):
                out.write(
                    json.dumps(
                        {
                            "path": str(report.path),
                            "cell": item.cell,
                            "line": item.line,
                            "column": item.col + 1,
                            "code": _problem_code(item),
                            "message": item.message,
                            "error": True,
                        }
                    )
                    + "\n"
                )
            else:
                out.write(json.dumps(finding_record(report, item)) + "\n")


def _escape_property(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def write_github(reports: Iterable[FileReport], out: TextIO) -> None:
    """GitHub Actions workflow commands; notebook positions count lines over all code cells."""
    for report in reports:
        path = _escape_property(str(report.path))
        for problem in report.problems:
            out.write(
                f"::error file={path},line={problem.line},col={problem.col + 1},"
                f"title={_problem_code(problem)}::{_escape_data(problem.message)}\n"
            )
        for finding in report.findings:
            d = finding.diagnostic
            line = finding.notebook_line or d.line
            prefix = f"cell {finding.cell}: " if finding.cell is not None else ""
            out.write(
                f"::warning file={path},line={line},col={d.col + 1},endLine={line + d.end_line - d.line},"
                f"endColumn={d.end_col + 1},title={d.code}::{_escape_data(prefix + d.message)}\n"
            )


def _sarif_rules() -> list[dict[str, Any]]:
    return [
        {
            "id": rule.code,
            "name": rule.symbol,
            "shortDescription": {"text": rule.title},
            "fullDescription": {"text": rule.why},
            "help": {
                "text": f"{rule.why} Use instead: {rule.replacement or 'see the message'}.",
                "markdown": f"**{rule.code} {rule.title}.** {rule.why}\n\n"
                f"Use instead: {rule.replacement or 'see the message'}.",
            },
            "helpUri": f"{RULES_URL}#{rule.code.lower()}",
            "defaultConfiguration": {"level": "warning"},
            "properties": {"tags": ["tensorflow", "migration"]},
        }
        for rule in ALL_RULES
    ]


def _sarif_result(uri: str, finding: Finding, fingerprint: str, rule_index: int) -> dict[str, Any]:
    d = finding.diagnostic
    line = finding.notebook_line or d.line
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": "warning",
        "message": {"text": (f"cell {finding.cell}: " if finding.cell else "") + d.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {
                        "startLine": line,
                        "startColumn": d.col + 1,
                        "endLine": line + d.end_line - d.line,
                        "endColumn": d.end_col + 1,
                    },
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_NAME: fingerprint},
    }
    if d.related:
        result["relatedLocations"] = _sarif_related(d, uri)
    if fix_tier(d):
        result["properties"] = {"applicability": fix_tier(d), "kind": d.kind}
        result["fixes"] = [
            {
                "description": {"text": f"Replace with {d.replacement} ({fix_tier(d)} fix)"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": uri},
                        "replacements": [
                            {
                                "deletedRegion": {
                                    "startLine": e.line,
                                    "startColumn": e.col + 1,
                                    "endLine": e.end_line,
                                    "endColumn": e.end_col + 1,
                                },
                                "insertedContent": {"text": e.text},
                            }
                            for e in d.fix
                        ],
                    }
                ],
            }
        ]
    return result


def _sarif_notification(uri: str, problem: Problem) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": f"{uri}: {problem.message}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": max(problem.line, 1)},
                }
            }
        ],
    }


def _sarif_skeleton(results: Any, notifications: Any) -> dict[str, Any]:
    return {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tf2lint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": RULES_URL,
                        "rules": _sarif_rules(),
                    }
                },
                "results": results,
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
            }
        ],
    }


def _sarif_items(report: FileReport, rule_index: dict[str, int]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One file's SARIF results and tool notifications (its problems)."""
    uri = report.path.as_posix()
    results = [
        _sarif_result(uri, finding, fingerprint, rule_index[finding.diagnostic.code])
        for finding, fingerprint in zip(report.findings, fingerprints(report), strict=True)
    ]
    return results, [_sarif_notification(uri, problem) for problem in report.problems]


def sarif_log(reports: Iterable[FileReport]) -> dict[str, Any]:
    """A SARIF 2.1.0 log that GitHub code scanning accepts, rule metadata from the catalogue, built
    in memory (the command streams the same text with :class:`SarifWriter`)."""
    index = {rule.code: position for position, rule in enumerate(ALL_RULES)}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for report in reports:
        found, problems = _sarif_items(report, index)
        results += found
        notifications += problems
    return _sarif_skeleton(results, notifications)


_RESULTS_MARK, _NOTIFICATIONS_MARK = "\0tf2lint-sarif-results\0", "\0tf2lint-sarif-notifications\0"


def _indented(value: Any, margin: str, out: list[str]) -> None:
    """``value`` as ``json.dumps(value, indent=2)`` writes it at ``margin``, for the types a SARIF
    result holds. The standard encoder's indented form is pure Python and was half the time of a
    SARIF run; this is the same text, a few times faster."""
    if isinstance(value, str):
        out.append(_quoted(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = margin + "  "
        separator = "{\n"
        for key, item in value.items():
            out.append(separator + inner + _quoted(key) + ": ")
            _indented(item, inner, out)
            separator = ",\n"
        out.append("\n" + margin + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = margin + "  "
        separator = "[\n"
        for item in value:
            out.append(separator + inner)
            _indented(item, inner, out)
            separator = ",\n"
        out.append("\n" + margin + "]")
    elif value is None or isinstance(value, bool | int):
        out.append(json.dumps(value))
    else:
        raise TypeError(f"not written by the SARIF writer: {type(value).__name__}")


class _JsonList:
    """A JSON array written item by item, byte for byte as ``json.dump(..., indent=2)`` writes it
    inside a document, where ``margin`` is the indentation of the line holding the array."""

    def __init__(self, out: IO[str], margin: str) -> None:
        self.out, self.margin, self.count = out, margin, 0

    def add(self, item: Any) -> None:
        inner = self.margin + "  "
        parts = ["[\n" if not self.count else ",\n", inner]
        _indented(item, inner, parts)
        self.out.write("".join(parts))
        self.count += 1

    def close(self) -> None:
        self.out.write("\n" + self.margin + "]" if self.count else "[]")


def _split_at(text: str, mark: str) -> tuple[str, str, str]:
    """(text before the marked value, the indentation of its line, text after it)."""
    quoted = json.dumps(mark)
    position = text.index(quoted)
    line = text[text.rindex("\n", 0, position) + 1 : position]
    margin = line[: len(line) - len(line.lstrip(" "))]
    return text[:position], margin, text[position + len(quoted) :]


class SarifWriter:
    """Writes a SARIF log one file's results at a time, so memory does not grow with the files.

    The text is exactly ``json.dump(sarif_log(reports), out, indent=2)`` plus a newline. Results
    go straight to ``out``; the notifications (problems), which the log lists after every result,
    wait in a spooled temporary file (in memory until large)."""

    def __init__(self, out: TextIO) -> None:
        import tempfile

        self.out = out
        self.index = {rule.code: position for position, rule in enumerate(ALL_RULES)}
        text = json.dumps(_sarif_skeleton(_RESULTS_MARK, _NOTIFICATIONS_MARK), indent=2)
        self.head, results_margin, rest = _split_at(text, _RESULTS_MARK)
        self.middle, notes_margin, self.tail = _split_at(rest, _NOTIFICATIONS_MARK)
        self.held = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")
        self.results = _JsonList(out, results_margin)
        self.notifications = _JsonList(self.held, notes_margin)
        self.started = False

    def add(self, report: FileReport) -> None:
        if not self.started:
            self.out.write(self.head)
            self.started = True
        results, notifications = _sarif_items(report, self.index)
        for result in results:
            self.results.add(result)
        for notification in notifications:
            self.notifications.add(notification)

    def close(self) -> None:
        if not self.started:
            self.out.write(self.head)
        self.results.close()
        self.out.write(self.middle)
        self.notifications.close()
        self.held.seek(0)
        while chunk := self.held.read(1 << 16):
            self.out.write(chunk)
        self.held.close()
        self.out.write(self.tail + "\n")


def write_sarif(reports: Iterable[FileReport], out: TextIO) -> None:
    writer = SarifWriter(out)
    for report in reports:
        writer.add(report)
    writer.close()


class _EachReport:
    """A streaming writer for the formats that have no header or footer."""

    def __init__(self, write: Callable[[Iterable[FileReport], TextIO], None], out: TextIO) -> None:
        self.write, self.out = write, out

    def add(self, report: FileReport) -> None:
        self.write([report], self.out)

    def close(self) -> None:
        pass


def open_writer(name: str, out: TextIO) -> SarifWriter | _EachReport:
    """A writer for format ``name`` that takes one report at a time (``add``) and ends with ``close``."""
    if name == "sarif":
        return SarifWriter(out)
    return _EachReport(WRITERS[name], out)


WRITERS = {"text": write_text, "json": write_json, "sarif": write_sarif, "github": write_github}


def rule_title(code: str) -> str:
    titles = {rule.code: rule.title for rule in ALL_RULES}
    titles.update(
        {
            PARSE_ERROR: "file or cell does not parse",
            IO_ERROR: "file cannot be read",
            INTERNAL_ERROR: "internal error in tf2lint",
        }
    )
    return titles.get(code, "")


class Tally:
    """Running totals for the summary line, --statistics and the exit status, so reports can stream."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.tier_counts: Counter[tuple[str, str]] = Counter()  # (code, tier) of findings with a fix
        self.held: Counter[str] = Counter()  # findings whose fix needs a tier that is not enabled
        self.remaining = self.fixable = self.fixed = 0
        self.problems = 0  # files with at least one problem (a notebook with two broken cells is one)
        self.io_errors = self.internal_errors = 0

    def add(self, report: FileReport) -> None:
        self.fixed += report.fixed
        self.problems += bool(report.problems)
        self.io_errors += sum(1 for problem in report.problems if problem.io_error)
        self.internal_errors += sum(1 for problem in report.problems if problem.internal)
        for finding in report.findings:
            code = finding.diagnostic.code
            self.counts[code] += 1
            self.remaining += 1
            name = fix_tier(finding.diagnostic)
            if name is None:
                continue
            self.tier_counts[code, name] += 1
            if name in report.tiers or (finding.diagnostic.compat_fix and "compat" in report.tiers):
                self.fixable += 1  # by its own fix, or by the compat alternative of an unsafe one
            else:
                self.held[name] += 1

    def write_statistics(self, out: TextIO) -> None:
        """Count per code with the rule's title (flake8 prints the first message, which for a
        generated code names one function and misleads about the others)."""
        for code in sorted(self.counts):
            tiers = ", ".join(
                f"{self.tier_counts[code, name]} {name}" for name in MARKERS if self.tier_counts[code, name]
            )
            fixes = f" [fixable: {tiers}]" if tiers else ""
            out.write(f"{self.counts[code]:<5} {code} {rule_title(code)}{fixes}\n")

    def held_back(self) -> str:
        """ "K more fixable with --unsafe-fixes": fixes of tiers the run did not enable."""
        return ", ".join(f"{self.held[name]} more fixable with {FLAGS[name]}" for name in FLAGS if self.held[name])

    def summary(self, fixing: bool, diff: bool) -> str:
        fixable = [f"{self.fixable} fixable with --fix"] if self.fixable and not fixing else []
        if self.held_back():
            fixable.append(self.held_back())
        if diff:
            text = f"{self.fixed} would be fixed"
        elif fixing:
            text = f"{self.fixed} fixed, {self.remaining} left"
        else:
            text = f"{self.remaining} finding{'s' if self.remaining != 1 else ''}"
        if fixable:
            text += f" ({', '.join(fixable)})"
        if self.problems:
            text += f", {self.problems} file{'s' if self.problems != 1 else ''} could not be linted"
        return text
