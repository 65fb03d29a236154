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
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WHEELS = Path(os.environ.get("TF2LINT_WHEELS", Path.home() / ".cache" / "tf2lint" / "wheels"))
DEFAULT_OUT = ROOT / "tf2lint" / "data" / "tf_api.json"

# (label, wheel file prefix, Keras wheel prefix (None: Keras is inside TF), where the Keras-backed
# tf.losses & co. live, where the Keras-backed tf.compat.v1.layers / nn.rnn_cell live: None when
# TF's own files hold them, "" when the release's Keras no longer has them at all)
V1 = ("1.15.0", "tensorflow_cpu-1.15.0-")
V2_RELEASES = (
    ("2.0.0", "tensorflow-2.0.0-", None, "tensorflow_core/python/keras/api/_v2/keras", None),
    ("2.15.0", "tensorflow_cpu-2.15.0-", "keras-2.15.0-", "keras/api/_v2/keras",
     "keras/api/_v1/keras/__internal__/legacy"),
    ("2.21.0", "tensorflow_cpu-2.21.0-", "keras-3.", "keras/_tf_keras/keras", ""),
)
# tf.summary's ops come from TensorBoard (a dependency of every 2.x release), not from TF's files.
TENSORBOARD_SUMMARY = ("audio", "histogram", "image", "scalar", "text")
KERAS_LEGACY = {"layers": "compat.v1.layers", "rnn_cell": "compat.v1.nn.rnn_cell"}
KERAS_BACKED = ("losses", "metrics", "optimizers", "initializers")
SKIPPED_1X = ("keras", "compat", "contrib")  # covered elsewhere: not part of the 1.x-vs-2.x diff
# Renames that are evident from the names alone; a "~" in the table marks a rename found this way
# (or by spelling) rather than by the 1.x function's own deprecated_argument_lookup, and is not
# auto-fixed.
RENAME_HINTS = {"keep_dims": "keepdims", "reduction_indices": "axis", "squeeze_dims": "axis",
                "dim": "axis", "dimension": "axis"}


class Wheel:
    """Read-only view of a wheel's Python files, by path inside the archive."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        self.names = set(self.zip.namelist())
        self.package = "tensorflow_core" if "tensorflow_core/__init__.py" in self.names else "tensorflow"
        self._trees: dict[str, ast.Module | None] = {}

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
    return "tensorflow" + module[len("tensorflow_core"):] if module.startswith("tensorflow_core") else module


@dataclass
class Api:
    """Public path (``math.log``) -> object id (``tensorflow.python.ops.gen_math_ops.log``)."""

    objects: dict[str, str] = field(default_factory=dict)
    modules: set[str] = field(default_factory=set)

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
    if (file, prefix) in visited or ".compat." in "." + prefix[prefix.find(".") + 1:]:
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


def drop(api: Api, prefix: str) -> None:
    for path in [p for p in api.objects if p.startswith(prefix + ".")]:
        del api.objects[path]


def load_release(wheel_dir: Path, prefix: str, api_version: str, keras: tuple | None) -> tuple[Api, Wheel]:
    wheel = Wheel(find_wheel(wheel_dir, prefix))
    api = Api()
    read_api_file(wheel, f"{wheel.package}/__init__.py", "", api, set())
    if keras is not None:
        for name in TENSORBOARD_SUMMARY:
            api.objects.setdefault(f"summary.{name}", f"tensorboard.summary.v2.{name}")
        keras_prefix, keras_dir, legacy_dir = keras
        keras_wheel = wheel if keras_prefix is None else Wheel(find_wheel(wheel_dir, keras_prefix))
        for module in KERAS_BACKED:  # drop the TF-side view, if any: Keras wins in 2.x
            api.objects.pop(module, None)
            drop(api, module)
        read_keras_backed(keras_wheel, keras_dir, api)
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
    renames: dict[str, str]


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
    if isinstance(node, ast.ClassDef):
        node = next((item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "__init__"), None)
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
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and getattr(call.func, "attr", getattr(call.func, "id", "")) == "deprecated_argument_lookup":
            texts = [arg.value for arg in call.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            if len(texts) == 2:
                renames[texts[1]] = texts[0]
    return Signature(positional, keywords, args.kwarg is not None, renames)


def keyword_changes(old: Signature, new: Signature) -> dict[str, str | None]:
    """Keywords 1.x accepted that 2.x does not, each with its 2.x name when the rename is evident."""
    if new.has_kwargs:
        return {}
    removed: dict[str, str | None] = {}
    for keyword in sorted(old.keywords - new.keywords - {"self"}):
        rename = old.renames.get(keyword)
        if rename not in new.keywords:
            hint = RENAME_HINTS.get(keyword)
            if hint not in new.keywords:
                hint = next((k for k in new.keywords if k.replace("_", "") == keyword.replace("_", "")), None)
            rename = "~" + hint if hint else None
        removed[keyword] = rename
    return removed


def positional_change(old: Signature, new: Signature) -> list[list[str]] | None:
    """Leading positional parameters whose meaning changed (same slot, another name), if any."""
    shared = min(len(old.positional), len(new.positional))
    for index in range(shared):
        if old.positional[index] != new.positional[index]:
            return [old.positional, new.positional]
    return None


# -- the table --------------------------------------------------------------------------------


def status(path: str, v1_object: str, api: Api, by_object: dict[str, list[str]]) -> str:
    """"" present, "=new.path" renamed, "c" only in tf.compat.v1, "x" gone."""
    if path in api.objects:
        return ""
    candidates = [p for p in by_object.get(v1_object, []) if not p.startswith(("compat.", "raw_ops."))]
    if candidates and not v1_object.startswith("module:"):
        leaf = path.rpartition(".")[2]
        candidates.sort(key=lambda p: (p.rpartition(".")[2] != leaf, p.count("."), len(p), p))
        return "=" + candidates[0]
    if "compat.v1." + path in api.objects:
        return "c"
    return "x"


def load_all(wheel_dir: Path) -> tuple[Api, Wheel, list]:
    """The 1.x API and, per 2.x release, (label, API, wheel, object id -> public paths)."""
    v1_api, v1_wheel = load_release(wheel_dir, V1[1], "v1", None)
    releases = []
    for label, prefix, *keras in V2_RELEASES:
        api, wheel = load_release(wheel_dir, prefix, "v2", tuple(keras))
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
        if path.split(".")[0] in SKIPPED_1X or path.split(".")[0] == "estimator" and "." in path:
            continue
        statuses = [status(path, v1_api.objects[path], api, by_object) for _, api, _, by_object in releases]
        if any(statuses):
            names[path] = statuses
        else:
            surviving.append(path)
    return names, surviving


def build(wheel_dir: Path) -> dict:
    v1_api, v1_wheel, releases = load_all(wheel_dir)

    names, surviving = classify(v1_api, releases)

    keywords: dict[str, dict[str, list]] = {}
    positional: dict[str, list[list[str]]] = {}
    for path in sorted(v1_api.objects):
        obj = v1_api.objects[path]
        if obj.startswith("module:") or path.split(".")[0] in SKIPPED_1X:
            continue
        old = signature(v1_wheel, obj)
        if old is None:
            continue
        for index, (_, api, wheel, _) in enumerate(releases):
            if path not in api.objects:
                continue
            new = signature(wheel, api.objects[path])
            if new is None:
                continue
            for keyword, rename in keyword_changes(old, new).items():
                keywords.setdefault(path, {}).setdefault(keyword, [index, rename])
            if index == len(releases) - 1:
                change = positional_change(old, new)
                if change:
                    positional[path] = change

    contrib = sorted({name.split("/")[2] for name in v1_wheel.names
                      if name.startswith("tensorflow_core/contrib/") and name.count("/") >= 3
                      and not name.split("/")[2].startswith("_") and "." not in name.split("/")[2]})
    return {
        "generated_by": "tools/generate_api_tables.py",
        "v1": V1[0],
        "versions": [label for label, *_ in releases],
        "counts": {"missing": len(names), "surviving": len(surviving),
                   "keywords": sum(len(v) for v in keywords.values()), "positional": len(positional)},
        "names": names,
        "keywords": keywords,
        "positional": positional,
        "contrib_modules": contrib,
    }


def render(table: dict) -> str:
    return json.dumps(table, indent=0, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, default=DEFAULT_WHEELS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed table differs")
    options = parser.parse_args(argv)
    text = render(build(options.wheels))
    if options.check:
        same = options.out.read_text(encoding="utf-8") == text
        print("table is up to date" if same else f"{options.out} differs from the wheels")
        return 0 if same else 1
    options.out.write_text(text, encoding="utf-8")
    print(f"wrote {options.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
