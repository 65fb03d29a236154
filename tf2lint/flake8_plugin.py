"""flake8 front-end: registered under the ``flake8.extension`` entry point with the code prefix TF."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from typing import Any

from tf2lint import __version__
from tf2lint.collector import collector_paused
from tf2lint.lint import get_catalogue, lint_tree, log
from tf2lint.target import TargetError, parse_target


class Flake8Plugin:
    """flake8 passes the tree it already parsed and the file's lines (by parameter name)."""

    name = "tf2lint"
    version = __version__
    target: str | None = None

    def __init__(self, tree: ast.AST, lines: Sequence[str]) -> None:
        self.tree = tree
        self.lines = lines

    @classmethod
    def add_options(cls, parser: Any) -> None:
        parser.add_option(
            "--tf-target",
            default=None,
            parse_from_config=True,
            metavar="VERSION",
            help="TensorFlow 2.x release the code must run on (default: the newest tf2lint knows)",
        )

    @classmethod
    def parse_options(cls, option_manager: Any, options: Any, args: Any) -> None:
        """A bad ``--tf-target`` (flag or config file) stops flake8 with one usage error, exit 2:
        flake8 has no public way for a plugin to reject a value, so this uses its argparse parser's
        ``error`` (an exception here would be a traceback; a per-file warning would be ignored)."""
        try:
            cls.target = parse_target(getattr(options, "tf_target", None))
        except TargetError as exc:
            option_manager.parser.error(f"--tf-target: {exc}")

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        # flake8 does not catch exceptions from run(): one would end the whole run, so none escape.
        try:
            with collector_paused():  # restored after: see tf2lint.collector
                found = lint_tree(self.tree, self.lines, get_catalogue(self.target))
        except Exception:
            log.exception("tf2lint: internal error; no findings for this file")
            return
        for diagnostic in found:
            yield diagnostic.line, diagnostic.col, f"{diagnostic.code} {diagnostic.message}", type(self)
