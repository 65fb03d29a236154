#!/usr/bin/env python3
"""Derive tf2lint's TensorFlow API table from TensorFlow's own wheels, without importing TensorFlow.

The 1.x truth is the 1.15 wheel's generated ``_api/v1`` modules; the 2.x truth is each listed 2.x
wheel's ``_api/v2`` modules (plus the Keras wheel that backs ``tf.losses`` & co. in that release).
Every public name is mapped to the object it is imported from, so a 1.x name that 2.x exports under
another name is a rename, one only ``tf.compat.v1`` still has is compat-only, and the rest are gone.
Function signatures are read from the wheels' Python sources to find removed keyword arguments.

Usage: python tools/fetch_wheels.py && python tools/generate_api_tables.py [--wheels DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WHEELS = Path(os.environ.get("TF2LINT_WHEELS", Path.home() / ".cache" / "tf2lint" / "wheels"))
DEFAULT_OUT = ROOT / "tf2lint" / "data" / "tf_api.json"
NAMES_FILE = "tf_names.txt"

# Every 2.x minor release, newest last: (label, TF wheel prefix, Keras wheel prefix). Before 2.6
# tf.keras lives inside TensorFlow (None); 2.6-2.15 pin the keras 2.x wheel of the same minor; from
# 2.16 on tf.keras is Keras 3, and the release's METADATA only sets a floor (``keras>=3.0.0``).
#
# A release is judged with the LOWEST Keras it admits (the last patch of that minor), not the
# newest one pip would install today: the floor is fixed by the TF wheel itself, so the committed
# table does not drift with every Keras release and regenerating it next year gives the same
# answer; it is the Keras the TF release was built and tested against; and code that must run on
# a TF release must run with every Keras that release admits, the floor included. Names Keras 3
# dropped later (3.12 dropped tf.keras.losses.mean_squared_error for losses.mse) then show up at the
# TF release whose floor dropped them.
V1 = ("1.15.0", "tensorflow_cpu-1.15.0-")
V2_RELEASES = (
    ("2.0.0", "tensorflow-2.0.0-", None),
    ("2.1.0", "tensorflow_cpu-2.1.0-", None),
    ("2.2.0", "tensorflow_cpu-2.2.0-", None),
    ("2.3.0", "tensorflow_cpu-2.3.0-", None),
    ("2.4.0", "tensorflow_cpu-2.4.0-", None),
    ("2.5.0", "tensorflow_cpu-2.5.0-", None),
    ("2.6.0", "tensorflow_cpu-2.6.0-", "keras-2.6.0-"),
    ("2.7.0", "tensorflow_cpu-2.7.0-", "keras-2.7.0-"),
    ("2.8.0", "tensorflow_cpu-2.8.0-", "keras-2.8.0-"),
    ("2.9.0", "tensorflow_cpu-2.9.0-", "keras-2.9.0-"),
    ("2.10.0", "tensorflow_cpu-2.10.0-", "keras-2.10.0-"),
    ("2.11.0", "tensorflow_cpu-2.11.0-", "keras-2.11.0-"),
    ("2.12.0", "tensorflow_cpu-2.12.0-", "keras-2.12.0-"),
    ("2.13.0", "tensorflow_cpu-2.13.0-", "keras-2.13.1-"),
    ("2.14.0", "tensorflow_cpu-2.14.0-", "keras-2.14.0-"),
    ("2.15.0", "tensorflow_cpu-2.15.0-", "keras-2.15.0-"),
    ("2.16.1", "tensorflow_cpu-2.16.1-", "keras-3.0.5-"),  # keras>=3.0.0
    ("2.17.0", "tensorflow_cpu-2.17.0-", "keras-3.2.1-"),  # keras>=3.2.0
    ("2.18.0", "tensorflow_cpu-2.18.0-", "keras-3.5.0-"),  # keras>=3.5.0
    ("2.19.0", "tensorflow_cpu-2.19.0-", "keras-3.5.0-"),  # keras>=3.5.0
    ("2.20.0", "tensorflow_cpu-2.20.0-", "keras-3.10.0-"),  # keras>=3.10.0
    ("2.21.0", "tensorflow_cpu-2.21.0-", "keras-3.12.0-"),  # keras>=3.12.0
)
LAST_KERAS_2 = "keras-2.15.0-"  # the tf.keras that TF 2.x code was written for, diffed against Keras 3


def keras_layout(package: str, keras_prefix: str | None) -> tuple[str, str | None]:
    """Where a release's tf.keras API lives (in the Keras wheel, or in TF's own files), and where
    its Keras-backed tf.compat.v1.layers / nn.rnn_cell live: None when TF's own files hold them,
    "" when the release's Keras no longer has them at all."""
    if keras_prefix is None:
        return f"{package}/python/keras/api/_v2/keras", None
    if keras_prefix.startswith("keras-2."):
        return "keras/api/_v2/keras", "keras/api/_v1/keras/__internal__/legacy"
    return "keras/_tf_keras/keras", ""


# tf.summary's ops come from TensorBoard (a dependency of every 2.x release), not from TF's files.
TENSORBOARD_SUMMARY = ("audio", "histogram", "image", "scalar", "text")
KERAS_LEGACY = {"layers": "compat.v1.layers", "rnn_cell": "compat.v1.nn.rnn_cell"}
KERAS_BACKED = ("losses", "metrics", "optimizers", "initializers")
SKIPPED_1X = ("keras", "compat", "contrib")  # covered elsewhere: not part of the 1.x-vs-2.x diff
# Renames that are evident from the names alone; a "~" in the table marks a rename found this way
# (or by spelling) rather than by the 1.x function's own deprecated_argument_lookup, and is not
# auto-fixed.
RENAME_HINTS = {
    "keep_dims": "keepdims",
    "reduction_indices": "axis",
    "squeeze_dims": "axis",
    "dim": "axis",
    "dimension": "axis",
}


class Wheel:
    """Read-only view of a wheel's Python files, by path inside the archive."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        self.names = set(self.zip.namelist())
        self.package = "tensorflow_core" if "tensorflow_core/__init__.py" in self.names else "tensorflow"
        self._trees: dict[str, ast.Module | None] = {}

    def forget(self) -> None:
        """Drop the parsed modules (they are re-read on demand)."""
        self._trees.clear()

    def tree(self, name: str) -> ast.Module | None:
        if name not in self._trees:
            try:
                self._trees[name] = ast.parse(self.zip.read(name))
            except (KeyError, SyntaxError, ValueError):
                self._trees[name] = None
        return self._trees[name]

    def module_file(self, dotted: str) -> str | None:
        """Archive path of a module given as ``tensorflow.python.ops.math_ops``."""
        parts = dotted.split(".")
        if parts[0] == "tensorflow":
            parts[0] = self.package
        base = "/".join(parts)
        for candidate in (base + ".py", base + "/__init__.py"):
            if candidate in self.names:
                return candidate
        return None


def find_wheel(directory: Path, prefix: str) -> Path:
    for path in sorted(directory.rglob("*.whl")):
        if path.name.startswith(prefix):
            return path
    raise SystemExit(f"no wheel starting with {prefix!r} under {directory}: run tools/fetch_wheels.py")


def normalize(module: str) -> str:
    return "tensorflow" + module[len("tensorflow_core") :] if module.startswith("tensorflow_core") else module


@dataclass
class Api:
    """Public path (``math.log``) -> object id (``tensorflow.python.ops.gen_math_ops.log``)."""

    objects: dict[str, str] = field(default_factory=dict)
    modules: set[str] = field(default_factory=set)
    # public tf.keras names, as "keras.layers.Dense" -> the object ("keras.src.layers.core.dense.Dense")
    keras: dict[str, str] = field(default_factory=dict)

    def add_module(self, path: str) -> None:
        self.modules.add(path)
        self.objects.setdefault(path, "module:" + path)


def absolute_module(file: str, node: ast.ImportFrom) -> str:
    """``from . _api.v2 import math`` inside tensorflow_core/__init__.py -> tensorflow_core._api.v2."""
    if node.level == 0:
        return node.module or ""
    package = file.split("/")[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, node.module] if node.module else package)


def read_api_file(wheel: Wheel, file: str, prefix: str, api: Api, visited: set[tuple[str, str]]) -> None:
    """Record every public name an API ``__init__.py`` exports; recurse into its API submodules."""
    if (file, prefix) in visited or ".compat." in "." + prefix[prefix.find(".") + 1 :]:
        return  # compat.v1.compat.v2... loops back on itself: one level of compat is enough
    visited.add((file, prefix))
    tree = wheel.tree(file)
    if tree is None:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or node.level):
            module = normalize(absolute_module(file, node))
            for alias in node.names:
                public = alias.asname or alias.name
                if public.startswith("_") or alias.name == "*":
                    continue
                path = prefix + public
                if "._api." in module or module.endswith("._api"):
                    sub = wheel.module_file(f"{module}.{alias.name}")
                    api.add_module(path)
                    if sub:
                        read_api_file(wheel, sub, path + ".", api, visited)
                elif module.startswith(("tensorflow_estimator", "tensorflow.python.keras.api", "keras")):
                    api.add_module(path)  # opaque: estimator and keras live in other packages
                else:
                    target = f"{module}.{alias.name}"
                    is_module = wheel.module_file(target) is not None
                    if is_module:
                        api.add_module(path)
                    else:
                        api.objects[path] = target
        elif isinstance(node, ast.Delete):  # ``del LazyLoader`` after using it
            for target in node.targets:
                if isinstance(target, ast.Name):
                    api.objects.pop(prefix + target.id, None)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and isinstance(node.value, ast.Call) and not target.id.startswith("_"):
                func = node.value.func
                if getattr(func, "id", getattr(func, "attr", "")) == "LazyLoader":
                    api.add_module(prefix + target.id)  # tf.contrib in 1.x
            elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Attribute):
                # _current_module.app.flags = flags
                if isinstance(node.value, ast.Name) and prefix + node.value.id in api.objects:
                    api.objects[prefix + target.value.attr + "." + target.attr] = api.objects[prefix + node.value.id]


def read_keras_backed(wheel: Wheel, keras_dir: str, api: Api) -> None:
    """2.x binds tf.losses/metrics/optimizers/initializers to Keras: read those from the Keras wheel."""
    for module in KERAS_BACKED:
        api.add_module(module)
        file = f"{keras_dir}/{module}/__init__.py"
        if file in wheel.names:
            read_api_file(wheel, file, module + ".", api, set())


def is_keras_api_file(file: str) -> bool:
    """Generated Keras API packages (not the implementation packages they import from)."""
    return "/src/" not in file and ("/api/" in file or file.startswith("keras/")) and file.endswith("__init__.py")


def read_keras_api(wheel: Wheel, file: str, prefix: str, names: dict[str, str], visited: set[str]) -> None:
    """Every public name under a Keras API package, as ``keras.layers.Dense``, with its object."""
    if file in visited:
        return
    visited.add(file)
    tree = wheel.tree(file)
    if tree is None:
        return
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom) or not (node.module or node.level):
            continue
        module = normalize(absolute_module(file, node))
        for alias in node.names:
            public = alias.asname or alias.name
            if public.startswith("_") or alias.name == "*":
                continue
            sub = wheel.module_file(f"{module}.{alias.name}")
            names[prefix + public] = "module:" if sub else f"{module}.{alias.name}"
            if sub and is_keras_api_file(sub):
                read_keras_api(wheel, sub, prefix + public + ".", names, visited)


def read_keras_tree(wheel: Wheel, keras_dir: str, names: dict[str, str]) -> None:
    """The whole tf.keras API of a wheel: what its ``__init__`` files import, plus every API
    subpackage the wheel ships that no ``__init__`` imports (Keras 3's ``_tf_keras.keras.saving``):
    ``from tensorflow.keras.saving import load_model`` still imports it."""
    visited: set[str] = set()
    read_keras_api(wheel, f"{keras_dir}/__init__.py", "keras.", names, visited)
    for file in sorted(wheel.names):
        if file.startswith(keras_dir + "/") and file.endswith("/__init__.py") and file not in visited:
            dotted = "keras." + file[len(keras_dir) + 1 : -len("/__init__.py")].replace("/", ".")
            names.setdefault(dotted, "module:")
            read_keras_api(wheel, file, dotted + ".", names, visited)


def drop(api: Api, prefix: str) -> None:
    for path in [p for p in api.objects if p.startswith(prefix + ".")]:
        del api.objects[path]


def load_release(wheel_dir: Path, prefix: str, keras_prefix: str | None = None, v2: bool = True) -> tuple[Api, Wheel]:
    wheel = Wheel(find_wheel(wheel_dir, prefix))
    api = Api()
    read_api_file(wheel, f"{wheel.package}/__init__.py", "", api, set())
    if v2:
        for name in TENSORBOARD_SUMMARY:
            api.objects.setdefault(f"summary.{name}", f"tensorboard.summary.v2.{name}")
        keras_dir, legacy_dir = keras_layout(wheel.package, keras_prefix)
        keras_wheel = wheel if keras_prefix is None else Wheel(find_wheel(wheel_dir, keras_prefix))
        for module in KERAS_BACKED:  # drop the TF-side view, if any: Keras wins in 2.x
            api.objects.pop(module, None)
            drop(api, module)
        read_keras_backed(keras_wheel, keras_dir, api)
        read_keras_tree(keras_wheel, keras_dir, api.keras)
        if legacy_dir is not None:
            for name, path in KERAS_LEGACY.items():
                drop(api, path)
                if not legacy_dir:
                    api.objects.pop(path, None)
                file = f"{legacy_dir}/{name}/__init__.py"
                if legacy_dir and file in keras_wheel.names:
                    read_api_file(keras_wheel, file, path + ".", api, set())
    return api, wheel


# -- signatures -------------------------------------------------------------------------------


@dataclass
class Signature:
    positional: list[str]
    keywords: set[str]
    has_kwargs: bool
    renames: dict[str, str]  # old keyword -> new keyword, as the function itself maps them
    deprecated: set[str] = field(default_factory=set)  # keywords still accepted but deprecated
    instructions: str = ""  # the function's own @deprecated(...) instructions, if any
    has_varargs: bool = False


def constant_text(node: ast.AST | None) -> str | None:
    """The value of a string literal, or of literals joined with ``+``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = constant_text(node.left), constant_text(node.right)
        return left + right if left is not None and right is not None else None
    return None


def call_name(node: ast.AST) -> str:
    func = node.func if isinstance(node, ast.Call) else node
    return getattr(func, "attr", getattr(func, "id", ""))


def decorator_calls(node: ast.AST, name: str) -> list[ast.Call]:
    return [dec for dec in getattr(node, "decorator_list", ()) if isinstance(dec, ast.Call) and call_name(dec) == name]


def deprecation_instructions(node: ast.AST) -> str:
    """The instructions of a ``@deprecated(date, instructions)`` decorator on a def or class."""
    for call in decorator_calls(node, "deprecated"):
        args = [*call.args[1:2], *(k.value for k in call.keywords if k.arg == "instructions")]
        text = constant_text(args[0]) if args else None
        if text:
            return text
    return ""


def find_definition(wheel: Wheel, object_id: str, depth: int = 0) -> ast.FunctionDef | ast.ClassDef | None:
    module, _, name = object_id.rpartition(".")
    file = wheel.module_file(module)
    tree = wheel.tree(file) if file else None
    if tree is None or depth > 3:
        return None
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
            return node
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    return find_definition(wheel, f"{normalize(node.module)}.{alias.name}", depth + 1)
    return None


def signature(wheel: Wheel, object_id: str) -> Signature | None:
    node = find_definition(wheel, object_id)
    instructions = deprecation_instructions(node) if node is not None else ""
    if isinstance(node, ast.ClassDef):
        node = next((item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "__init__"), None)
        instructions = instructions or (deprecation_instructions(node) if node is not None else "")
        drop_self = True
    else:
        drop_self = False
    if node is None:
        return None
    args = node.args
    positional = [arg.arg for arg in (*args.posonlyargs, *args.args)]
    if drop_self and positional:
        positional = positional[1:]
    keywords = {arg.arg for arg in args.args} | {arg.arg for arg in args.kwonlyargs}
    renames: dict[str, str] = {}
    deprecated: set[str] = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and call_name(call) == "deprecated_argument_lookup":
            texts = [arg.value for arg in call.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            # deprecated_argument_lookup("rate", rate, "keep_prob", keep): a rename only when the old
            # parameter's own value is passed on, not a converted one (keep = 1 - keep_prob).
            passed = call.args[3] if len(call.args) == 4 else None
            if len(texts) == 2:
                deprecated.add(texts[1])
                if isinstance(passed, ast.Name) and passed.id == texts[1]:
                    renames[texts[1]] = texts[0]
    for call in decorator_calls(node, "deprecated_args"):
        # @deprecated_args(date, "dim is deprecated, use axis instead", "dim"): the one other
        # parameter of this function that the instructions name is the keyword's successor.
        text = constant_text(call.args[1]) if len(call.args) > 1 else None
        olds = [constant_text(arg) for arg in call.args[2:]]
        olds = [old for old in olds if old]
        deprecated.update(olds)
        named = {word for word in re.findall(r"[A-Za-z_]\w*", text or "") if word in keywords} - set(olds)
        # Only a plain rename ("use axis instead"): instructions with a formula ("rate = 1 - keep_prob")
        # describe a value conversion, which is no rename.
        if len(olds) == 1 and len(named) == 1 and not re.search(r"[=0-9]", text or ""):
            renames.setdefault(olds[0], named.pop())
    return Signature(
        positional,
        keywords,
        args.kwarg is not None,
        renames,
        deprecated & keywords,
        instructions,
        args.vararg is not None,
    )


def keyword_rename(keyword: str, old: Signature, new: Signature, later_renames: dict[str, str]) -> str | None:
    """The 2.x name of a 1.x keyword: certain when TF itself maps one onto the other (the 1.x
    function's deprecated_argument_lookup, or a 2.x release's deprecated_args instructions);
    "~name" when only evident from the spelling; None when there is none."""
    for renames in (old.renames, new.renames, later_renames):
        rename = renames.get(keyword)
        if rename in new.keywords:
            return rename
    hint = RENAME_HINTS.get(keyword)
    if hint not in new.keywords:
        hint = next((k for k in sorted(new.keywords) if k.replace("_", "") == keyword.replace("_", "")), None)
    return "~" + hint if hint else None


def keyword_status(keyword: str, new: Signature) -> str:
    """ "x" the 2.x function no longer accepts it, "d" accepts it but deprecates it, "." fine."""
    if keyword in new.deprecated:
        return "d"
    if keyword in new.keywords or new.has_kwargs:
        return "."
    return "x"


def meaning_changes(old: Signature, new: Signature) -> list[list[str]] | None:
    """Leading positional parameters whose meaning changed, if any: [1.x list, 2.x list].

    A slot whose parameter was only renamed (1.15 already accepts the 2.x name as an alias and maps
    the old one onto it, or 2.x still maps the old name onto the new) keeps its meaning: it is
    written under its 2.x name in the 1.x list, so the two lists agree there."""
    renames = {**new.renames, **old.renames}

    def same(index: int, name: str) -> bool:
        other = new.positional[index] if index < len(new.positional) else None
        return other is not None and (name == other or renames.get(name) == other or renames.get(other) == name)

    positional = [new.positional[index] if same(index, name) else name for index, name in enumerate(old.positional)]
    for index in range(min(len(positional), len(new.positional))):
        if positional[index] != new.positional[index] and (
            positional[index] in new.positional or new.positional[index] in positional
        ):
            return [positional, new.positional]
    return None


# -- the table --------------------------------------------------------------------------------


def status(path: str, v1_object: str, api: Api, by_object: dict[str, list[str]]) -> str:
    """ "" present, "=new.path" renamed, "c" only in tf.compat.v1, "x" gone.

    A rename is certain when the release's own ``tf.compat.v1.<path>`` is the very object it also
    exports under a 2.x name (found within one wheel, so module moves between releases do not
    matter), or, failing that, when the 1.x object's module and name are exported unchanged."""
    if path in api.objects:
        return ""
    compat_object = api.objects.get("compat.v1." + path)
    for obj in (compat_object, v1_object):
        if obj is None or obj.startswith("module:"):
            continue
        candidates = [p for p in by_object.get(obj, []) if not p.startswith(("compat.", "raw_ops."))]
        if candidates:
            leaf = path.rpartition(".")[2]
            candidates.sort(key=lambda p: (p.rpartition(".")[2] != leaf, p.count("."), len(p), p))
            return "=" + candidates[0]
    if compat_object is not None:
        return "c"
    return "x"


def load_all(wheel_dir: Path) -> tuple[Api, Wheel, list]:
    """The 1.x API and, per 2.x release, (label, API, wheel, object id -> public paths)."""
    v1_api, v1_wheel = load_release(wheel_dir, V1[1], v2=False)
    releases = []
    for label, prefix, keras_prefix in V2_RELEASES:
        api, wheel = load_release(wheel_dir, prefix, keras_prefix)
        by_object: dict[str, list[str]] = {}
        for path, obj in api.objects.items():
            by_object.setdefault(obj, []).append(path)
        releases.append((label, api, wheel, by_object))
    return v1_api, v1_wheel, releases


def classify(v1_api: Api, releases: list) -> tuple[dict[str, list[str]], list[str]]:
    """Public 1.x names (outside keras, compat, contrib): statuses of the missing ones, and the survivors."""
    names: dict[str, list[str]] = {}
    surviving: list[str] = []
    for path in sorted(v1_api.objects):
        if path.split(".")[0] in SKIPPED_1X or (path.split(".")[0] == "estimator" and "." in path):
            continue
        statuses = [status(path, v1_api.objects[path], api, by_object) for _, api, _, by_object in releases]
        if any(statuses):
            names[path] = statuses
        else:
            surviving.append(path)
    return names, surviving


SUGGESTED = re.compile(r"\b((?:tf\.)?keras\.[A-Za-z_][\w.]*\w|tf\.[A-Za-z_][\w.]*\w)")


def resolves(name: str, api: Api, wheel: Wheel) -> bool:
    """Whether ``math.ceil``, ``keras.layers.Dense`` or ``data.Dataset.map`` exists in a 2.x release."""
    if name.startswith("keras."):
        return name in api.keras
    if name.startswith(("compat.", "raw_ops.")):
        return False
    if name in api.objects:
        return True
    owner, _, member = name.rpartition(".")
    if owner not in api.objects or owner in api.modules:
        return False
    node = find_definition(wheel, api.objects[owner])
    return isinstance(node, ast.ClassDef) and any(getattr(item, "name", None) == member for item in node.body)


USE = re.compile(r"(?:[Uu]se|switch to|in favor of|replaced by)\s+(?:the\s+)?`?((?:tf\.)?[A-Za-z_][\w.]*\w)")


def successor(instructions: str, api: Api, wheel: Wheel) -> str:
    """The TF name a 1.x deprecation message suggests, if the release really has it: first what
    follows "use" / "switch to" (``Please use clip_by_norm(...)``), then any ``tf.`` name, a
    function or class before a bare module (``tf.data``)."""
    found = [(name.removeprefix("tf.")) for name in (*USE.findall(instructions), *SUGGESTED.findall(instructions))]
    real = [name for name in found if resolves(name, api, wheel)]
    return next((name for name in real if name not in api.modules), real[0] if real else "")


def successors(v1_api: Api, v1_wheel: Wheel, releases: list, names: dict[str, list[str]]) -> dict[str, list[str]]:
    """TF 1.15's own deprecation instructions for names a release no longer has, resolved there."""
    found: dict[str, list[str]] = {}
    aliases: dict[str, list[str]] = {}  # 1.x object -> its 1.x public paths
    for path, obj in v1_api.objects.items():
        if not obj.startswith("module:") and path.split(".")[0] not in SKIPPED_1X:
            aliases.setdefault(obj, []).append(path)
    for path, statuses in names.items():
        obj = v1_api.objects.get(path)
        if obj is None:  # a method of a 1.x class
            continue
        old = None if obj.startswith("module:") else signature(v1_wheel, obj)
        # Another 1.x name of the same 1.x object that the release still has (tf.assert_rank ->
        # tf.debugging.assert_rank): 1.x itself called them one API, 2.x kept that name.
        others = sorted(
            (p for p in aliases.get(obj, []) if p != path),
            key=lambda p: (p.rpartition(".")[2] != path.rpartition(".")[2], p.count("."), p),
        )
        per_release = []
        for status, (_, api, wheel, _) in zip(statuses, releases, strict=True):
            choice = ""
            if status in ("c", "x"):
                choice = successor(old.instructions, api, wheel) if old is not None and old.instructions else ""
                choice = choice or next((p for p in others if p in api.objects), "")
            per_release.append(choice)
        if any(per_release):
            found[path] = per_release
    return found


def public_names(api: Api, wheel: Wheel, extra: dict[str, list[str]]) -> list[str]:
    """Every name a message may suggest for a release: its 2.x API (not compat or raw_ops), its
    tf.keras API, the public methods of its TF classes, and every successor resolved above."""
    names = {path for path in api.objects if not path.startswith(("compat.", "raw_ops."))} | set(api.keras)
    if api.keras:
        names.add("keras")
    for path, obj in api.objects.items():
        if path.startswith(("compat.", "raw_ops.")) or path in api.modules:
            continue
        node = find_definition(wheel, obj)
        if isinstance(node, ast.ClassDef):
            names.update(
                f"{path}.{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef) and not item.name.startswith("_")
            )
    for per_release in extra.values():
        names.update(name for name in per_release[-1:] if name)
    return sorted(names)


# -- names removed before 1.0 (from the 0.12 wheel) ------------------------------------------

V0 = "tensorflow-0.12.1-"
V0_ROOT = "tensorflow-0.12.1.data/purelib/"
# 0.12 sealed each public namespace with remove_undocumented: a name is public when the module's
# docstring documents it as "@@name" (or, at the top level, it is in _allowed_symbols).
V0_NAMESPACES = {
    "nn.": ("tensorflow/python/ops/nn.py",),
    "train.": ("tensorflow/python/training/training.py",),
    "summary.": ("tensorflow/python/summary/summary.py",),
    "image.": ("tensorflow/python/ops/image_ops.py",),
}
V0_SUBMODULES = {"nn", "summary", "train", "compat", "resource_loader"}  # documented apart, not at the top level
BARE_USE = re.compile(r"(?:[Uu]se|switch to|in favor of)\s+`?(?:tf\.)?([A-Za-z_][\w.]*\w)")


def v0_bound(zip_file: zipfile.ZipFile, path: str, seen: set[str]) -> set[str]:
    """Names a 0.12 module binds at module level, following ``from X import *`` (honouring __all__)."""
    if path in seen or V0_ROOT + path not in zip_file.namelist():
        return set()
    seen.add(path)
    try:
        tree = ast.parse(zip_file.read(V0_ROOT + path))
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name != "*":
                    names.add(alias.asname or alias.name.split(".")[0])
                elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tensorflow"):
                    names |= v0_bound(zip_file, node.module.replace(".", "/") + ".py", seen)
    return {name for name in names if not name.startswith("_")}


def v0_public(zip_file: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, str], dict[str, set[str]]]:
    """0.12's public names (``mul``, ``train.SummaryWriter``) with the text that says what replaced
    each: its allow-list comment, its @deprecated instructions and the start of its docstring."""

    def read(path: str) -> str:
        return zip_file.read(V0_ROOT + path).decode("utf-8", "replace")

    init = read("tensorflow/python/__init__.py")
    tree = ast.parse(init)
    files: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tensorflow.python"):
            for alias in node.names:
                files[alias.asname or alias.name] = node.module.replace(".", "/") + f"/{alias.name}.py"
    call = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and call_name(node.value) == "remove_undocumented"
    )
    doc_files = [
        files[item.id]
        for item in call.args[2].elts  # type: ignore[attr-defined]
        if isinstance(item, ast.Name) and item.id in files
    ]
    allowed = dict(re.findall(r"^\s*'(\w+)',\s*(?:#+\s*(.*))?$", init, re.MULTILINE))
    bound = v0_bound(zip_file, "tensorflow/python/__init__.py", set())
    public: dict[str, str] = {name: comment or "" for name, comment in allowed.items() if name in bound}
    for prefix, modules in {"": tuple(doc_files), **V0_NAMESPACES}.items():
        for module in modules:
            if V0_ROOT + module not in zip_file.namelist():
                continue
            docstring = ast.get_docstring(ast.parse(read(module))) or ""
            here = v0_bound(zip_file, module, set()) if prefix else bound
            for name in re.findall(r"@@(\w+)", docstring):
                if name in here:  # documented and really bound in that namespace
                    public.setdefault(prefix + name, "")
    # The text next to each definition: decorators' instructions and the docstring's first lines;
    # and the generated ops each public function of tensorflow/python/ops calls.
    definitions: dict[str, str] = {}
    ops: dict[str, set[str]] = {}
    for path in zip_file.namelist():
        if not (path.startswith(V0_ROOT + "tensorflow/python/") and path.endswith(".py")):
            continue
        try:
            module = ast.parse(zip_file.read(path))
        except SyntaxError:
            continue
        for node in module.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                init_node = (
                    next(
                        (item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "__init__"),
                        None,
                    )
                    if isinstance(node, ast.ClassDef)
                    else None
                )
                text = " ".join(
                    filter(
                        None,
                        (
                            deprecation_instructions(node),
                            init_node and deprecation_instructions(init_node),
                            (ast.get_docstring(node) or "")[:300],
                        ),
                    )
                )
                definitions[node.name] = (definitions.get(node.name, "") + " " + text).strip()
            if (
                isinstance(node, ast.FunctionDef)
                and path.startswith(V0_ROOT + "tensorflow/python/ops/")
                and not node.name.startswith("_")
            ):
                stem = path.rpartition("/")[2][:-3]
                body = [
                    item
                    for item in node.body
                    if not (isinstance(item, ast.Expr) and isinstance(item.value, ast.Constant))
                ]
                if (
                    len(body) == 1
                    and isinstance(body[0], ast.Return)
                    and isinstance(body[0].value, ast.Call)
                    and isinstance(body[0].value.func, ast.Name)
                ):
                    # def pack(values, axis=0, name="pack"): return stack(values, axis, name)
                    called = {"def:" + body[0].value.func.id}
                elif stem.startswith("gen_"):
                    called = {f"{stem}.{node.name}"}
                else:
                    called = {
                        ast.unparse(call.func).replace("._", ".")
                        for call in ast.walk(node)
                        if isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Attribute)
                        and isinstance(call.func.value, ast.Name)
                        and call.func.value.id.startswith("gen_")
                    }
                ops.setdefault(node.name, set()).update(called)
    return (
        public,
        {name: f"{comment} {definitions.get(name.rpartition('.')[2], '')}".strip() for name, comment in public.items()},
        ops,
    )


def pre_1_0(
    wheel_dir: Path, v1_api: Api, releases: list, names: dict[str, list[str]], suggested: dict[str, list[str]]
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Names 0.12 had and 1.x no longer did (tf.mul, tf.pack, tf.scalar_summary, ...), each with the
    1.x name 0.12's own notes point to (``summary.scalar``; "" when they name none), and, per 2.x
    release, where that leads there: the name itself, its rename, or its 1.15 successor."""
    zip_file = zipfile.ZipFile(find_wheel(wheel_dir, V0))
    public, notes, ops = v0_public(zip_file)
    gone: dict[str, str] = {}
    found: dict[str, list[str]] = {}
    for name in sorted(public):
        if (
            name in v1_api.objects
            or name in v1_api.modules
            or name in V0_SUBMODULES
            or any(name in api.objects for _, api, _, _ in releases)
        ):
            continue
        prefix = name.rpartition(".")[0]
        successor_1x = ""
        for text in (*BARE_USE.findall(notes[name]), *SUGGESTED.findall(notes[name])):
            text = text.removeprefix("tf.").rstrip("(")
            successor_1x = next(
                (
                    candidate
                    for candidate in (f"{prefix}.{text}" if prefix else text, text)
                    if candidate != name and candidate in v1_api.objects
                ),
                "",
            )
            if successor_1x:
                break
        if not successor_1x and ops.get(name):
            # No note: the surviving 0.12 function of the same namespace it merely calls
            # (pack: return stack(...)), or that runs the same generated op (select, where), if one.
            same = [
                other
                for other in public
                if other.rpartition(".")[0] == prefix
                and other != name
                and other in v1_api.objects
                and (
                    "def:" + other.rpartition(".")[2] in ops[name]
                    or ops[name] <= ops.get(other.rpartition(".")[2], set())
                )
            ]
            successor_1x = same[0] if len(same) == 1 else ""
        gone[name] = successor_1x
        if not successor_1x:
            continue
        per_release = []
        for index in range(len(releases)):
            status = names.get(successor_1x, [""] * len(releases))[index]
            if status == "":
                per_release.append(successor_1x)
            elif status.startswith("="):
                per_release.append(status[1:])
            else:
                per_release.append(suggested.get(successor_1x, [""] * len(releases))[index])
        if any(per_release):
            found[name] = per_release
    return gone, found


def private_modules(v1_wheel: Wheel, releases: list) -> dict[str, str]:
    """``tensorflow.python`` modules of 1.15 that a 2.x release no longer ships: dotted name (without
    ``tensorflow.``) -> one letter per release, "x" gone, "." still there. A gone package stands
    for everything in it."""

    def modules(wheel: Wheel) -> set[str]:
        found = set()
        for name in wheel.names:
            if name.startswith(wheel.package + "/python/") and name.endswith(".py"):
                dotted = name[len(wheel.package) + 1 : -3].replace("/", ".")
                found.add(dotted.removesuffix(".__init__"))
        return found

    old = modules(v1_wheel)
    new = [modules(wheel) for _, _, wheel, _ in releases]
    gone: dict[str, str] = {}
    for module in sorted(old):
        if any(module.startswith(parent + ".") for parent in gone):
            continue
        statuses = "".join("." if module in present else "x" for present in new)
        if "x" in statuses and not module.rpartition(".")[2].startswith("_"):
            gone[module] = statuses
    return gone


def module_imports(tree: ast.Module) -> dict[str, str]:
    """Names a module binds by import -> what they refer to (``variables`` -> tensorflow.python.ops.variables)."""
    bound: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{normalize(node.module)}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                bound[alias.asname or alias.name.split(".")[0]] = normalize(
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
    return bound


def class_members(wheel: Wheel, object_id: str, depth: int = 0, dynamic_ok: bool = False) -> set[str] | None:
    """Public attributes a class defines or inherits, read from the wheel; None when any base class
    cannot be followed, or (unless ``dynamic_ok``) the class answers unknown attributes itself, so
    nothing is claimed about what it lacks."""
    module, _, name = object_id.rpartition(".")
    file = wheel.module_file(module)
    tree = wheel.tree(file) if file else None
    if tree is None or depth > 8:
        return None
    node = next((item for item in tree.body if isinstance(item, ast.ClassDef) and item.name == name), None)
    if node is None:
        target = module_imports(tree).get(name)
        return class_members(wheel, target, depth + 1, dynamic_ok) if target else None
    members: set[str] = set()
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if item.name in ("__getattr__", "__getattribute__") and not dynamic_ok:
                return None
            members.add(item.name)
        elif isinstance(item, ast.Assign):
            members.update(target.id for target in item.targets if isinstance(target, ast.Name))
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            members.add(item.target.id)
    imports = module_imports(tree)
    for base in node.bases:
        dotted = ast.unparse(base)
        if dotted == "object":
            continue
        head, _, rest = dotted.partition(".")
        if head in imports:
            target = imports[head] + ("." + rest if rest else "")
        elif not rest and any(isinstance(item, ast.ClassDef) and item.name == head for item in tree.body):
            target = f"{module}.{head}"
        else:
            return None
        inherited = class_members(wheel, target, depth + 1, dynamic_ok)
        if inherited is None:
            return None
        members |= inherited
    return {member for member in members if not member.startswith("_")}


def removed_members(v1_api: Api, v1_wheel: Wheel, releases: list) -> dict[str, list[str]]:
    """Methods of 1.x classes that a 2.x class of the same name no longer has
    (``lite.TFLiteConverter.from_keras_model_file``): "c" if tf.compat.v1's class still has it."""
    found: dict[str, list[str]] = {}
    for path in sorted(v1_api.objects):
        obj = v1_api.objects[path]
        if obj.startswith("module:") or path.split(".")[0] in SKIPPED_1X or path in v1_api.modules:
            continue
        if not isinstance(find_definition(v1_wheel, obj), ast.ClassDef):
            continue
        old = class_members(v1_wheel, obj, dynamic_ok=True)
        if not old:
            continue
        statuses: dict[str, list[str]] = {}
        for index, (_, api, wheel, _) in enumerate(releases):
            if path not in api.objects or api.objects[path].startswith("module:"):
                continue
            new = class_members(wheel, api.objects[path])
            if new is None:
                continue
            compat_object = api.objects.get("compat.v1." + path)
            compat = class_members(wheel, compat_object, dynamic_ok=True) if compat_object else None
            for member in old - new:
                status = "c" if compat is not None and member in compat else "x"
                statuses.setdefault(member, [""] * len(releases))[index] = status
        for member, per_release in statuses.items():
            found[f"{path}.{member}"] = per_release
    return found


def build(wheel_dir: Path) -> dict:
    v1_api, v1_wheel, releases = load_all(wheel_dir)

    names, surviving = classify(v1_api, releases)
    names.update(removed_members(v1_api, v1_wheel, releases))
    suggested = successors(v1_api, v1_wheel, releases, names)
    early, early_successors = pre_1_0(wheel_dir, v1_api, releases, names, suggested)

    keywords: dict[str, dict[str, list]] = {}
    positional: dict[str, list[list[str]]] = {}
    limits: dict[str, list] = {}
    olds: dict[str, Signature] = {}
    for path in sorted(v1_api.objects):
        obj = v1_api.objects[path]
        if not obj.startswith("module:") and path.split(".")[0] not in SKIPPED_1X:
            old = signature(v1_wheel, obj)
            if old is not None:
                olds[path] = old
    # One release at a time, dropping its parsed modules afterwards: 22 wheels' trees do not fit.
    per_release: list[dict[str, Signature | None]] = []
    for _, api, wheel, _ in releases:
        per_release.append({path: signature(wheel, api.objects[path]) for path in olds if path in api.objects})
        wheel.forget()
    for path, old in olds.items():
        news = [found.get(path) for found in per_release]
        later_renames: dict[str, str] = {}
        for new in news:
            if new is not None:
                later_renames.update(new.renames)
        for keyword in sorted(old.keywords - {"self"}):
            statuses = "".join(keyword_status(keyword, new) if new else "." for new in news)
            if statuses.strip("."):
                newest = next(new for new in reversed(news) if new is not None)
                keywords.setdefault(path, {})[keyword] = [statuses, keyword_rename(keyword, old, newest, later_renames)]
        if news[-1] is not None:
            change = meaning_changes(old, news[-1])
            if change:
                positional[path] = change
            newest = news[-1]
            if not newest.has_varargs and len(newest.positional) < len(old.positional):
                # tf.name_scope("a", "b"): 2.x takes fewer positional arguments, so the call raises.
                kept = sorted(set(old.positional[len(newest.positional) :]) & newest.keywords)
                limits[path] = [len(newest.positional), old.positional, kept]

    keras = keras_changes(wheel_dir, releases)
    contrib = sorted(
        {
            name.split("/")[2]
            for name in v1_wheel.names
            if name.startswith("tensorflow_core/contrib/")
            and name.count("/") >= 3
            and not name.split("/")[2].startswith("_")
            and "." not in name.split("/")[2]
        }
    )
    _, newest_api, newest_wheel, _ = releases[-1]
    labels = [label for label, *_ in releases]

    def timelines(table: dict[str, list[str]] | dict[str, str]) -> dict[str, object]:
        return {key: timeline(list(values), labels) for key, values in table.items()}

    keywords = {
        path: {keyword: [timeline(list(statuses), labels), rename] for keyword, (statuses, rename) in entry.items()}
        for path, entry in keywords.items()
    }
    return {
        "newest_names": public_names(newest_api, newest_wheel, suggested),
        "generated_by": "tools/generate_api_tables.py",
        "v1": V1[0],
        "versions": [label for label, *_ in releases],
        "counts": {
            "missing": len(names),
            "surviving": len(surviving),
            "keywords": sum(len(v) for v in keywords.values()),
            "positional": len(positional),
        },
        "names": timelines(names),
        "keras": timelines(keras),
        "keras3_from": next(label for label, _, prefix in V2_RELEASES if prefix and prefix.startswith("keras-3.")),
        "keywords": keywords,
        "positional": positional,
        "positional_limits": limits,
        "successors": timelines({**suggested, **early_successors}),
        "removed_before_1_0": early,
        "private_modules": timelines(private_modules(v1_wheel, releases)),
        "contrib_modules": contrib,
    }


def timeline(values: list[str], labels: list[str]) -> str | list[str]:
    """Per-release values stored as change points: the value itself when every release agrees,
    else ``[value in the first release, release, new value, release, new value, ...]``."""
    if all(value == values[0] for value in values):
        return values[0]
    points = [values[0]]
    for index in range(1, len(values)):
        if values[index] != values[index - 1]:
            points += [labels[index], values[index]]
    return points


def keras_changes(wheel_dir: Path, releases: list) -> dict[str, list[str]]:
    """tf.keras names of the last Keras 2 (2.15) that a release's Keras 3 no longer exports there:
    "x" gone, "=keras.layers.Rescaling" the same definition exported under another name in the same
    module tree (layers.experimental.preprocessing.Rescaling -> layers.Rescaling, losses.
    mean_squared_error -> losses.mse), "" present. Releases before Keras 3 are "" throughout: this
    is the diff of the Keras 2 -> 3 step, not of Keras 2's own history."""
    last = Wheel(find_wheel(wheel_dir, LAST_KERAS_2))
    old: dict[str, str] = {}
    read_keras_tree(last, "keras/api/_v2/keras", old)
    # With Keras 3, TF routes tf.compat.v1.keras to the same Keras 3 tf.keras (tensorflow/python/util/
    # lazy_loader.py), so the last Keras 2's v1 API is diffed against it too, as "compat.v1.keras.X".
    old_v1: dict[str, str] = {}
    read_keras_tree(last, "keras/api/_v1/keras", old_v1)
    old.update({"compat.v1." + path: obj for path, obj in old_v1.items()})
    keras3 = [prefix is not None and prefix.startswith("keras-3.") for _, _, prefix in V2_RELEASES]
    by_leaf: list[dict[str, list[str]]] = []
    for _, api, _, _ in releases:
        leaves: dict[str, list[str]] = {}
        for path, obj in api.keras.items():
            if obj != "module:":
                leaves.setdefault(obj.rpartition(".")[2], []).append(path)
        by_leaf.append(leaves)
    found: dict[str, list[str]] = {}
    for path, obj in sorted(old.items()):
        statuses = []
        here = path.removeprefix("compat.v1.")
        for index, (_, api, _, _) in enumerate(releases):
            if not keras3[index] or here in api.keras:
                statuses.append("")
                continue
            leaf, top, public = obj.rpartition(".")[2], here.split(".")[1], here.rpartition(".")[2]
            # A class keeps its name wherever Keras 3 put it; a function must also come from a
            # module of the same name (regnet.decode_predictions is not convnext.decode_predictions).
            moved = [
                p
                for p in by_leaf[index].get(leaf, [])
                if obj != "module:"
                and p.split(".")[1] == top
                and (leaf[:1].isupper() or api.keras[p].split(".")[-2] == obj.split(".")[-2])
            ]
            moved.sort(
                key=lambda p: (
                    p.rpartition(".")[2] != public,
                    p.rpartition(".")[2].islower() != public.islower(),
                    p.count("."),
                    p,
                )
            )
            statuses.append("=" + moved[0] if moved else "x")
        if any(statuses):
            found[path] = statuses
    return found


def render(table: dict) -> str:
    return json.dumps(table, indent=0, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, default=DEFAULT_WHEELS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed table differs")
    options = parser.parse_args(argv)
    table = build(options.wheels)
    # The newest release's names are for tests that check every suggested name (not loaded at run time).
    names_out = options.out.with_name(NAMES_FILE)
    outputs = {
        options.out: render(table),
        names_out: f"# TensorFlow {table['versions'][-1]} public names (tools/generate_api_tables.py)\n"
        + "".join(name + "\n" for name in table.pop("newest_names")),
    }
    outputs[options.out] = render(table)
    if options.check:
        stale = [str(path) for path, text in outputs.items() if path.read_text(encoding="utf-8") != text]
        print(f"{', '.join(stale)} differ from the wheels" if stale else "table is up to date")
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
