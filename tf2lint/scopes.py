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

    __slots__ = ("bindings", "global_names", "is_class", "journals", "parent", "star_modules")

    def __init__(self, parent: Scope | None = None, is_class: bool = False) -> None:
        self.bindings: dict[str, str | None] = {}
        self.parent = parent
        self.is_class = is_class
        self.global_names: set[str] = set()
        self.star_modules: list[str] = []
        # One journal per open guarded ``try`` in this scope: name -> (was bound, value) before the
        # first change inside it, so the guard can undo and merge only what changed (no copies).
        self.journals: list[dict[str, tuple[bool, str | None]]] = []

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
