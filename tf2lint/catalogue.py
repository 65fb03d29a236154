"""Match resolved TensorFlow references against the rules and the generated API table.

Order of precedence, for a reference spelled without ``tf.compat.v1``: a hand-written rule on the
longest matching 1.x name or module; else the generated table (renamed / compat-only / gone). Uses
through ``tf.compat.v1`` still run in 2.x, so they get the "still on compat" codes, unless the target
release dropped them from ``tf.compat.v1`` too, in which case they are as broken as plain 1.x.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence

from tf2lint.api_table import COMPAT, GONE, PRESENT, RENAMED, ApiTable, Status, api_table
from tf2lint.diagnostic import Diagnostic, Edit
from tf2lint.engine import Checker, Reference
from tf2lint.fixes import keep_comments, keyword_fix
from tf2lint.rule import Rule
from tf2lint.rules import ALL_RULES, generated
from tf2lint.source import SourceLines

COMPAT_PREFIX = "tensorflow.compat.v1"


def split_name(qualified: str) -> tuple[str, bool, int] | None:
    """``tensorflow.compat.v1.layers.dense`` -> ("layers.dense", True, 3): 1.x name, via compat, prefix parts."""
    if qualified.startswith(COMPAT_PREFIX):
        rest = qualified[len(COMPAT_PREFIX):]
        if rest == "":
            return "", True, 3
        return (rest[1:], True, 3) if rest[0] == "." else None
    if qualified.startswith("tensorflow."):
        rest = qualified[len("tensorflow."):]
        if rest.startswith(("compat.", "python.", "keras.")) or rest in {"compat", "keras"}:
            return None  # compat.v2, private internals and tf.keras are 2.x-safe or out of scope
        return rest, False, 1
    return None


def prefixes(name: str) -> Iterable[str]:
    """``a.b.c``, ``a.b``, ``a``: longest first."""
    while name:
        yield name
        name = name.rpartition(".")[0]


def display(name: str, via_compat: bool) -> str:
    base = "tf.compat.v1" if via_compat else "tf"
    return f"{base}.{name}" if name else base


class Catalogue(Checker):
    """Index of every rule, built once per (rules, target) and shared across files."""

    def __init__(self, rules: Sequence[Rule] = ALL_RULES, table: ApiTable | None = None) -> None:
        self.rules = list(rules)
        self.table = table or api_table()
        self._v1_file_codes = frozenset(rule.code for rule in self.rules if rule.only_in_v1_files)
        self.names: dict[str, list[tuple[Rule, str]]] = {}
        self.modules: dict[str, list[tuple[Rule, str]]] = {}
        self.compat_names: dict[str, list[tuple[Rule, str]]] = {}
        self.keywords: dict[str, tuple[Rule, str]] = {}
        self.call_keywords: dict[str, dict[str, Rule]] = {}
        self.positional: dict[str, Rule] = {}
        method_rules: dict[str, tuple[Rule, str]] = {}
        for rule in self.rules:
            names = self.compat_names if rule.via_compat else self.names
            for name, new in rule.names.items():
                names.setdefault(name, []).append((rule, new))
            for module, new in rule.modules.items():
                self.modules.setdefault(module, []).append((rule, new))
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
        self._candidates: dict[str, tuple[tuple[Rule, str, str], ...]] = {}
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
                silent = True
            elif parts[1]:
                silent = False  # through tf.compat.v1: the full check decides
            else:
                name = parts[0]
                silent = (not self._hand_candidates(name) and self.table.status(name).kind == PRESENT
                          and name not in self.table.keywords and name not in self.table.positional
                          and name not in self.call_keywords)
            self._silent[qualified] = silent
        if silent and call is not None and self._any_call_keywords:
            return not any(keyword.arg in self._any_call_keywords for keyword in call.keywords)
        return silent

    # -- references --------------------------------------------------------------------------

    def check_reference(self, ref: Reference, source: SourceLines) -> list[Diagnostic]:
        parts = split_name(ref.qualified)
        if parts is None:
            return []
        name, via_compat, offset = parts
        if via_compat:
            return self._check_compat(ref, name, offset, source)
        found = self._hand_rule(ref, name, offset, source) or self._table_rule(ref, name, offset, source)
        if ref.call is None or ref.is_import:
            return [found] if found else []
        if found is not None:  # the name itself is gone: only hand-written keyword rules add anything
            return [found, *self._check_call(ref, name, source, table=False)]
        return self._check_call(ref, name, source)

    def _hand_candidates(self, name: str) -> tuple[tuple[Rule, str, str], ...]:
        """Hand-written rules that may match a 1.x name, best first, as (rule, name to report, new).

        Depends on the name only, so it is cached: real files repeat the same few hundred names.
        """
        cached = self._candidates.get(name)
        if cached is None:
            found: list[tuple[Rule, str, str]] = []
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
        for rule, reported, new in self._hand_candidates(name):
            if (not rule.imports_only or ref.is_import) and (rule.when is None or rule.when(ref)):
                return self._name_diagnostic(rule, ref, reported, offset, new, False, source)
        return None

    def _table_rule(self, ref: Reference, name: str, offset: int, source: SourceLines) -> Diagnostic | None:
        status = self.table.status(name)
        if status.kind == PRESENT:
            return None
        rule = {RENAMED: generated.RENAMED, COMPAT: generated.COMPAT_ONLY, GONE: generated.REMOVED}[status.kind]
        new = {RENAMED: f"tf.{status.new}", COMPAT: f"tf.compat.v1.{status.name}", GONE: ""}[status.kind]
        return self._name_diagnostic(rule, ref, status.name, offset, new, False, source, status)

    def _check_compat(self, ref: Reference, name: str, offset: int, source: SourceLines) -> list[Diagnostic]:
        for candidate in prefixes(name) if name else ("",):
            for rule, new in self.compat_names.get(candidate, ()):
                if rule.imports_only and not ref.is_import:
                    continue
                return [self._name_diagnostic(rule, ref, candidate, offset, new, True, source)]
        if not name:
            return []
        status = self.table.status(name)
        if status.kind == GONE:
            hand = self._hand_rule(ref, name, offset, source)
            if hand is not None:
                return [hand]
            return [self._name_diagnostic(generated.REMOVED, ref, status.name, offset, "", True, source, status)]
        if status.kind in (COMPAT, RENAMED):
            advice = self._advice(status)
            return [self._name_diagnostic(generated.STILL_COMPAT, ref, status.name, offset, advice, True, source)]
        return []

    def _advice(self, status: Status) -> str:
        """The 2.x way for a name that still runs through tf.compat.v1."""
        if status.kind == RENAMED:
            return f"tf.{status.new}"
        for rule, _, new in self._hand_candidates(status.name):
            return new or rule.replacement
        return "its TF 2.x equivalent"

    def _name_diagnostic(self, rule: Rule, ref: Reference, name: str, offset: int, new: str, via_compat: bool,
                         source: SourceLines, status: Status | None = None) -> Diagnostic:
        node = ref.node_for(offset + name.count(".") + 1 if name else offset)
        status = status or (self.table.status(name) if not via_compat and name else None)
        edits: tuple[Edit, ...] = ()
        if status is not None and status.kind == RENAMED and status.name == name and not via_compat:
            new = new or f"tf.{status.new}"  # same object under a new name: the rewrite is certain
            edits = self._rename_edits(ref, node, "tensorflow." + status.new, source)
        return self.diagnostic(rule, node, display(name, via_compat), new, edits, source)

    @staticmethod
    def _rename_edits(ref: Reference, node: ast.AST, new_qualified: str, source: SourceLines) -> tuple[Edit, ...]:
        """Rewrite ``T.log`` as ``T.math.log``: keep the file's own alias for the root of the chain."""
        if ref.is_import:
            return ()
        root_parts, root_node = ref.root
        root_qualified = ".".join(ref.qualified.split(".")[:root_parts])
        if not new_qualified.startswith(root_qualified + "."):
            return ()
        text = source.text(root_node) + new_qualified[len(root_qualified):]
        line, col, end_line, end_col = source.span(node)
        return (Edit(line, col, end_line, end_col, text),)

    # -- calls -------------------------------------------------------------------------------

    def _check_call(self, ref: Reference, name: str, source: SourceLines, table: bool = True) -> list[Diagnostic]:
        call = ref.call
        assert call is not None
        found: list[Diagnostic] = []
        removed = self.table.removed_keywords(name) if table else {}
        specific = self.call_keywords.get(name, {})
        anywhere = self.call_keywords.get("*", {})
        for keyword in call.keywords:
            arg = keyword.arg
            if arg is None:
                continue
            rule = specific.get(arg) or anywhere.get(arg)
            if rule is not None:
                edits = tuple(rule.fix(ref, keyword, source)) if rule.fix else ()
                found.append(keyword_fix(self.diagnostic(rule, keyword, f"tf.{name}({arg}=...)", "", edits, source),
                                         self.table, name, call, keyword, source))
            elif arg in removed:
                found.append(keyword_fix(self._removed_keyword(name, keyword, *removed[arg], source),
                                         self.table, name, call, keyword, source))
        if table:
            found.extend(self._check_positional(ref, name, source))
        return found

    def _removed_keyword(self, name: str, keyword: ast.keyword, rename: str | None, certain: bool,
                         source: SourceLines) -> Diagnostic:
        arg = keyword.arg or ""
        hand = self.keywords.get(arg)
        rule = hand[0] if hand is not None and hand[1] == rename else generated.REMOVED_KEYWORD
        edits: tuple[Edit, ...] = ()
        if rename and certain:
            line, col, _, _ = source.span(keyword)
            edits = (Edit(line, col, line, col + len(arg), rename),)
        new = f"{rename}=" if rename else "drop it (see the 2.x signature)"
        if rename and rule is generated.REMOVED_KEYWORD:
            new = "use " + new
        return self.diagnostic(rule, keyword, f"tf.{name}({arg}=...)", new, edits, source)

    def _check_positional(self, ref: Reference, name: str, source: SourceLines) -> list[Diagnostic]:
        call = ref.call
        assert call is not None
        count = 0
        for arg in call.args:
            if isinstance(arg, ast.Starred):
                break
            count += 1
        hand = self.positional.get(name)
        change = self.table.positional_change(name)
        if not count or change is None:
            return []
        old, new = change
        for index in range(min(count, len(old), len(new))):
            # A slot whose parameter moved (not merely renamed) changes what the argument means.
            if old[index] != new[index] and (old[index] in new or new[index] in old):
                rule = hand or generated.POSITIONAL
                text = f"argument {index + 1} of tf.{name} ({old[index]} in 1.x)"
                edits = tuple(rule.fix(ref, call.args[index], source)) if hand and rule.fix else ()
                return [self.diagnostic(rule, call.args[index], text, new[index], edits, source)]
        return []

    # -- methods and output ------------------------------------------------------------------

    def check_method(self, node: ast.Attribute, call: ast.Call | None, source: SourceLines) -> list[Diagnostic]:
        rule, new = self.method_rules[node.attr]
        return [self.diagnostic(rule, node, f".{node.attr}()", new, (), source)]

    def diagnostic(self, rule: Rule, node: ast.AST, old: str, new: str, edits: tuple[Edit, ...],
                   source: SourceLines) -> Diagnostic:
        target = self.table.target
        line, col, end_line, end_col = source.span(node)
        edits = keep_comments(edits, source)
        message = rule.format(old, new, target)
        return Diagnostic(line, col, end_line, end_col, rule.code, message, new or rule.replacement, edits)

    def finish(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """Drop semantic-change findings from files that show no other 1.x use; sort."""
        v1_codes = self._v1_file_codes
        if v1_codes and all(diagnostic.code in v1_codes for diagnostic in diagnostics):
            return []
        return sorted(set(diagnostics), key=lambda d: (d.line, d.col, d.code, d.end_line, d.end_col, d.message))
