"""An index from 1.x names to change kinds (``tf2lint.changes``), and one precedence rule.

Precedence, for a reference spelled without ``tf.compat.v1``: a hand-written rule on the longest
matching 1.x name or module, else the generated table (renamed / replaced / compat-only / gone); a
rename the table proves (the same object under a 2.x name) is the change reported either way, under
the hand rule's code when one matched. Uses through ``tf.compat.v1`` still run in 2.x, so they get the
"still on compat" codes, unless the target release dropped them from ``tf.compat.v1`` too, in which
case they are as broken as plain 1.x. Each finding's message, fix and applicability come from its
change value.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from dataclasses import replace

from tf2lint.api_table import (
    COMPAT,
    GONE,
    PRESENT,
    RENAMED,
    ApiTable,
    Status,
    api_table,
)
from tf2lint.changes import (
    Applicability,
    Change,
    CompatOnly,
    KeywordDeprecated,
    KeywordRemoved,
    KeywordRenamed,
    PositionalChanged,
    PositionalRemoved,
    PrivateModuleGone,
    RemovedBefore1,
    RemovedEverywhere,
    Renamed,
    Replaced,
    Site,
    StillCompat,
    compat_edits,
)
from tf2lint.diagnostic import Diagnostic, Edit
from tf2lint.engine import Checker, Reference
from tf2lint.fixes import keep_comments, keyword_fix
from tf2lint.keras3 import Keras3
from tf2lint.rule import Rule
from tf2lint.rules import ALL_RULES, generated
from tf2lint.source import SourceLines

COMPAT_PREFIX = "tensorflow.compat.v1"
PRIVATE_PREFIX = "tensorflow.python."
KERAS_PREFIX = "tensorflow.keras"


def split_name(qualified: str) -> tuple[str, bool, int] | None:
    """``tensorflow.compat.v1.layers.dense`` -> ("layers.dense", True, 3): 1.x name, via compat, prefix parts."""
    if qualified.startswith(COMPAT_PREFIX):
        rest = qualified[len(COMPAT_PREFIX) :]
        if rest == "":
            return "", True, 3
        return (rest[1:], True, 3) if rest[0] == "." else None
    if qualified.startswith("tensorflow."):
        rest = qualified[len("tensorflow.") :]
        if rest.startswith(("compat.", "python.", "keras.")) or rest in {"compat", "keras"}:
            return None  # compat.v2, private internals and tf.keras are 2.x-safe or out of scope
        return rest, False, 1
    return None


def prefixes(name: str) -> Iterable[str]:
    """``a.b.c``, ``a.b``, ``a``: longest first."""
    while name:
        yield name
        name = name.rpartition(".")[0]


def tf_name(relative: str) -> str:
    """``math.ceil`` -> ``tf.math.ceil``; ``keras.layers.Dense`` -> ``tf.keras.layers.Dense``."""
    return "tf." + relative


def display(name: str, via_compat: bool) -> str:
    base = "tf.compat.v1" if via_compat else "tf"
    return f"{base}.{name}" if name else base


class Catalogue(Checker):
    """Index of every rule, built once per (rules, target) and shared across files."""

    def __init__(self, rules: Sequence[Rule] = ALL_RULES, table: ApiTable | None = None) -> None:
        self.table = table or api_table()
        self.rules = [rule for rule in rules if rule.applies_to(self.table.target)]
        self.keras3 = Keras3(self.rules, self.table)
        self._v1_file_codes = frozenset(rule.code for rule in self.rules if rule.only_in_v1_files)
        self.names: dict[str, list[tuple[Rule, Change]]] = {}
        self.modules: dict[str, list[tuple[Rule, Change]]] = {}
        self.compat_names: dict[str, list[tuple[Rule, Change]]] = {}
        self.keywords: dict[str, tuple[Rule, str]] = {}
        self.call_keywords: dict[str, dict[str, Rule]] = {}
        self.positional: dict[str, Rule] = {}
        method_rules: dict[str, tuple[Rule, str]] = {}
        for rule in self.rules:
            names = self.compat_names if rule.via_compat else self.names
            for name, new in rule.names.items():
                names.setdefault(name, []).append((rule, rule.change_for(new)))
            for module, new in rule.modules.items():
                self.modules.setdefault(module, []).append((rule, rule.change_for(new)))
            for keyword, new in rule.keywords.items():
                self.keywords[keyword] = (rule, new)
            for function, keywords in rule.call_keywords.items():
                for keyword in keywords:
                    self.call_keywords.setdefault(function, {})[keyword] = rule
            for function in rule.positional:
                self.positional[function] = rule
            for method, new in rule.methods.items():
                method_rules[method] = (rule, new)
        self.method_rules = method_rules
        self.methods = frozenset(method_rules)
        self._candidates: dict[str, tuple[tuple[Rule, str, Change], ...]] = {}
        self._silent: dict[str, bool] = {}
        self._any_call_keywords = frozenset(self.call_keywords.get("*", {}))

    def knows(self, qualified: str) -> bool:
        """Whether a star-imported name is one tf2lint has something to say about."""
        parts = split_name(qualified)
        if parts is None:
            return False
        name = parts[0]
        return name in self.names or name in self.modules or name in self.table.names

    def is_broken(self, qualified: str | None) -> bool:
        if qualified is None:
            return False
        parts = split_name(qualified)
        if parts is None or parts[1] or not parts[0]:
            return False
        return bool(self._hand_candidates(parts[0])) or self.table.status(parts[0]).kind != PRESENT

    def is_silent(self, qualified: str, call: ast.Call | None) -> bool:
        """A cheap, cached answer for the common case: a TF name that is fine in 2.x, called with
        nothing that a keyword rule looks at. The engine then skips building a Reference at all."""
        silent = self._silent.get(qualified)
        if silent is None:
            parts = split_name(qualified)
            if parts is None:
                silent = not self._private_gone(qualified) and not (
                    qualified.startswith(KERAS_PREFIX) and self.keras3.interesting(qualified)
                )
            elif parts[1]:
                # Through tf.compat.v1: silent when no compat rule covers the name and the target
                # still has it under its own name (tf.compat.v1.reshape), as _check_compat decides.
                name = parts[0]
                silent = (
                    bool(name)
                    and not name.startswith("keras.")
                    and not any(candidate in self.compat_names for candidate in prefixes(name))
                    and self.table.status(name).kind == PRESENT
                )
            else:
                name = parts[0]
                silent = (
                    not self._hand_candidates(name)
                    and self.table.status(name).kind == PRESENT
                    and name not in self.table.keywords
                    and name not in self.table.positional
                    and name not in self.table.positional_limits
                    and name not in self.call_keywords
                )
            self._silent[qualified] = silent
        if silent and call is not None and self._any_call_keywords:
            return not any(keyword.arg in self._any_call_keywords for keyword in call.keywords)
        return silent

    # -- references --------------------------------------------------------------------------

    def check_reference(self, ref: Reference, source: SourceLines) -> list[Diagnostic]:
        parts = split_name(ref.qualified)
        if ref.is_import and self.keras3.active:
            mixed = self.keras3.check_imports(source, self)
            if mixed:
                return mixed + self.check_reference(ref, source)  # once per file: the cache is now set
        if parts is None:
            if ref.qualified.startswith(KERAS_PREFIX):
                return self.keras3.check_reference(ref, source, self)
            return self._check_private(ref, source)
        name, via_compat, offset = parts
        if via_compat and name.startswith("keras.") and self.keras3.active:
            return self.keras3.check_reference(ref, source, self)  # Keras 3 serves tf.compat.v1.keras too
        if via_compat:
            return self._check_compat(ref, name, offset, source)
        found = self._hand_rule(ref, name, offset, source) or self._table_rule(ref, name, offset, source)
        if ref.call is None or ref.is_import:
            return [found] if found else []
        if found is not None:  # the name itself is gone: only hand-written keyword rules add anything
            return [found, *self._check_call(ref, name, source, table=False)]
        return self._check_call(ref, name, source)

    def _private_gone(self, qualified: str) -> str | None:
        if not qualified.startswith(PRIVATE_PREFIX):
            return None
        return self.table.private_module_gone(qualified[len("tensorflow.") :])

    def _check_private(self, ref: Reference, source: SourceLines) -> list[Diagnostic]:
        """``tensorflow.python.*``: private modules are not API, but one the target wheel no longer
        ships fails on import."""
        module = self._private_gone(ref.qualified)
        if module is None:
            return []
        node = ref.node_for(module.count(".") + 2)
        change = PrivateModuleGone(generated.PRIVATE_MODULE.replacement)
        return [self.diagnostic(generated.PRIVATE_MODULE, node, f"tensorflow.{module}", change, source)]

    def _hand_candidates(self, name: str) -> tuple[tuple[Rule, str, Change], ...]:
        """Hand-written rules that may match a 1.x name, best first, as (rule, name to report, change).

        Depends on the name only, so it is cached: real files repeat the same few hundred names.
        """
        cached = self._candidates.get(name)
        if cached is None:
            found: list[tuple[Rule, str, Change]] = []
            for candidate in prefixes(name):
                found.extend((rule, candidate, new) for rule, new in self.names.get(candidate, ()))
                for rule, new in self.modules.get(candidate, ()):
                    # Point at the most specific name the table knows inside the module (tf.gfile.GFile).
                    known = self.table.status(name)
                    inside = known.kind != PRESENT and known.name.startswith(candidate + ".")
                    found.append((rule, known.name if inside else candidate, new))
            cached = self._candidates[name] = tuple(found)
        return cached

    def _hand_rule(self, ref: Reference, name: str, offset: int, source: SourceLines) -> Diagnostic | None:
        for rule, reported, change in self._hand_candidates(name):
            if (not rule.imports_only or ref.is_import) and (rule.when is None or rule.when(ref)):
                return self._name_diagnostic(rule, ref, reported, offset, change, False, source)
        return None

    def table_change(self, status: Status) -> tuple[Rule, Change]:
        """The generated rule and change for a 1.x name the target no longer has under that name."""
        if status.kind == RENAMED:
            return generated.RENAMED, Renamed(f"tf.{status.new}")
        successor = self.table.successor(status.name)
        if status.kind == COMPAT:
            if successor:
                return generated.COMPAT_ONLY, Replaced(tf_name(successor))
            return generated.COMPAT_ONLY, CompatOnly(f"tf.compat.v1.{status.name}")
        advice = f"use {tf_name(successor)}" if successor else ""
        early = status.name in self.table.removed_before_1_0
        # What became of the name itself, or of the 1.x name that replaced it before 1.0.
        later = self.table.removed_before_1_0.get(status.name) or status.name
        for _, _, change in self._hand_candidates(later):
            advice = advice or (f"use {change.new}" if isinstance(change, (Renamed, Replaced)) else change.new)
            break
        if not advice and later != status.name:
            advice = f"use tf.{later}, which is itself gone: " + self.table_change(self.table.status(later))[1].new
        if early:
            return generated.REMOVED, RemovedBefore1(advice)
        return generated.REMOVED, RemovedEverywhere(advice)

    def _table_rule(self, ref: Reference, name: str, offset: int, source: SourceLines) -> Diagnostic | None:
        status = self.table.status(name)
        if status.kind == PRESENT:
            return None
        rule, change = self.table_change(status)
        return self._name_diagnostic(rule, ref, status.name, offset, change, False, source)

    def _check_compat(self, ref: Reference, name: str, offset: int, source: SourceLines) -> list[Diagnostic]:
        for candidate in prefixes(name) if name else ("",):
            for rule, change in self.compat_names.get(candidate, ()):
                if rule.imports_only and not ref.is_import:
                    continue
                return [self._name_diagnostic(rule, ref, candidate, offset, change, True, source)]
        if not name:
            return []
        status = self.table.status(name)
        if status.kind == GONE:
            hand = self._hand_rule(ref, name, offset, source)
            if hand is not None:
                return [hand]
            rule, change = self.table_change(status)
            return [self._name_diagnostic(rule, ref, status.name, offset, change, True, source)]
        if status.kind in (COMPAT, RENAMED):
            change = StillCompat(self._advice(status))
            return [self._name_diagnostic(generated.STILL_COMPAT, ref, status.name, offset, change, True, source)]
        return []

    def _advice(self, status: Status) -> str:
        """The 2.x way for a name that still runs through tf.compat.v1."""
        if status.kind == RENAMED:
            return f"use tf.{status.new}"
        for _, _, change in self._hand_candidates(status.name):
            return f"use {change.new}" if isinstance(change, (Renamed, Replaced)) else change.new
        successor = self.table.successor(status.name)
        return f"use {tf_name(successor)}" if successor else ""

    def _name_diagnostic(
        self, rule: Rule, ref: Reference, name: str, offset: int, change: Change, via_compat: bool, source: SourceLines
    ) -> Diagnostic:
        node = ref.node_for(offset + name.count(".") + 1 if name else offset)
        if not via_compat and name:
            status = self.table.status(name)
            if status.kind == RENAMED and status.name == name:
                change = Renamed(f"tf.{status.new}")  # same object under a new name: the rewrite is certain
            elif change.base_applicability is not Applicability.SAFE:
                change = self._with_compat(ref, name, change)
        return self.diagnostic(rule, node, display(name, via_compat), change, source, ref)

    def _with_compat(self, ref: Reference, name: str, change: Change) -> Change:
        """``change`` with the tf.compat.v1 spelling of ``name`` when the target still has the whole
        name there (``--compat-fixes``): never for what the target dropped from compat.v1 too."""
        parts = split_name(ref.qualified)
        if parts is None:
            return change
        status = self.table.status(parts[0])
        if status.kind != COMPAT:
            return change
        if not (status.name == name or status.name.startswith(name + ".") or name.startswith(status.name + ".")):
            return change
        return replace(change, compat=f"tf.compat.v1.{name}")

    # -- calls -------------------------------------------------------------------------------

    def _check_call(self, ref: Reference, name: str, source: SourceLines, table: bool = True) -> list[Diagnostic]:
        call = ref.call
        assert call is not None
        found: list[Diagnostic] = []
        removed = self.table.removed_keywords(name) if table else {}
        deprecated = self.table.deprecated_keywords(name) if table else {}
        specific = self.call_keywords.get(name, {})
        anywhere = self.call_keywords.get("*", {})
        for keyword in call.keywords:
            arg = keyword.arg
            if arg is None:
                continue
            rule = specific.get(arg) or anywhere.get(arg)
            if rule is not None:
                diagnostic = self.diagnostic(
                    rule, keyword, f"tf.{name}({arg}=...)", rule.change_for(), source, ref, keyword
                )
                found.append(keyword_fix(diagnostic, self.table, name, call, keyword, source))
            elif arg in removed:
                found.append(
                    keyword_fix(
                        self._removed_keyword(name, keyword, *removed[arg], source),
                        self.table,
                        name,
                        call,
                        keyword,
                        source,
                    )
                )
            elif arg in deprecated:
                rename, certain = deprecated[arg]
                change = KeywordDeprecated(rename if rename and rename != arg else "", certain)
                diagnostic = self.diagnostic(
                    generated.DEPRECATED_KEYWORD, keyword, f"tf.{name}({arg}=...)", change, source, None, keyword
                )
                found.append(keyword_fix(diagnostic, self.table, name, call, keyword, source))
        if table:
            found.extend(self._check_positional(ref, name, source))
        return found

    def _removed_keyword(
        self, name: str, keyword: ast.keyword, rename: str | None, certain: bool, source: SourceLines
    ) -> Diagnostic:
        arg = keyword.arg or ""
        hand = self.keywords.get(arg)
        rule = hand[0] if hand is not None and hand[1] == rename else generated.REMOVED_KEYWORD
        change: Change
        if rename:
            change = KeywordRenamed(rename, certain)
        else:
            change = KeywordRemoved(
                f"delete it: tf.{name} in TF {self.table.target} has no such parameter and no replacement for it"
            )
        return self.diagnostic(rule, keyword, f"tf.{name}({arg}=...)", change, source, None, keyword)

    def _check_positional(self, ref: Reference, name: str, source: SourceLines) -> list[Diagnostic]:
        call = ref.call
        assert call is not None
        count = 0
        for arg in call.args:
            if isinstance(arg, ast.Starred):
                break
            count += 1
        hand = self.positional.get(name)
        slots = self.table.positional_change(name)
        limit = self.table.positional_limits.get(name) if self.table.index == len(self.table.versions) - 1 else None
        if count and limit is not None and count > limit[0] and count <= len(limit[1]):
            extra = limit[1][limit[0]]
            text = f"argument {limit[0] + 1} of tf.{name} ({extra} in 1.x)"
            removed = PositionalRemoved(
                f"pass it as {extra}=" if extra in limit[2] else f"delete it: tf.{name} has no {extra} parameter there"
            )
            return [self.diagnostic(generated.POSITIONAL, call.args[limit[0]], text, removed, source)]
        if not count or slots is None:
            return []
        old, new = slots
        for index in range(min(count, len(old), len(new))):
            # A slot whose parameter moved (not merely renamed) changes what the argument means.
            if old[index] != new[index] and (old[index] in new or new[index] in old):
                rule = hand or generated.POSITIONAL
                text = f"argument {index + 1} of tf.{name} ({old[index]} in 1.x)"
                change = rule.change_for() if hand else PositionalChanged(new[index])
                return [self.diagnostic(rule, call.args[index], text, change, source, ref if hand else None)]
        return []

    # -- methods and output ------------------------------------------------------------------

    def check_method(self, node: ast.Attribute, call: ast.Call | None, source: SourceLines) -> list[Diagnostic]:
        rule, new = self.method_rules[node.attr]
        if rule.receiver_kind or rule.code.startswith("TFK"):
            return self.keras3.check_method(rule, node, call, source, self)
        return [self.diagnostic(rule, node, f"{rule.receiver}.{node.attr}()", rule.change_for(new), source)]

    def diagnostic(
        self,
        rule: Rule,
        node: ast.AST,
        old: str,
        change: Change,
        source: SourceLines,
        ref: Reference | None = None,
        keyword: ast.keyword | None = None,
    ) -> Diagnostic:
        """The one place a finding is put together: message, replacement, fix and its applicability
        all come from the change; a rule's own fix function, if it has one, makes the edits."""
        line, col, end_line, end_col = source.span(node)
        message = change.message(old, rule.replacement, self.table.target)
        own = None
        if rule.fix is not None and ref is not None:
            own = tuple(rule.fix(ref, keyword if keyword is not None else node, source))
        site = Site(ref, node, source, keyword)
        edits, applicability = change.fix(site, own)
        edits = keep_comments(edits, source)
        fallback: tuple[Edit, ...] = ()
        if edits and applicability is Applicability.UNSAFE and change.compat and ref is not None:
            # What --compat-fixes alone applies instead: the tf.compat.v1 spelling.
            fallback = keep_comments(compat_edits(ref, node, change.compat, source), source)
        return Diagnostic(
            line,
            col,
            end_line,
            end_col,
            rule.code,
            message,
            change.new or rule.replacement,
            edits,
            change.kind,
            applicability.value,
            fallback,
        )

    def finish(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """Drop semantic-change findings from files that show no other 1.x use; sort."""
        v1_codes = self._v1_file_codes
        if v1_codes and all(diagnostic.code in v1_codes for diagnostic in diagnostics):
            return []
        return sorted(set(diagnostics), key=lambda d: (d.line, d.col, d.code, d.end_line, d.end_col, d.message))
