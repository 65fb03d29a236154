"""One iterative pass over a module's tree: resolve names through imports, hand TF references to the catalogue.

The walk keeps an explicit stack (no recursion, so 500-deep expressions are fine) and dispatches on
the node's type. Function and lambda bodies are deferred to the end of the walk, as Python runs them
after the module has bound its names. Rules never see raw nodes that are not TensorFlow: they get a
:class:`Reference` with the fully qualified name already resolved.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from keyword import iskeyword
from typing import Any

from tf2lint.diagnostic import Diagnostic
from tf2lint.prefilter import HotLines, method_pattern
from tf2lint.scopes import Scope, import_bindings, is_tf
from tf2lint.source import SourceLines

GUARD_EXCEPTIONS = frozenset({"ImportError", "ModuleNotFoundError", "AttributeError"})
TF_FUNCTION_DECORATORS = frozenset(
    {
        "tensorflow.function",
        "tensorflow.compat.v1.function",
        "tensorflow.compat.v2.function",
        "tensorflow.contrib.eager.defun",
        "tensorflow.autograph.experimental.do_not_convert",
    }
)


@dataclass(slots=True)
class Context:
    """What the walk knows about the code around a node."""

    scope: Scope
    guarded: bool = False
    in_tf_function: bool = False


@dataclass(slots=True)
class Reference:
    """A use of a TensorFlow name: ``qualified`` is the full dotted name after import resolution.

    ``spans`` pairs a prefix length (in dotted parts) with the node that spells that prefix, so a
    rule matching ``tensorflow.contrib`` in ``tf.contrib.slim.arg_scope`` can point at ``tf.contrib``.
    """

    qualified: str
    spans: list[tuple[int, ast.AST]]
    call: ast.Call | None
    context: Context
    is_import: bool = False
    via_alias: bool = False  # the root name was bound by ``x = tf.something``, not by an import
    origin: ast.AST | None = None  # the node that bound the root name (import alias, assigned value)
    statement: ast.AST | None = None  # for an import: the import statement (what an import fix rewrites)

    def node_for(self, parts: int) -> ast.AST:
        """The node spelling the first ``parts`` dotted parts (or the shortest one covering them)."""
        for length, node in self.spans:
            if length >= parts:
                return node
        return self.spans[-1][1]

    @property
    def root(self) -> tuple[int, ast.AST]:
        return self.spans[0]


def _safe_fix(d: Diagnostic) -> bool:
    """A finding whose fix ``--fix`` applies stays its own; unsafe and compat fixes may join a call's."""
    return bool(d.fix) and (d.applicability or "safe") == "safe"


class Checker:
    """What the engine needs from the rule catalogue."""

    methods: frozenset[str]

    def check_reference(self, ref: Reference, source: SourceLines) -> list[Diagnostic]:
        raise NotImplementedError

    def check_method(self, node: ast.Attribute, call: ast.Call | None, source: SourceLines) -> list[Diagnostic]:
        raise NotImplementedError

    def is_broken(self, qualified: str | None) -> bool:
        """Whether a name bound by an import would fail under TF 2.x."""
        raise NotImplementedError

    def is_silent(self, qualified: str, call: ast.Call | None) -> bool:
        """Whether a reference certainly produces nothing (lets the engine skip building it)."""
        return False

    def knows(self, qualified: str) -> bool:
        """Whether a star-imported name is one the checker has something to say about."""
        raise NotImplementedError


class BoundName(str):
    """A qualified TF name that remembers the node that bound it (an import's alias, an assigned
    value), so a finding on a use can be filed under the finding at its binding (tf2lint.grouping).
    ``text`` is the same name as a plain ``str``, whose operations are faster than a subclass's."""

    origin: ast.AST | None = None
    text: str = ""


def bound_name(qualified: str, origin: ast.AST, kind: type[BoundName] = BoundName) -> BoundName:
    name = kind(qualified)
    name.origin = origin
    name.text = qualified
    return name


class AliasName(BoundName):
    """A qualified name bound by assignment (``flags = tf.app.flags``) rather than by an import."""

    __slots__ = ()


class _GuardMarks:
    """What a guarded ``try`` body changed: the old values and the values the body left."""

    __slots__ = ("after_body", "before")

    def __init__(self) -> None:
        self.before: dict[str, tuple[bool, str | None]] = {}
        self.after_body: dict[str, str | None] = {}


class _GuardMark:
    __slots__ = ("marks", "stage")

    def __init__(self, marks: _GuardMarks, stage: str) -> None:
        self.marks = marks
        self.stage = stage


class _Bind:
    """A deferred binding, so an assignment's value is resolved before its target is rebound."""

    __slots__ = ("name", "qualified")

    def __init__(self, name: str, qualified: str | None) -> None:
        self.name = name
        self.qualified = qualified


# Fields that never hold a node worth visiting (names, operators, contexts, flags).
_SCALAR_FIELDS = frozenset(
    {
        "ctx",
        "op",
        "ops",
        "id",
        "attr",
        "arg",
        "name",
        "module",
        "level",
        "kind",
        "type_comment",
        "is_async",
        "conversion",
        "lineno",
        "col_offset",
    }
)
# Nodes with nothing below them that a rule could care about: never pushed on the stack.
_LEAVES = frozenset({ast.Constant, ast.Pass, ast.Break, ast.Continue, ast.Global, ast.Nonlocal})
_FIELDS_BY_TYPE: dict[type, tuple[str, ...]] = {}
_IDENTIFIER = re.compile(r"[^\W\d]\w*")
_IMPORT = re.compile(r"\bimport\b")
_STATEMENTS = frozenset(cls for cls in vars(ast).values() if isinstance(cls, type) and issubclass(cls, ast.stmt))


def _walk_fields(node_type: type) -> tuple[str, ...]:
    fields = _FIELDS_BY_TYPE.get(node_type)
    if fields is None:
        fields = _FIELDS_BY_TYPE[node_type] = tuple(
            field for field in reversed(getattr(node_type, "_fields", ())) if field not in _SCALAR_FIELDS
        )
    return fields


def _child_nodes(node: ast.AST) -> list[ast.AST]:
    """Children in source order (used where a handler needs the generic list)."""
    children: list[ast.AST] = []
    for field in reversed(_walk_fields(type(node))):
        value = getattr(node, field, None)
        if isinstance(value, ast.AST):
            children.append(value)
        elif isinstance(value, list):
            children.extend(item for item in value if isinstance(item, ast.AST))
    return children


def _importable_names(line: str, after_import: bool) -> list[str]:
    """The identifiers of an import line that the statement could bind: those after ``import``
    (a ``from`` line's module path binds nothing), keywords left out."""
    if after_import:
        found = _IMPORT.search(line)
        if found is not None:
            line = line[found.end() :]
    return [word for word in _IDENTIFIER.findall(line) if not iskeyword(word)]


def _is_api_namespace(qualified: str | None) -> bool:
    """Whether a TF name is a module or class (whose attributes are TF's API), not an exported
    object such as ``FLAGS`` or a constant: TF spells those in capitals."""
    if qualified is None:
        return False
    last = qualified.rpartition(".")[2]
    return not (last.isupper() and len(last) > 1)


def _mark(diagnostic: Diagnostic, name: str, value: object) -> None:
    """Set one of the grouping marks (``bound_at``, ``construct``) on a finding the catalogue has
    just built for this walk and nobody else holds yet. The marks are outside comparison and
    hashing, so this is safe, and it is far cheaper than ``dataclasses.replace`` in the hot path."""
    object.__setattr__(diagnostic, name, value)


def _attribute_chain(node: ast.expr) -> tuple[ast.expr, list[ast.Attribute]]:
    """Split ``a.b.c`` into its root expression and the attribute nodes, innermost first."""
    attrs: list[ast.Attribute] = []
    while type(node) is ast.Attribute:
        attrs.append(node)
        node = node.value
    attrs.reverse()
    return node, attrs


class Walker:
    """Walks one tree; collects diagnostics from the checker for every TF reference it resolves."""

    def __init__(self, checker: Checker, source: SourceLines) -> None:
        self.checker = checker
        self.source = source
        self.diagnostics: list[Diagnostic] = []
        self.imports_tf = False
        self.has_star = False
        self.tf_names: set[str] = set()  # every local name bound to TensorFlow anywhere so far
        self._hot = HotLines(source.whole, source.lines)  # the statement pre-filter (see run)
        # Plain-name arguments of reported TF calls (``tf.logging.INFO`` in
        # ``tf.logging.set_verbosity(tf.logging.INFO)``): id(node) -> (call, index of the call's
        # findings in self.diagnostics, how many). See _join_construct.
        self._arguments: dict[int, tuple[ast.Call, int, int]] = {}
        self.method_uses: list[tuple[ast.Attribute, ast.Call | None, bool]] = []
        self.stack: list[tuple[object, Context]] = []
        self.deferred: list[tuple[object, Context]] = []

    # -- driving -----------------------------------------------------------------------------

    def run(self, tree: ast.AST) -> list[Diagnostic]:
        self._start_filter()
        stack = self.stack
        handlers = _HANDLERS
        Name, Load = ast.Name, ast.Load
        tf_names = self.tf_names  # grows during the walk (the same set object)
        flags = self._hot.flags  # marked during the walk too (the same bytearray)
        stack.append((tree, Context(Scope(node=tree))))
        while stack or self.deferred:
            if not stack:
                stack.extend(reversed(self.deferred))
                self.deferred.clear()
                continue
            node, ctx = stack.pop()
            node_type = type(node)
            if node_type in _STATEMENTS and not self.has_star:
                # The pre-filter: a statement none of whose lines names anything TF-bound, a
                # TF-only method or "tensorflow" can neither use TensorFlow nor rebind a TF name,
                # so its subtree is not walked. Inlined (it runs for every statement); most
                # statements are one line, whose flag is read directly.
                first, last = node.lineno, node.end_lineno or node.lineno  # type: ignore[attr-defined]
                if not flags[first - 1] if first == last else flags.find(1, first - 1, last) < 0:
                    continue
            if node_type is Name and type(node.ctx) is Load and not self.has_star:  # type: ignore[attr-defined]
                # Inlined fast path for the commonest node: a name that is not TensorFlow. A name
                # never bound to TensorFlow anywhere (not in tf_names) needs no scope lookup.
                if node.id in tf_names and ctx.scope.lookup(node.id) is not None:  # type: ignore[attr-defined]
                    self._chain(node, ctx, None)  # type: ignore[arg-type]
                continue
            handler = handlers.get(node_type)
            if handler is not None:
                handler(self, node, ctx)
                continue
            # The generic case, inlined because it runs for most nodes: push children in reverse.
            fields = _FIELDS_BY_TYPE.get(node_type) or _walk_fields(node_type)
            for field in fields:
                value = getattr(node, field, None)
                if type(value) is list:
                    for child in reversed(value):
                        if isinstance(child, ast.AST) and type(child) not in _LEAVES:
                            stack.append((child, ctx))
                elif isinstance(value, ast.AST) and type(value) not in _LEAVES:
                    stack.append((value, ctx))
        if self.imports_tf:
            for attr, call, guarded in self.method_uses:
                if not guarded:
                    self.diagnostics.extend(self.checker.check_method(attr, call, self.source))
        return self.diagnostics

    def _start_filter(self) -> None:
        """Mark the lines that can matter before the walk: every line that mentions tensorflow
        (imports, and anything spelling the module), the names those import lines may bind, and
        TF-only methods. Every name an import of tensorflow may bind is marked now, not when the
        import is walked, because a function body that uses it may be walked earlier than an
        import that binds it (``global tf`` in another function); a superset only costs walking a
        statement that turns out not to matter. Names bound by assignment are marked as they are
        bound (``_note_tf_name``)."""
        hot, lines = self._hot, self.source.lines
        inside = False
        last = -1
        for number in hot.lines_containing("tensorflow"):
            hot.mark_line(number)
            if number <= last:
                continue  # already read as part of a parenthesised import
            line = lines[number]
            if "import" not in line:
                continue
            self.tf_names.update(_importable_names(line, after_import=True))
            # The names of ``from tensorflow import (a,\n b)`` continue on the following lines.
            inside = "(" in line and ")" not in line
            last = number
            while inside and last + 1 < len(lines):
                last += 1
                hot.mark_line(last)
                self.tf_names.update(_importable_names(lines[last], after_import=False))
                inside = ")" not in lines[last]
        hot.mark_words(name for name in self.tf_names if name != "tensorflow")  # marked above
        hot.mark_pattern(method_pattern(self.checker.methods))

    def _note_tf_name(self, name: str) -> None:
        if name not in self.tf_names:
            self.tf_names.add(name)
            self._hot.mark_word(name)

    def _push(self, nodes: Sequence[object], ctx: Context) -> None:
        """Schedule nodes in source order; an item may be a ``(node, context)`` pair of its own."""
        stack = self.stack
        for node in reversed(nodes):
            stack.append(node if type(node) is tuple else (node, ctx))  # type: ignore[arg-type]

    def _emit(self, ref: Reference) -> None:
        if ref.context.guarded:
            return
        found = self.checker.check_reference(ref, self.source)
        if not found:
            return
        if ref.origin is not None:
            # A finding on the name itself (``slim`` or ``slim.conv2d``: it starts at the root name,
            # unlike the findings on a call's arguments) is a use of whatever bound that name: mark
            # where, so tf2lint.grouping can file it there, its own advice kept as the use's note.
            root: ast.Name = ref.spans[0][1]  # type: ignore[assignment]  # chains start at a Name
            start = None
            for diagnostic in found:
                if diagnostic.line == root.lineno:
                    start = start or self.source.span(root)[:2]
                    if (diagnostic.line, diagnostic.col) == start:
                        _mark(diagnostic, "bound_at", self.source.span(ref.origin))
        if self._arguments:
            owner = self._arguments.pop(id(ref.spans[-1][1]), None)
            if owner is not None:
                found = self._join_construct(owner, found)
        call = ref.call
        if call is not None:
            if len(found) > 1:  # a call with several findings is one construct (tf2lint.grouping)
                construct = self.source.span(call)
                for diagnostic in found:
                    _mark(diagnostic, "construct", construct)
            owner = (call, len(self.diagnostics), len(found))
            arguments = self._arguments
            for argument in call.args:
                if type(argument) is ast.Attribute or type(argument) is ast.Name:
                    arguments[id(argument)] = owner
            for keyword in call.keywords:
                if type(keyword.value) is ast.Attribute or type(keyword.value) is ast.Name:
                    arguments[id(keyword.value)] = owner
        self.diagnostics.extend(found)

    def _join_construct(self, owner: tuple[ast.Call, int, int], found: list[Diagnostic]) -> list[Diagnostic]:
        """A finding on a plain-name argument of a reported call with the same code as the call's
        (``tf.get_collection(tf.GraphKeys.UPDATE_OPS)``) belongs to the call's construct."""
        call, start, count = owner
        calls = self.diagnostics
        codes = {calls[index].code for index in range(start, start + count)}
        if not any(d.code in codes and not _safe_fix(d) and d.construct is None for d in found):
            return found
        construct = self.source.span(call)
        for index in range(start, start + count):
            if calls[index].construct is None:
                _mark(calls[index], "construct", construct)
        for d in found:
            if d.code in codes and not _safe_fix(d) and d.construct is None:
                _mark(d, "construct", construct)
        return found

    # -- name resolution ---------------------------------------------------------------------

    def resolve(self, node: ast.expr, ctx: Context) -> str | None:
        """The qualified TF name an expression stands for (a call resolves to its callee), else None."""
        if type(node) is ast.Call:
            node = node.func
        root, attrs = _attribute_chain(node)
        if type(root) is not ast.Name:
            return None
        qualified = ctx.scope.lookup(root.id)
        if not is_tf(qualified):
            return None
        return ".".join([qualified, *(attr.attr for attr in attrs)])  # type: ignore[list-item]

    def _chain(self, node: ast.expr, ctx: Context, call: ast.Call | None) -> None:
        """Resolve a Name/Attribute chain; report it if it is TF, else look for TF-only methods."""
        root, attrs = _attribute_chain(node)
        if type(root) is ast.Name:
            if type(root.ctx) is not ast.Load:
                self._bind(_Bind(root.id, None), ctx)
                return
            qualified = ctx.scope.lookup(root.id)
            if qualified is None and root.id not in ctx.scope.bindings:
                qualified = self._star_name(root.id, ctx)
            bound = qualified
            if type(bound) is not str and bound is not None:
                qualified = bound.text  # type: ignore[attr-defined]  # plain str: faster to work with
            if is_tf(qualified):
                full = ".".join([qualified, *(attr.attr for attr in attrs)])  # type: ignore[list-item]
                if self.checker.is_silent(full, call):
                    return
                base = qualified.count(".") + 1  # type: ignore[union-attr]
                spans: list[tuple[int, ast.AST]] = [(base, root)]
                spans.extend((base + index + 1, attr) for index, attr in enumerate(attrs))
                self._emit(
                    Reference(
                        full,
                        spans,
                        call,
                        ctx,
                        via_alias=type(bound) is AliasName,
                        origin=getattr(bound, "origin", None),
                    )
                )
                return
        else:
            self.stack.append((root, ctx))
        methods = self.checker.methods
        for index, attr in enumerate(attrs):
            if attr.attr in methods:
                is_callee = call is not None and index == len(attrs) - 1
                self.method_uses.append((attr, call if is_callee else None, ctx.guarded))

    def _star_name(self, name: str, ctx: Context) -> str | None:
        for candidate in ctx.scope.star_lookup(name):
            if self.checker.knows(candidate):
                return candidate
        return None

    # -- handlers ----------------------------------------------------------------------------

    def _import(self, node: ast.Import | ast.ImportFrom, ctx: Context) -> None:
        for alias, local, bound, imported in import_bindings(node):
            if is_tf(imported):
                self.imports_tf = True
                parts = imported.count(".") + 1  # type: ignore[union-attr]
                self._emit(
                    Reference(
                        imported,  # type: ignore[arg-type]  # is_tf() said it is a str
                        [(parts, alias)],
                        None,
                        ctx,
                        is_import=True,
                        statement=node,
                    )
                )
            if local is None:
                if is_tf(bound):
                    ctx.scope.star_modules.append(bound)  # type: ignore[arg-type]
                    self.has_star = True
            elif is_tf(bound):
                ctx.scope.bind(local, bound_name(bound, alias))  # type: ignore[arg-type]
                self._note_tf_name(local)
            else:
                ctx.scope.bind(local, None)

    def _name(self, node: ast.Name, ctx: Context) -> None:
        if type(node.ctx) is not ast.Load:
            ctx.scope.bind(node.id, None)
        elif self.has_star or (node.id in self.tf_names and ctx.scope.lookup(node.id) is not None):
            self._chain(node, ctx, None)  # most names are not TensorFlow: nothing to do for them

    def _attribute(self, node: ast.Attribute, ctx: Context) -> None:
        if not self._quick_skip(node, ctx):
            self._chain(node, ctx, None)

    def _quick_skip(self, node: ast.expr, ctx: Context) -> bool:
        """True when a Name/Attribute chain cannot matter: its root is not TF and no TF-only method
        appears in it. Most chains in most files end here, so this runs without building anything."""
        methods = self.checker.methods
        root = node
        while type(root) is ast.Attribute:
            if root.attr in methods:
                return False
            root = root.value  # type: ignore[assignment]
        if type(root) is ast.Name:
            return (
                type(root.ctx) is ast.Load
                and not self.has_star
                and (root.id not in self.tf_names or ctx.scope.lookup(root.id) is None)
            )
        self.stack.append((root, ctx))
        return True

    def _call(self, node: ast.Call, ctx: Context) -> None:
        stack = self.stack
        for keyword in reversed(node.keywords):
            stack.append((keyword.value, ctx))
        for arg in reversed(node.args):
            stack.append((arg, ctx))
        func = node.func
        if type(func) is ast.Name or type(func) is ast.Attribute:
            if not self._quick_skip(func, ctx):
                self._chain(func, ctx, node)
        else:
            stack.append((func, ctx))

    def _bind(self, node: _Bind, ctx: Context) -> None:
        ctx.scope.bind(node.name, node.qualified)
        if node.qualified is not None:
            self._note_tf_name(node.name)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, ctx: Context) -> None:
        in_tf_function = ctx.in_tf_function or any(
            self.resolve(decorator, ctx) in TF_FUNCTION_DECORATORS for decorator in node.decorator_list
        )
        body_ctx = self._function_scope(node, ctx, in_tf_function)
        self.deferred.extend((statement, body_ctx) for statement in node.body)
        outer: list[object] = [*node.decorator_list, *self._argument_parts(node.args)]
        if node.returns is not None:
            outer.append(node.returns)
        outer.append(_Bind(node.name, None))
        self._push(outer, ctx)

    def _lambda(self, node: ast.Lambda, ctx: Context) -> None:
        body_ctx = self._function_scope(node, ctx, ctx.in_tf_function)
        self.deferred.append((node.body, body_ctx))
        self._push(self._argument_parts(node.args), ctx)

    def _function_scope(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, ctx: Context, in_tf_function: bool
    ) -> Context:
        scope = Scope(ctx.scope, node=node)
        args = node.args
        for arg in (*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg):
            if arg is not None:
                scope.bindings[arg.arg] = None
        return Context(scope, ctx.guarded, in_tf_function)

    @staticmethod
    def _argument_parts(args: ast.arguments) -> list[ast.AST]:
        """Defaults and annotations: evaluated where the function is defined, not inside it."""
        parts: list[ast.AST] = [*args.defaults, *(value for value in args.kw_defaults if value is not None)]
        for arg in (*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg):
            if arg is not None and arg.annotation is not None:
                parts.append(arg.annotation)
        return parts

    def _class(self, node: ast.ClassDef, ctx: Context) -> None:
        body_ctx = Context(Scope(ctx.scope, is_class=True, node=node), ctx.guarded, ctx.in_tf_function)
        outer: list[object] = [*node.decorator_list, *node.bases, *(keyword.value for keyword in node.keywords)]
        self._push([*outer, *((statement, body_ctx) for statement in node.body), _Bind(node.name, None)], ctx)

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp, ctx: Context) -> None:
        inner = Context(Scope(ctx.scope), ctx.guarded, ctx.in_tf_function)
        items: list[object] = []
        for index, generator in enumerate(node.generators):
            items.append((generator.iter, ctx if index == 0 else inner))
            items.extend((part, inner) for part in (generator.target, *generator.ifs))
        elements = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        items.extend((element, inner) for element in elements)
        self._push(items, ctx)

    def _assign(self, node: ast.Assign, ctx: Context) -> None:
        targets: list[object] = list(node.targets)
        if len(targets) == 1 and type(targets[0]) is ast.Name:
            alias = self.resolve(node.value, ctx) if type(node.value) is not ast.Call else None
            if alias is not None:
                targets = [_Bind(targets[0].id, bound_name(alias, node.value, AliasName))]  # type: ignore[union-attr]
        self._push([node.value, *targets], ctx)

    def _ann_assign(self, node: ast.AnnAssign, ctx: Context) -> None:
        self._push([node.annotation, *([node.value] if node.value else []), node.target], ctx)

    def _aug_assign(self, node: ast.AugAssign, ctx: Context) -> None:
        self._push([node.value, node.target], ctx)

    def _named_expr(self, node: ast.NamedExpr, ctx: Context) -> None:
        self._push([node.value, node.target], ctx)

    def _for(self, node: ast.For | ast.AsyncFor, ctx: Context) -> None:
        self._push([node.iter, node.target, *node.body, *node.orelse], ctx)

    def _try(self, node: ast.Try, ctx: Context) -> None:
        if any(self._catches_missing_api(handler.type) for handler in node.handlers):
            guarded = Context(ctx.scope, True, ctx.in_tf_function)
            marks = _GuardMarks()
            self._push(
                [
                    (_GuardMark(marks, "start"), guarded),
                    *((statement, guarded) for statement in node.body),
                    (_GuardMark(marks, "body"), guarded),
                    *((handler, guarded) for handler in node.handlers),
                    (_GuardMark(marks, "end"), guarded),
                    *node.orelse,
                    *node.finalbody,
                ],
                ctx,
            )
        else:
            self._push(_child_nodes(node), ctx)

    def _guard_mark(self, mark: _GuardMark, ctx: Context) -> None:
        """Merge what a guarded try body and its fallback bind: the binding that works on TF 2.x wins.

        Only the names the body or the handlers changed are looked at (the scope's journal lists
        them), so a file with thousands of guards costs no more per guard than a file with one."""
        scope = ctx.scope
        marks = mark.marks
        if mark.stage == "start":
            scope.open_journal()
        elif mark.stage == "body":
            before = marks.before = scope.close_journal()
            bindings = scope.bindings
            marks.after_body = {name: bindings.get(name) for name in before}
            scope.restore(before)
            scope.open_journal()
        else:
            fallback_changes = scope.close_journal()
            bindings = scope.bindings
            before, after_body = marks.before, marks.after_body
            for name in before.keys() | fallback_changes.keys():
                fallback = bindings.get(name)
                preferred = after_body[name] if name in after_body else fallback_changes[name][1]
                if preferred != fallback and self.checker.is_broken(preferred):
                    preferred = fallback
                scope.bind_here(name, preferred)

    @staticmethod
    def _catches_missing_api(handler_type: ast.expr | None) -> bool:
        if handler_type is None:
            return False
        names = handler_type.elts if isinstance(handler_type, ast.Tuple) else [handler_type]
        return any(getattr(name, "id", getattr(name, "attr", None)) in GUARD_EXCEPTIONS for name in names)

    def _if(self, node: ast.If, ctx: Context) -> None:
        if self._is_feature_test(node.test, ctx):
            guarded = Context(ctx.scope, True, ctx.in_tf_function)
            self._push([node.test, *node.body, *node.orelse], guarded)
        else:
            self._push([node.test, *node.body, *node.orelse], ctx)

    def _is_feature_test(self, test: ast.expr, ctx: Context) -> bool:
        """``hasattr(tf.nn, ...)`` or a look at the TF version: the code adapts to the installed TF.

        Only a test of the TF API itself guards: ``hasattr``/``getattr`` on a TF module or class
        spelled as a name (not on the result of a call, and not on an exported object such as
        ``tf.app.flags.FLAGS``, whose attributes are the program's own flags), or a version look."""
        lines = self.source.lines
        first, last = test.lineno, getattr(test, "end_lineno", None) or test.lineno
        text = "".join(lines[first - 1 : last])
        if "hasattr" not in text and "getattr" not in text and "VERSION" not in text and "__version__" not in text:
            return False  # the cheap test first: If statements are common, feature tests are not
        for node in ast.walk(test):
            if type(node) is ast.Call and type(node.func) is ast.Name and node.func.id in {"hasattr", "getattr"}:
                if (
                    node.args
                    and type(node.args[0]) in (ast.Name, ast.Attribute)
                    and _is_api_namespace(self.resolve(node.args[0], ctx))
                ):
                    return True
            elif (
                type(node) is ast.Attribute
                and node.attr in {"__version__", "VERSION"}
                and self.resolve(node, ctx) is not None
            ):
                return True
        return False

    def _global(self, node: ast.Global, ctx: Context) -> None:
        ctx.scope.global_names.update(node.names)

    def _except_handler(self, node: ast.ExceptHandler, ctx: Context) -> None:
        items: list[object] = [node.type] if node.type is not None else []
        if node.name:
            items.append(_Bind(node.name, None))
        self._push([*items, *node.body], ctx)

    def _match_name(self, node: ast.MatchAs | ast.MatchStar, ctx: Context) -> None:
        pattern = getattr(node, "pattern", None)
        self._push([*([pattern] if pattern is not None else []), *([_Bind(node.name, None)] if node.name else [])], ctx)

    def _match_mapping(self, node: ast.MatchMapping, ctx: Context) -> None:
        self._push([*node.keys, *node.patterns, *([_Bind(node.rest, None)] if node.rest else [])], ctx)


# What the walk does with each node type: plain functions, looked up per node. A table of bound
# methods on each Walker would be a reference cycle (walker -> table -> method -> walker) that keeps
# the whole tree alive until the cyclic collector runs.
_HANDLERS: dict[type, Callable[[Walker, Any, Context], None]] = {
    ast.Import: Walker._import,
    ast.ImportFrom: Walker._import,
    ast.Name: Walker._name,
    ast.Attribute: Walker._attribute,
    ast.Call: Walker._call,
    ast.FunctionDef: Walker._function,
    ast.AsyncFunctionDef: Walker._function,
    ast.Lambda: Walker._lambda,
    ast.ClassDef: Walker._class,
    ast.ListComp: Walker._comprehension,
    ast.SetComp: Walker._comprehension,
    ast.GeneratorExp: Walker._comprehension,
    ast.DictComp: Walker._comprehension,
    ast.Assign: Walker._assign,
    ast.AnnAssign: Walker._ann_assign,
    ast.AugAssign: Walker._aug_assign,
    ast.NamedExpr: Walker._named_expr,
    ast.For: Walker._for,
    ast.AsyncFor: Walker._for,
    ast.Try: Walker._try,
    ast.If: Walker._if,
    ast.Global: Walker._global,
    ast.ExceptHandler: Walker._except_handler,
    ast.MatchAs: Walker._match_name,
    ast.MatchStar: Walker._match_name,
    ast.MatchMapping: Walker._match_mapping,
    _Bind: Walker._bind,
    _GuardMark: Walker._guard_mark,
}
if hasattr(ast, "TryStar"):
    _HANDLERS[ast.TryStar] = Walker._try
