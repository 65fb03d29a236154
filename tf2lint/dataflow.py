"""Which values certainly carry no gradient, from the file alone (what TF818 asks about labels).

The answer is conservative: "no gradient" only for values that are fed or computed without any
differentiable input — a placeholder, a dataset element (``iterator.get_next()``, ``next(...)``),
a constant or literal, ``tf.one_hot``/``tf.stop_gradient``/``tf.argmax`` of anything, a cast,
reshape or index of such a value, or a name every binding of which (anywhere in its scope, in any
order) is one of these. Anything else — a parameter, a model output, an unknown call — may carry a
gradient.
"""

from __future__ import annotations

import ast

from tf2lint.scopes import Scope

# TF functions (names after ``tf.`` or ``tf.compat.v1.``) whose result never has a gradient.
SOURCES = frozenset(
    {
        "placeholder",
        "sparse_placeholder",
        "one_hot",
        "stop_gradient",
        "constant",
        "zeros",
        "ones",
        "zeros_like",
        "ones_like",
        "range",
        "argmax",
        "argmin",
        "math.argmax",
        "math.argmin",
        "size",
        "shape",
        "rank",
    }
)
# TF functions that pass their first argument's (lack of) gradient through.
TRANSPARENT = frozenset(
    {
        "cast",
        "to_float",
        "to_double",
        "to_int32",
        "to_int64",
        "reshape",
        "squeeze",
        "expand_dims",
        "identity",
        "convert_to_tensor",
        "transpose",
        "gather",
        "dtypes.cast",
    }
)
PREFIXES = ("tensorflow.compat.v1.", "tensorflow.")
MAX_DEPTH = 12


def _tf_function(func: ast.expr, scope: Scope) -> str | None:
    """``tf.nn.x`` -> ``nn.x`` when the chain's root is bound to TensorFlow, else None."""
    attrs: list[str] = []
    node = func
    while isinstance(node, ast.Attribute):
        attrs.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    qualified = scope.lookup(node.id)
    if qualified is None:
        return None
    full = ".".join([qualified, *reversed(attrs)])
    for prefix in PREFIXES:
        if full.startswith(prefix):
            return full[len(prefix) :]
    return None


def has_no_gradient(
    value: ast.expr | None, scope: Scope, depth: int = 0, visiting: frozenset[tuple[int, str]] = frozenset()
) -> bool:
    """True only when ``value`` certainly carries no gradient (see the module's docstring)."""
    if value is None or depth > MAX_DEPTH:
        return False
    if isinstance(value, ast.Constant):
        return True
    if isinstance(value, (ast.Tuple, ast.List)):
        return all(has_no_gradient(element, scope, depth + 1, visiting) for element in value.elts)
    if isinstance(value, ast.Subscript):
        return has_no_gradient(value.value, scope, depth + 1, visiting)
    if isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, ast.Attribute) and func.attr == "get_next" and not value.args:
            return True  # an element of a dataset iterator
        if isinstance(func, ast.Name) and func.id == "next" and _binding_scope(scope, "next") is None:
            return True  # the next element of a Python iterator over data
        name = _tf_function(func, scope)
        if name in SOURCES:
            return True
        if name in TRANSPARENT and value.args:
            return has_no_gradient(value.args[0], scope, depth + 1, visiting)
        return False
    if isinstance(value, ast.Name):
        return _name_has_no_gradient(value.id, scope, depth, visiting)
    return False


def _binding_scope(scope: Scope, name: str) -> tuple[Scope, list[ast.expr | None]] | None:
    """The scope whose code binds ``name`` as seen from ``scope`` (Python's rules), and the values."""
    current: Scope | None = scope
    first = True
    while current is not None:
        if first or not current.is_class:
            if current.node is None:  # a comprehension: its targets are loop variables
                if name in current.bindings:
                    return current, [None]
            else:
                values = current.assigned_values(name)
                if values is not None:
                    return current, values
        first = False
        current = current.parent
    return None


def _name_has_no_gradient(name: str, scope: Scope, depth: int, visiting: frozenset[tuple[int, str]]) -> bool:
    found = _binding_scope(scope, name)
    if found is None:
        return False  # a builtin, a star import, or bound somewhere we cannot see
    where, values = found
    key = (id(where), name)
    if key in visiting:
        return True  # ``y = tf.reshape(y, ...)``: decided by y's other bindings
    inner = visiting | {key}
    return all(has_no_gradient(value, where, depth + 1, inner) for value in values)
