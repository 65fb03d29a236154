"""One linted document (a file or a notebook cell) as the server last saw it."""

from __future__ import annotations

import hashlib
import io
import tokenize
from dataclasses import dataclass, field
from functools import cached_property

from tf2lint.diagnostic import Diagnostic
from tf2lint.server.positions import LineIndex


@dataclass
class Linted:
    uri: str
    version: int | None
    text: str
    lines: LineIndex
    diagnostics: list[Diagnostic] = field(default_factory=list)
    python: str | None = None  # the text as Python (IPython masked in notebook cells), when it differs
    notebook: str | None = None  # URI of the notebook a cell belongs to
    settings_key: str = ""  # the effective settings the findings were made with (see settings.fingerprint)

    @cached_property
    def result_id(self) -> str:
        """Names this result for pull diagnostics: the same text, version and settings give the same
        id, so a client asking again with it is told "unchanged" instead of getting the list again."""
        digest = hashlib.blake2b(digest_size=12)
        for part in (str(self.version), self.settings_key, self.text):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return f"{self.version}-{digest.hexdigest()}"

    @cached_property
    def commentable_lines(self) -> frozenset[int]:
        """1-based lines whose end is outside any string and not continued with a backslash, so
        a trailing ``# noqa`` there is a comment (computed on first use: only code actions need it)."""
        readline = io.StringIO(self.python if self.python is not None else self.text, newline="").readline
        rows = set()
        try:
            for token in tokenize.generate_tokens(readline):
                if token.type in (tokenize.NEWLINE, tokenize.NL):
                    rows.add(token.start[0])
        except (tokenize.TokenError, SyntaxError, ValueError):
            pass
        return frozenset(rows)
