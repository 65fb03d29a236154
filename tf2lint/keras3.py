"""The TF 2.16 step: ``tf.keras`` became Keras 3. What of a Keras 2 code base breaks there.

Three sources, all active only when the target release ships Keras 3 (the table's ``keras3_from``):

- names: the generated diff of ``tf.keras`` between the last Keras 2 and the target's Keras 3
  (``ApiTable.keras_status``), plus hand rules on names whose Keras 3 stub fails on use
  (``optimizers.legacy.*`` still imports but raises);
- keywords of ``tf.keras`` calls (``Adam(lr=...)``) and literal paths (``load_model("export_dir")``);
- methods on objects: ``fit_generator`` & co. exist nowhere but on Keras 2 models, so any receiver
  counts; ``save``/``save_weights``/``minimize``/``lr`` are common names, so they count only where the
  file itself shows the receiver is a Keras model or optimizer (``m = tf.keras.Sequential(...)``).
  A model passed in as a parameter or returned by a function cannot be known and is not flagged.

Code written for Keras 3 is never flagged: standalone ``keras`` is not TensorFlow (the engine never
resolves it), and every ``tf.keras`` name Keras 3 still exports is silent.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tf2lint.changes import Change, KerasGone, KerasMoved
from tf2lint.diagnostic import Diagnostic
from tf2lint.source import SourceLines

if TYPE_CHECKING:
    from tf2lint.api_table import ApiTable
    from tf2lint.catalogue import Catalogue
    from tf2lint.engine import Reference
    from tf2lint.rule import Rule

KERAS = "tensorflow.keras"
SAVED_FILE = (".keras", ".h5", ".hdf5")


# -- what the file shows about receivers --------------------------------------------------------

# Keywords Keras 2's Model methods took (some through **kwargs) that Keras 3's signatures lack.
_LOADER_KEYWORDS = ("workers", "use_multiprocessing", "max_queue_size")
MODEL_KEYWORDS = {
    "fit": _LOADER_KEYWORDS,
    "evaluate": _LOADER_KEYWORDS,
    "predict": _LOADER_KEYWORDS,
    "compile": ("sample_weight_mode", "target_tensors", "experimental_run_tf_function", "distribute"),
}
KERAS_ONLY_KEYWORDS = frozenset(
    {"use_multiprocessing", "max_queue_size", "sample_weight_mode", "target_tensors", "experimental_run_tf_function"}
)
MODEL_FACTORIES = frozenset({"Sequential", "Model", "load_model", "clone_model", "model_from_json"})
OPTIMIZER_MODULES = ("tensorflow.keras.optimizers.", "tensorflow.keras.mixed_precision.")


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _object_kind(qualified: str) -> str:
    """ "model" or "optimizer" for a tf.keras factory or class, else ""."""
    if not qualified.startswith(KERAS + "."):
        return ""
    leaf = qualified.rpartition(".")[2]
    if leaf in MODEL_FACTORIES or (qualified.startswith(KERAS + ".applications.") and leaf[:1].isupper()):
        return "model"
    if qualified.startswith(OPTIMIZER_MODULES) and leaf[:1].isupper() and ".schedules." not in qualified:
        return "optimizer"
    return ""


_TF_IMPORT = re.compile(r"^[ \t]*(?:import[ \t]+tensorflow|from[ \t]+tensorflow[\w.]*[ \t]+import)\b")
_CLASS = re.compile(r"^[ \t]*class[ \t]+(\w+)[ \t]*\((.*)\)[ \t]*:")
_SHAPE_METHOD = re.compile(r"^[ \t]*def[ \t]+(?:build|compute_output_shape)[ \t]*\([ \t]*self[ \t]*,[ \t]*(\w+)")
_ASSIGN = re.compile(r"^[ \t]*([A-Za-z_][\w.]*)[ \t]*(?::[^=]*)?=[ \t]*([A-Za-z_][\w.]*)[ \t]*\(")


def receivers(lines: Sequence[str]) -> dict[str, str]:
    """Receivers (``model``, ``self.model``) the file assigns a tf.keras model or optimizer to.

    Flow-insensitive and file-wide on purpose: it answers "does this file show it". One pass of
    line patterns, not a second parse: this runs in every file that calls ``.save(`` and the like."""
    aliases: dict[str, str] = {}
    classes: list[tuple[str, str]] = []
    assignments: list[tuple[str, str]] = []
    shapes: set[str] = set()  # parameters of build()/compute_output_shape() (flow-insensitive)
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if "tensorflow" in line and _TF_IMPORT.match(line):
            text = line.strip()
            while "(" in text and ")" not in text and index < len(lines):  # from x import (a,\n b)
                text += " " + lines[index].strip()
                index += 1
            _read_import(text.rstrip("\\"), aliases)
        elif "class" in line and (match := _CLASS.match(line)):
            classes.append((match.group(1), match.group(2)))
        elif "def" in line and (match := _SHAPE_METHOD.match(line)):
            shapes.add(match.group(1))
        elif "=" in line and (match := _ASSIGN.match(line)):
            assignments.append((match.group(1), match.group(2)))

    def qualify(dotted: str) -> str:
        root, _, rest = dotted.partition(".")
        base = aliases.get(root)
        return "" if base is None else f"{base}.{rest}" if rest else base

    model_classes: set[str] = set()
    for name, bases in classes:  # in source order, so a subclass of a subclass counts too
        if any(
            _object_kind(qualify(base.strip())) == "model" or base.strip() in model_classes for base in bases.split(",")
        ):
            model_classes.add(name)
    found: dict[str, str] = {}
    # Keras 3 passes build() and compute_output_shape() a tuple, not a TensorShape: the parameter
    # counts only in files that subclass a tf.keras class.
    all_bases = [base.strip() for _, listed in classes for base in listed.split(",")]
    if shapes and any(qualify(base).startswith(KERAS + ".") for base in all_bases):
        found.update(dict.fromkeys(shapes, "shape"))
    for target, func in assignments:
        kind = _object_kind(qualify(func)) or ("model" if func in model_classes else "")
        if kind:
            found[target] = kind
    return found


def _read_import(text: str, aliases: dict[str, str]) -> None:
    try:
        tree = ast.parse(text.split(";")[0].split("#")[0])
    except SyntaxError:
        return
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "tensorflow":
                    aliases[alias.asname or "tensorflow"] = alias.name if alias.asname else "tensorflow"
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"


# -- the checker --------------------------------------------------------------------------------


class Keras3:
    """The Keras 3 rules for one catalogue (one target); inactive before the target has Keras 3."""

    def __init__(self, rules: Sequence[Rule], table: ApiTable) -> None:
        self.table = table
        first = table.keras3_from
        self.active = first is not None and table.index >= table.positions[first]
        self.rules = [rule for rule in rules if rule.code.startswith("TFK")] if self.active else []
        by_code = {rule.code: rule for rule in self.rules}
        self.gone_rule = by_code.get("TFK101")
        self.moved_rule = by_code.get("TFK102")
        self.names: dict[str, tuple[Rule, Change]] = {}
        self.keywords: dict[str, tuple[Rule, Change]] = {}  # keyword of a tf.keras optimizer -> rule
        self.methods: dict[str, Rule] = {}
        for rule in self.rules:
            for name, new in rule.names.items():
                if name.startswith(("keras.", "compat.v1.keras.")):
                    self.names[name] = (rule, rule.change_for(new))
            for keyword in rule.call_keywords.get("keras.optimizers.*", ()):
                self.keywords[keyword] = (rule, rule.change_for())
            for method in rule.methods:
                self.methods[method] = rule
        self.path_rules = {
            name: rule
            for rule in self.rules
            for name in rule.call_keywords
            if name.startswith("keras.") and not name.endswith("*")
        }
        self.mixed_rule = by_code.get("TFK207")
        self._imports_checked: SourceLines | None = None
        self._interesting: dict[str, bool] = {}
        self._receivers: tuple[SourceLines | None, dict[str, str]] = (None, {})

    # names --------------------------------------------------------------------------------------

    def interesting(self, qualified: str) -> bool:
        """Whether a tensorflow.keras reference may produce a finding (cached per name)."""
        found = self._interesting.get(qualified)
        if found is None:
            name = qualified[len("tensorflow.") :]
            found = self.active and (
                self._hand(name) is not None
                or self.table.keras_status(name) is not None
                or name in self.path_rules
                or (name.startswith("keras.optimizers.") and bool(self.keywords))
            )
            self._interesting[qualified] = found
        return found

    def _hand(self, name: str) -> tuple[Rule, str, Change] | None:
        candidate = name
        while "." in candidate:
            hit = self.names.get(candidate)
            if hit is not None:
                return hit[0], candidate, hit[1]
            candidate = candidate.rpartition(".")[0]
        return None

    def check_reference(self, ref: Reference, source: SourceLines, catalogue: Catalogue) -> list[Diagnostic]:
        name = ref.qualified[len("tensorflow.") :]
        found: list[Diagnostic] = []
        hand = self._hand(name)
        status = self.table.keras_status(name)
        if hand is not None and status is not None and status[1] and len(status[0]) > len(hand[1]):
            hand = None  # the table knows the member (a move) more precisely than a module-wide rule
        if hand is not None:
            rule, reported, change = hand
            node = ref.node_for(reported.count(".") + 2)
            found.append(catalogue.diagnostic(rule, node, f"tf.{reported}", change, source, ref))
        elif status is not None:
            reported, moved = status
            node = ref.node_for(reported.count(".") + 2)
            if moved and reported.startswith("compat.v1.") and self.gone_rule is not None:
                # The v1 object (initializers_v1, ...) may differ from the Keras 3 one: advice, no fix.
                advice = KerasGone(f"use tf.{moved}")
                found.append(catalogue.diagnostic(self.gone_rule, node, f"tf.{reported}", advice, source, ref))
            elif moved and self.moved_rule is not None:
                moved_to = KerasMoved(f"tf.{moved}")
                found.append(catalogue.diagnostic(self.moved_rule, node, f"tf.{reported}", moved_to, source, ref))
            elif self.gone_rule is not None:
                found.append(catalogue.diagnostic(self.gone_rule, node, f"tf.{reported}", KerasGone(), source, ref))
        call = ref.call
        if call is None or ref.is_import:
            return found
        plain = name.removeprefix("compat.v1.")  # Keras 3 serves tf.compat.v1.keras as tf.keras
        if plain.startswith("keras.optimizers.") and ".schedules." not in plain:
            for keyword in call.keywords:
                hit = self.keywords.get(keyword.arg or "")
                if hit is not None:
                    rule, change = hit
                    found.append(
                        catalogue.diagnostic(
                            rule, keyword, f"tf.{name}({keyword.arg}=...)", change, source, None, keyword
                        )
                    )
        path_rule = self.path_rules.get(plain)
        if path_rule is not None:
            position = 1 if "save_model" in name else 0  # save_model(model, path), load_model(path)
            found.extend(self._path_check(path_rule, f"tf.{name}", call, source, catalogue, position))
        return found

    # methods ------------------------------------------------------------------------------------

    def check_method(
        self, rule: Rule, node: ast.Attribute, call: ast.Call | None, source: SourceLines, catalogue: Catalogue
    ) -> list[Diagnostic]:
        method = node.attr
        if method in MODEL_KEYWORDS:
            return self._model_keywords(rule, node, call, source, catalogue)
        need = rule.receiver_kind
        if need:
            receiver = _dotted(node.value)
            if receiver is None or self._kinds(source).get(receiver) != need:
                return []
        old = f"{_dotted(node.value) or rule.receiver}.{method}"
        if method in ("save", "save_weights"):
            if call is None:
                return []
            return self._path_check(rule, old + "()", call, source, catalogue, 0)
        if method == "add_weight":
            first = call.args[0] if call is not None and call.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                return []
        new = rule.methods.get(method, "")
        old += "()" if call is not None else ""
        return [catalogue.diagnostic(rule, node, old, rule.change_for(new), source)]

    def _model_keywords(
        self, rule: Rule, node: ast.Attribute, call: ast.Call | None, source: SourceLines, catalogue: Catalogue
    ) -> list[Diagnostic]:
        """Keywords Keras 3's fit/evaluate/predict/compile reject: on a receiver the file shows is a
        tf.keras model, or on any receiver for keywords no other library's fit takes."""
        if call is None or not call.keywords:
            return []
        receiver = _dotted(node.value)
        known = receiver is not None and self._kinds(source).get(receiver) == "model"
        found = []
        for keyword in call.keywords:
            arg = keyword.arg or ""
            if arg in MODEL_KEYWORDS[node.attr] and (known or arg in KERAS_ONLY_KEYWORDS):
                old = f"{receiver or 'model'}.{node.attr}({arg}=...)"
                found.append(catalogue.diagnostic(rule, keyword, old, rule.change_for(), source))
        return found

    def _kinds(self, source: SourceLines) -> dict[str, str]:
        cached_source, kinds = self._receivers
        if cached_source is not source:
            # Every tf.keras model or optimizer the scan could find is spelled with "keras" somewhere
            # (tf.keras..., from tensorflow import keras, tensorflow.keras...): without it, none.
            kinds = receivers(source.lines) if "keras" in source.whole else {}
            self._receivers = (source, kinds)
        return kinds

    def _path_check(
        self, rule: Rule, old: str, call: ast.Call, source: SourceLines, catalogue: Catalogue, position: int
    ) -> list[Diagnostic]:
        """A literal file path Keras 3 refuses (no ``.keras``/``.h5``; ``.weights.h5`` for weights), or a
        ``save_format=`` other than those; a path held in a variable cannot be known and is not flagged."""
        path = (
            call.args[position]
            if len(call.args) > position
            else next((keyword.value for keyword in call.keywords if keyword.arg == "filepath"), None)
        )
        # Keras 3.12+ also writes sharded weights to *.weights.json (save_weights(max_shard_size=...)).
        endings = (".weights.h5", ".weights.json") if "weights" in old else SAVED_FILE
        found = []
        text = path.value if isinstance(path, ast.Constant) and isinstance(path.value, str) else None
        literal = text is not None
        if path is not None and text is not None and not text.endswith(endings):
            found.append(catalogue.diagnostic(rule, path, f"{old} with {text!r}", rule.change_for(), source))
        for keyword in call.keywords:
            # With a .keras/.h5 path Keras 3 only warns about save_format=; with any other path it
            # raises, and a path in a variable may be either.
            if (
                keyword.arg == "save_format"
                and not literal
                and not (isinstance(keyword.value, ast.Constant) and keyword.value.value in ("keras", "h5"))
            ):
                found.append(catalogue.diagnostic(rule, keyword, f"{old} with save_format=", rule.change_for(), source))
        return found

    def check_imports(self, source: SourceLines, catalogue: Catalogue) -> list[Diagnostic]:
        """Once per file (at its first TensorFlow import): a tf_keras import mixed with Keras 3."""
        if self._imports_checked is source or self.mixed_rule is None:
            return []
        self._imports_checked = source
        where = mixed_imports(source.whole)
        if where is None:
            return []
        line, col = where
        node = ast.Name("tf_keras", lineno=line, col_offset=col, end_lineno=line, end_col_offset=col + len("tf_keras"))
        return [catalogue.diagnostic(self.mixed_rule, node, "tf_keras", self.mixed_rule.change_for(), source)]


# -- mixing Keras 3 with tf_keras ---------------------------------------------------------------

_IMPORT = re.compile(r"^[ \t]*(?:import|from)[ \t]+(tf_keras|keras)\b", re.M)


def mixed_imports(text: str) -> tuple[int, int] | None:
    """(line, column) of a ``tf_keras`` import in a file that also imports Keras 3 (``keras``), or
    uses ``tf.keras`` without setting TF_USE_LEGACY_KERAS: the two Keras packages' objects cannot
    be mixed in one model."""
    if "tf_keras" not in text:
        return None
    found = {match.group(1): match for match in _IMPORT.finditer(text)}
    legacy = found.get("tf_keras")
    if legacy is None:
        return None
    if "keras" not in found and ("TF_USE_LEGACY_KERAS" in text or not re.search(r"\.keras\b|tensorflow\.keras", text)):
        return None
    line = text.count("\n", 0, legacy.start(1)) + 1
    return line, legacy.start(1) - (text.rfind("\n", 0, legacy.start(1)) + 1)
