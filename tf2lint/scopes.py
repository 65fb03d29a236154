"""Which TensorFlow object each local name stands for, as the walk goes through a file.

Bindings are flow-sensitive: a name means what its latest binding in the current scope (or the
nearest enclosing function/module scope) says. A binding of ``None`` means "not TensorFlow", which
is how ``tf = MyThing()`` or a parameter called ``tf`` shadows an import.
"""

from __future__ import annotations

import ast

TF_ROOT = "tensorflow"


class Scope:
    """One Python scope: module, class, function, lambda or comprehension."""

    __slots__ = ("_assigned", "bindings", "global_names", "is_class", "journals", "node", "parent", "star_modules")

    def __init__(self, parent: Scope | None = None, is_class: bool = False, node: ast.AST | None = None) -> None:
        self.bindings: dict[str, str | None] = {}
        self.parent = parent
        self.is_class = is_class
        self.global_names: set[str] = set()
        self.star_modules: list[str] = []
        # One journal per open guarded ``try`` in this scope: name -> (was bound, value) before the
        # first change inside it, so the guard can undo and merge only what changed (no copies).
        self.journals: list[dict[str, tuple[bool, str | None]]] = []
        self.node = node  # the module, function, lambda or class whose scope this is (None: comprehension)
        self._assigned: dict[str, list[ast.expr | None]] | None = None

    def module_scope(self) -> Scope:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def bind(self, name: str, qualified: str | None) -> None:
        if name in self.global_names:
            # ``global tf; import tensorflow as tf`` in a set-up function makes tf TensorFlow for the
            # module; other rebindings run at unknown times, so they do not erase the module's view.
            if qualified is not None:
                self.module_scope().bind_here(name, qualified)
            return
        self.bind_here(name, qualified)

    def bind_here(self, name: str, qualified: str | None) -> None:
        """Bind in this very scope, noting the old value for an open guard."""
        bindings = self.bindings
        if self.journals:
            journal = self.journals[-1]
            if name not in journal:
                journal[name] = (name in bindings, bindings.get(name))
        bindings[name] = qualified

    def open_journal(self) -> None:
        self.journals.append({})

    def close_journal(self) -> dict[str, tuple[bool, str | None]]:
        """End the innermost journal; the enclosing one inherits the old values it had not seen."""
        journal = self.journals.pop()
        if self.journals:
            outer = self.journals[-1]
            for name, old in journal.items():
                outer.setdefault(name, old)
        return journal

    def restore(self, journal: dict[str, tuple[bool, str | None]]) -> None:
        """Undo the changes a closed journal recorded (the enclosing journal already has them)."""
        bindings = self.bindings
        for name, (was_bound, old) in journal.items():
            if was_bound:
                bindings[name] = old
            else:
                bindings.pop(name, None)

    def lookup(self, name: str) -> str | None:
        """The qualified TensorFlow name ``name`` refers to here, or None."""
        scope: Scope | None = self
        first = True
        while scope is not None:
            if first or not scope.is_class:
                bindings = scope.bindings
                if name in bindings:
                    return bindings[name]
            first = False
            scope = scope.parent
        return None

    def assigned_values(self, name: str) -> list[ast.expr | None] | None:
        """Every value this scope's own code binds ``name`` to, wherever in the scope and in any
        order (None for a binding whose value is unknown: a parameter, loop target, import, ...);
        None when the scope never binds the name. Built on first use, once per scope."""
        if self._assigned is None:
            self._assigned = _own_bindings(self.node) if self.node is not None else {}
        return self._assigned.get(name)

    def star_lookup(self, name: str) -> list[str]:
        """Candidates for a name that may come from ``from tensorflow... import *``."""
        scope: Scope | None = self
        found: list[str] = []
        while scope is not None:
            found.extend(f"{module}.{name}" for module in scope.star_modules)
            scope = scope.parent
        return found


def is_tf(qualified: str | None) -> bool:
    return qualified is not None and (qualified == TF_ROOT or qualified.startswith("tensorflow."))


def import_bindings(node: ast.Import | ast.ImportFrom) -> list[tuple[ast.alias, str | None, str | None, str | None]]:
    """For each alias of an import: (alias node, local name, what the name is bound to, what is imported).

    ``import tensorflow.contrib.slim`` binds ``tensorflow`` to ``tensorflow`` but imports
    ``tensorflow.contrib.slim``. The local name is None for a star import; the qualified names are
    None for relative imports, which never reach TensorFlow.
    """
    result: list[tuple[ast.alias, str | None, str | None, str | None]] = []
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                result.append((alias, alias.asname, alias.name, alias.name))
            else:
                root = alias.name.partition(".")[0]
                result.append((alias, root, root, alias.name))
        return result
    module = node.module if node.level == 0 else None
    for alias in node.names:
        local = None if alias.name == "*" else (alias.asname or alias.name)
        qualified = f"{module}.{alias.name}" if module and alias.name != "*" else module
        result.append((alias, local, qualified, qualified))
    return result


_NESTED_SCOPES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.ListComp,
    ast.SetComp,
    ast.GeneratorExp,
    ast.DictComp,
)


def _own_bindings(scope_node: ast.AST) -> dict[str, list[ast.expr | None]]:
    """name -> bound values, for the bindings made directly in one scope (not in nested ones).

    A tuple target takes the whole value (``x, y = it.get_next()``: both come from ``get_next()``);
    anything but a plain assignment (parameters, augmented assignment, loop and ``with`` targets,
    imports, definitions, ``global``) is an unknown value."""
    found: dict[str, list[ast.expr | None]] = {}

    def add_target(target: ast.expr, value: ast.expr | None) -> None:
        targets = [target]  # iterative: nested tuple targets can be deeper than the recursion limit
        while targets:
            item = targets.pop()
            if isinstance(item, ast.Starred):
                targets.append(item.value)
            elif isinstance(item, ast.Name):
                found.setdefault(item.id, []).append(value)
            elif isinstance(item, (ast.Tuple, ast.List)):
                targets.extend(item.elts)

    if isinstance(scope_node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        args = scope_node.args
        for arg in (*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg):
            if arg is not None:
                found.setdefault(arg.arg, []).append(None)
    body = getattr(scope_node, "body", [])
    stack: list[ast.AST] = list(reversed(body)) if isinstance(body, list) else [body]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
            value = node.value
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                add_target(target, value)
            if value is not None:
                stack.append(value)  # the targets are done; a walrus in the value binds here too
            continue
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            found.setdefault(node.id, []).append(None)  # every other kind of binding
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.setdefault(node.name, []).append(None)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                found.setdefault((alias.asname or alias.name).partition(".")[0], []).append(None)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                found.setdefault(name, []).append(None)
        else:
            for field in ("name", "rest"):  # except ... as name, match patterns
                bound = getattr(node, field, None)
                if isinstance(bound, str) and not isinstance(node, ast.alias):
                    found.setdefault(bound, []).append(None)
        if isinstance(node, _NESTED_SCOPES):
            continue  # a nested scope binds its own names
        stack.extend(reversed(list(ast.iter_child_nodes(node))))
    return found
