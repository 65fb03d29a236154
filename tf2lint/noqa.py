"""``# noqa`` for the tf2lint command and ``--fix``, with flake8's own semantics.

flake8 (and so our flake8 plugin) and pylint (``# pylint: disable=``) apply their own suppression;
this module is only for the ``tf2lint`` command, so that a line silenced for flake8 is silenced for
the command and is never edited by ``--fix``. As in flake8 7:

- ``# noqa`` anywhere in the line (case-insensitive) silences every code on it;
- ``# noqa: TF101,TF9`` (codes separated by commas or spaces) silences those codes and any code
  they are a prefix of; a malformed list (``# noqa:TF 101``) keeps what it can parse;
- the line searched is the finding's line joined with the other lines of the same token run: a
  multi-line string or a backslash continuation counts as one line, brackets do not;
- a line that is only ``# flake8: noqa`` silences the whole file.
"""

from __future__ import annotations

import re
import tokenize
from collections.abc import Sequence

NOQA = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)
_SEPARATOR = re.compile(r"[,\s]")


def _line_map(lines: Sequence[str], wanted: set[int]) -> dict[int, str]:
    """For each wanted line number, the text flake8 would search for ``noqa``."""
    found: dict[int, str] = {}
    try:
        low, high = len(lines) + 2, -1
        for token in tokenize.generate_tokens(iter(lines).__next__):
            if token.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            low, high = min(low, token.start[0]), max(high, token.end[0])
            if token.type in (tokenize.NL, tokenize.NEWLINE):
                if any(number in wanted for number in range(low, high + 1)):
                    joined = "".join(lines[low - 1 : high])
                    for number in range(low, high + 1):
                        found[number] = joined
                low, high = len(lines) + 2, -1
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass  # flake8 then has no mapping either; fall back to the physical line below
    return found


def suppressed(lines: Sequence[str], findings: Sequence[tuple[int, str]]) -> set[int]:
    """Indexes into ``findings`` (each ``(line, code)``) that a ``noqa`` comment silences."""
    if not findings or not any("noqa" in line.lower() for line in lines):
        return set()
    if any(NOQA_FILE.match(line) for line in lines):
        return set(range(len(findings)))
    noqa_lines = {number for number, line in enumerate(lines, 1) if "noqa" in line.lower()}
    wanted = {line for line, _ in findings}
    mapping = _line_map(lines, wanted) if noqa_lines else {}
    silenced = set()
    for index, (line, code) in enumerate(findings):
        text = mapping.get(line)
        if text is None:
            text = lines[line - 1] if 1 <= line <= len(lines) else ""
        match = NOQA.search(text)
        if match is None:
            continue
        codes = match.group("codes")
        if codes is None:
            silenced.add(index)
            continue
        listed = tuple(item.strip() for item in _SEPARATOR.split(codes) if item.strip())
        if code in listed or code.startswith(listed):
            silenced.add(index)
    return silenced
