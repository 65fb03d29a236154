"""``tf2lint server``: a Language Server Protocol server over stdio, for quick fixes in the editor.

The protocol side needs pygls and lsprotocol, an optional extra (``pip install 'tf2lint[server]'``)
so that flake8 and pylint users do not pull them in; nothing here imports them until the server runs.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

INSTALL_HINT = "tf2lint: error: the language server needs pygls and lsprotocol: pip install 'tf2lint[server]'"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tf2lint server",
        description="Run the tf2lint language server on stdin/stdout (started by your editor's LSP client).",
    )
    parser.add_argument(
        "--stdio", action="store_true", help="talk LSP over stdin/stdout (the default and only transport)"
    )
    parser.add_argument(
        "--log-level",
        choices=("error", "warning", "info", "debug"),
        default="warning",
        help="what the server logs to stderr (default: warning)",
    )
    options = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        from tf2lint.server.protocol import serve
    except ImportError as exc:
        if exc.name and exc.name.split(".")[0] in ("pygls", "lsprotocol", "cattrs", "attrs"):
            print(INSTALL_HINT, file=sys.stderr)
            return 2
        raise
    logging.basicConfig(
        stream=sys.stderr, level=options.log_level.upper(), format="%(name)s: %(levelname)s: %(message)s"
    )
    return serve()
