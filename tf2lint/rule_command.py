"""``tf2lint rule CODE``: a rule's documentation in the terminal, the same text as its rules.md section.

The code may be given as ``TF101``, ``tf101``, the pylint symbol ``tf1-session`` or the pylint
message id ``W6601``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

EXIT_CLEAN, EXIT_ERROR = 0, 2


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="tf2lint rule", description="Explain a tf2lint code.")
    parser.add_argument("code", metavar="CODE", help="a code (TF101), pylint symbol (tf1-session) or id (W6601)")
    if any(arg == "--all" for arg in argv):
        print(
            "tf2lint rule: error: --all is not supported: every rule is documented in rules.md "
            "(python -m tf2lint.docs prints it); give one CODE",
            file=sys.stderr,
        )
        return EXIT_ERROR
    options = parser.parse_args(argv)

    from tf2lint.docs import render_rule
    from tf2lint.pylint_plugin_ids import message_id
    from tf2lint.rules import ALL_RULES

    wanted = options.code.strip()
    for rule in ALL_RULES:
        if wanted.upper() in (rule.code, message_id(rule.code)) or wanted.lower() == rule.symbol:
            print(render_rule(rule).rstrip("\n"))
            return EXIT_CLEAN
    prefixed = [rule.code for rule in ALL_RULES if wanted and rule.code.startswith(wanted.upper())]
    if prefixed:
        print(
            f"tf2lint rule: error: {wanted!r} is a prefix of {len(prefixed)} codes "
            f"({', '.join(prefixed[:8])}{', ...' if len(prefixed) > 8 else ''}); give one code",
            file=sys.stderr,
        )
    else:
        print(f"tf2lint rule: error: unknown code {wanted!r}; rules.md lists every code", file=sys.stderr)
    return EXIT_ERROR
