"""pylint front-end: ``--load-plugins=tf2lint.pylint_plugin``.

One checker per TF family so pylint's rule that a checker's message ids share their two "checker"
digits holds: TF<h><nn> becomes W<65+h><nn> (TF101 -> W6601), inside the id ranges no pylint
component uses. The engine runs once per module; each family checker reports its own codes.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from astroid import nodes
from pylint.checkers import BaseChecker
from pylint.constants import WarningScope

from tf2lint.collector import collector_paused
from tf2lint.diagnostic import Diagnostic
from tf2lint.lint import get_catalogue, lint_source, log
from tf2lint.pylint_plugin_ids import message_id
from tf2lint.rules import ALL_RULES, FAMILIES
from tf2lint.target import TargetError, parse_target

if TYPE_CHECKING:
    from pylint.lint import PyLinter

_last: tuple[Any, list[Diagnostic]] = (None, [])
PYLINT_USAGE_ERROR = 32  # pylint's exit status for a bad option


def module_diagnostics(node: nodes.Module, target: str | None) -> list[Diagnostic]:
    """Lint a module once, however many family checkers ask for it."""
    global _last
    if _last[0] is node:
        return _last[1]
    try:
        with node.stream() as stream:
            data = stream.read()
        if b"tensorflow" not in data:
            return []  # pylint reports syntax errors itself; nothing else to do without TensorFlow
        catalogue = get_catalogue(target)
        with collector_paused():  # restored after: see tf2lint.collector
            found = lint_source(data, catalogue).diagnostics
    except Exception:  # never take pylint down: log and report nothing for this module
        log.exception("tf2lint: could not lint %s", getattr(node, "file", node.name))
        found = []
    _last = (node, found)
    return found


class FamilyChecker(BaseChecker):
    """Reports one TF family's findings; subclasses set name, family and msgs."""

    family = ""

    def visit_module(self, node: nodes.Module) -> None:
        try:
            target = parse_target(getattr(self.linter.config, "tf_target", None))
        except TargetError:
            return  # reported once by load_configuration as config-parse-error; nothing per module
        for found in module_diagnostics(node, target):
            if found.code.startswith(self.family):
                self.add_message(
                    message_id(found.code),
                    line=found.line,
                    col_offset=found.col,
                    end_lineno=found.end_line,
                    end_col_offset=found.end_col,
                    args=(found.message,),
                )


def _checker_class(family: str, title: str) -> type[FamilyChecker]:
    msgs = {
        message_id(rule.code): (
            "%s",
            rule.symbol,
            f"{rule.code} ({rule.title}). {rule.why} Use instead: {rule.replacement or 'see the message'}.",
            {"scope": WarningScope.LINE},
        )
        for rule in ALL_RULES
        if rule.family == family
    }
    attributes: dict[str, Any] = {
        "name": f"tf2lint-{family.lower()}xx",
        "family": family,
        "msgs": msgs,
        "__doc__": f"tf2lint: {title}.",
    }
    if family == "TF0":
        attributes["options"] = (
            (
                "tf-target",
                {
                    "default": None,
                    "type": "string",
                    "metavar": "<version>",
                    "help": "TensorFlow 2.x release the code must run on (default: newest known)",
                },
            ),
        )
    return type(f"{family}Checker", (FamilyChecker,), attributes)


CHECKERS = [
    _checker_class(family, title)
    for family, title in FAMILIES.items()
    if any(rule.family == family for rule in ALL_RULES)
]


def register(linter: PyLinter) -> None:
    for checker in CHECKERS:
        linter.register_checker(checker(linter))


def load_configuration(linter: PyLinter) -> None:
    """pylint's hook after the configuration file and command line are read. A bad ``tf-target``
    ends the run as pylint ends it for an unrecognised option: one ``pylint: error:`` line and exit
    status 32 (pylint's usage error). A message instead would not do: pylint resets its counts when
    checking starts, so the run would still score 10/10 and exit 0 with tf2lint silently off."""
    try:
        parse_target(getattr(linter.config, "tf_target", None))
    except TargetError as exc:
        print(f"pylint: error: tf-target: {exc}", file=sys.stderr)
        sys.exit(PYLINT_USAGE_ERROR)
