"""TF8xx: moved utilities (app, flags, logging, gfile, py_func, to_*) and changed keywords and arguments."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tf2lint.changes import (
    KeywordRenamed,
    KeywordReplaced,
    MeaningChanged,
    MeaningChangedFixable,
    Replaced,
    ReplacedNearly,
    rename_edits,
)
from tf2lint.dataflow import has_no_gradient
from tf2lint.diagnostic import Edit
from tf2lint.imports import move_prefix
from tf2lint.rule import Example, Rule, examples
from tf2lint.source import SourceLines

if TYPE_CHECKING:
    from tf2lint.engine import Reference

# What absl's logging module has under the same name as tf.logging (the rest stays for review).
_ABSL_LOGGING = frozenset(
    {
        "debug",
        "info",
        "warning",
        "warn",
        "error",
        "fatal",
        "log",
        "vlog",
        "log_every_n",
        "log_first_n",
        "log_if",
        "set_verbosity",
        "get_verbosity",
        "flush",
        "DEBUG",
        "INFO",
        "WARN",
        "ERROR",
        "FATAL",
    }
)


def _absl_app(ref: Reference, node: ast.AST, source: SourceLines) -> tuple[Edit, ...]:
    """``tf.app.run(main)`` -> ``absl.app.run(main)`` (absl needs main: a bare ``run()`` is left)."""
    call = ref.call
    if ref.qualified != "tensorflow.app.run" or call is None or not (call.args or call.keywords):
        return ()
    return move_prefix(ref, source, 2, "absl.app")


def _absl_flags(ref: Reference, node: ast.AST, source: SourceLines) -> tuple[Edit, ...]:
    """``tf.flags.X`` and ``tf.app.flags.X`` -> ``absl.flags.X`` (tf.flags re-exported absl.flags)."""
    if ref.qualified == "tensorflow.flags" or ref.qualified.startswith("tensorflow.flags."):
        return move_prefix(ref, source, 2, "absl.flags")
    if ref.qualified == "tensorflow.app.flags" or ref.qualified.startswith("tensorflow.app.flags."):
        return move_prefix(ref, source, 3, "absl.flags")
    return ()


def _absl_logging(ref: Reference, node: ast.AST, source: SourceLines) -> tuple[Edit, ...]:
    """``tf.logging.info`` -> ``absl.logging.info`` for the names absl.logging has."""
    parts = ref.qualified.split(".")
    if len(parts) < 3 or parts[1] != "logging" or parts[2] not in _ABSL_LOGGING:
        return ()
    return move_prefix(ref, source, 2, "absl.logging")


APP = Rule(
    "TF801",
    "tf1-app",
    title="tf.app",
    change=ReplacedNearly,
    replacement="absl.app.run (from the absl-py package)",
    why="tf.app was a thin copy of absl's app module; TF 2.x dropped the copy. --unsafe-fixes rewrites "
    "tf.app.run(main) as absl.app.run(main) and adds `import absl.app` after `import tensorflow`.",
    modules={"app": ""},
    fix=_absl_app,
    invalid=(
        Example(
            "import tensorflow as tf\nif __name__ == '__main__':\n    tf.app.run(main)\n",
            unsafe="import tensorflow as tf\nimport absl.app\nif __name__ == '__main__':\n    absl.app.run(main)\n",
        ),
        Example("import tensorflow as tf\ntf.app.run()\n"),
    ),
    valid=("from absl import app\napp.run(main)\n",),
)

FLAGS = Rule(
    "TF802",
    "tf1-flags",
    title="tf.flags and tf.app.flags",
    change=ReplacedNearly,
    replacement="absl.flags",
    why="tf.flags re-exported absl.flags; use absl directly. --unsafe-fixes rewrites tf.flags.X and "
    "tf.app.flags.X as absl.flags.X and adds `import absl.flags` after `import tensorflow`.",
    modules={"flags": "", "app.flags": ""},
    fix=_absl_flags,
    invalid=(
        Example(
            "import tensorflow as tf\nFLAGS = tf.flags.FLAGS\n",
            unsafe="import tensorflow as tf\nimport absl.flags\nFLAGS = absl.flags.FLAGS\n",
        ),
        Example(
            "import tensorflow as tf  # TF 1\ntf.app.flags.DEFINE_string('data', '', 'input')\n"
            "FLAGS = tf.app.flags.FLAGS\n",
            unsafe="import tensorflow as tf  # TF 1\nimport absl.flags\n"
            "absl.flags.DEFINE_string('data', '', 'input')\nFLAGS = absl.flags.FLAGS\n",
        ),
        Example(
            "import tensorflow as tf\nflags = tf.flags\nflags.DEFINE_integer('steps', 10, 'how many')\n",
            unsafe="import tensorflow as tf\nimport absl.flags\nflags = absl.flags\n"
            "flags.DEFINE_integer('steps', 10, 'how many')\n",
        ),
        Example("try:\n    import tensorflow as tf\nexcept ImportError:\n    tf = None\nFLAGS = tf.flags.FLAGS\n"),
    ),
    valid=("from absl import flags\nflags.DEFINE_string('data', '', 'input')\n",),
)

LOGGING = Rule(
    "TF803",
    "tf1-logging",
    title="tf.logging",
    change=ReplacedNearly,
    replacement="absl.logging, or tf.get_logger()",
    why="tf.logging wrapped Python logging; TF 2.x exposes its logger through tf.get_logger(). "
    "--unsafe-fixes rewrites the names absl.logging also has (info, warning, set_verbosity, INFO, "
    "...) as absl.logging.X and adds `import absl.logging` after `import tensorflow`; absl's "
    "levels are its own numbers, so a level passed as a number needs review.",
    modules={"logging": ""},
    fix=_absl_logging,
    invalid=(
        Example(
            "import tensorflow as tf\ntf.logging.set_verbosity(tf.logging.INFO)\n",
            unsafe="import tensorflow as tf\nimport absl.logging\nabsl.logging.set_verbosity(absl.logging.INFO)\n",
        ),
        Example(
            "import tensorflow as tf\nimport absl.logging\ntf.logging.info('step %d', step)\n",
            unsafe="import tensorflow as tf\nimport absl.logging\nabsl.logging.info('step %d', step)\n",
        ),
        Example("import tensorflow as tf\nmsg = tf.logging.TaskLevelStatusMessage('x')\n"),
    ),
    valid=("import tensorflow as tf\ntf.get_logger().setLevel('INFO')\n", "import logging\nlogging.info('x')\n"),
)

GFILE = Rule(
    "TF804",
    "tf1-gfile",
    title="tf.gfile",
    change=Replaced,
    replacement="tf.io.gfile",
    why="The file API moved to tf.io.gfile. GFile (and its alias Open) is the same class and is fixed "
    "automatically; the other functions took lower-case names in tf.io.gfile, which the message "
    "names; --unsafe-fixes rewrites them where the call passes no keyword they renamed "
    "(filename= is path=, oldpath= is src=).",
    names={
        f"gfile.{old}": ReplacedNearly(f"tf.io.gfile.{new}", to=f"tf.io.gfile.{new}", keep=("overwrite", "mode"))
        for old, new in (
            ("Copy", "copy"),
            ("DeleteRecursively", "rmtree"),
            ("Exists", "exists"),
            ("FastGFile", "GFile"),
            ("Glob", "glob"),
            ("IsDirectory", "isdir"),
            ("ListDirectory", "listdir"),
            ("MakeDirs", "makedirs"),
            ("MkDir", "mkdir"),
            ("Remove", "remove"),
            ("Rename", "rename"),
            ("Stat", "stat"),
            ("Walk", "walk"),
        )
    },
    modules={"gfile": ""},
    invalid=(
        Example(
            "import tensorflow as tf\nwith tf.gfile.GFile(path) as f:\n    pass\n",
            "import tensorflow as tf\nwith tf.io.gfile.GFile(path) as f:\n    pass\n",
        ),
        Example(
            "import tensorflow as T\nf = T.gfile.Open(path)  # keep\n",
            "import tensorflow as T\nf = T.io.gfile.GFile(path)  # keep\n",
        ),
        Example(
            "import tensorflow as tf\nif tf.gfile.Exists(path):\n    pass\n",
            unsafe="import tensorflow as tf\nif tf.io.gfile.exists(path):\n    pass\n",
        ),
        Example(
            "import tensorflow as tf\ntf.gfile.MakeDirs(out)\ntf.gfile.Copy(a, b, overwrite=True)\n",
            unsafe="import tensorflow as tf\ntf.io.gfile.makedirs(out)\ntf.io.gfile.copy(a, b, overwrite=True)\n",
        ),
        Example("import tensorflow as tf\nok = tf.gfile.Exists(filename=path)\n"),
    ),
    valid=("import tensorflow as tf\nok = tf.io.gfile.exists(path)\n",),
)

PY_FUNC = Rule(
    "TF805",
    "tf1-py-func",
    title="tf.py_func",
    change=Replaced,
    replacement="tf.numpy_function (same NumPy semantics) or tf.py_function (eager tensors, differentiable)",
    why="py_func was split in two: numpy_function keeps its NumPy-in, NumPy-out behaviour; "
    "py_function passes eager tensors and supports gradients.",
    names={"py_func": ReplacedNearly(to="tf.numpy_function")},
    invalid=(
        Example(
            "import tensorflow as tf\ny = tf.py_func(f, [x], tf.float32, stateful=False)\n",
            unsafe="import tensorflow as tf\ny = tf.numpy_function(f, [x], tf.float32, stateful=False)\n",
        ),
    ),
    valid=("import tensorflow as tf\ny = tf.numpy_function(f, [x], tf.float32)\n",),
)

_CASTS = {
    "to_float": "float32",
    "to_double": "float64",
    "to_int32": "int32",
    "to_int64": "int64",
    "to_bfloat16": "bfloat16",
    "to_complex64": "complex64",
    "to_complex128": "complex128",
}


def _cast_fix(ref: Reference, node: ast.AST, source: SourceLines) -> Iterator[Edit]:
    """``tf.to_float(x)`` -> ``tf.cast(x, tf.float32)``, the file's alias kept: only a call with the
    value as its one positional argument (and perhaps ``name=``), through the module's own alias."""
    call, (parts, root) = ref.call, ref.root
    dtype = _CASTS.get(ref.qualified.rpartition(".")[2])
    if call is None or call.func is not node or dtype is None or parts != 1 or ref.is_import:
        return
    if len(call.args) != 1 or isinstance(call.args[0], ast.Starred) or any(kw.arg != "name" for kw in call.keywords):
        return
    renamed = rename_edits(ref, node, "tensorflow.cast", source)
    if not renamed:
        return
    _, _, end_line, end_col = source.span(call.args[0])
    yield from renamed
    yield Edit(end_line, end_col, end_line, end_col, f", {source.text(root)}.{dtype}")


CASTS = Rule(
    "TF806",
    "tf1-cast-helper",
    title="tf.to_float and its siblings",
    change=Replaced,
    replacement="tf.cast(x, dtype)",
    why="The dtype-specific helpers were folded into tf.cast.",
    names={name: ReplacedNearly(f"tf.cast(x, tf.{dtype})") for name, dtype in _CASTS.items()},
    fix=_cast_fix,
    invalid=(
        Example(
            "import tensorflow as tf\ny = tf.to_float(x)\n",
            unsafe="import tensorflow as tf\ny = tf.cast(x, tf.float32)\n",
        ),
        Example(
            "import tensorflow as T\ny = T.to_int64(a + b, name='n')  # ids\n",
            unsafe="import tensorflow as T\ny = T.cast(a + b, T.int64, name='n')  # ids\n",
        ),
        Example("import tensorflow as tf\ny = tf.to_float(x=v)\n"),
    ),
    valid=("import tensorflow as tf\ny = tf.cast(x, tf.float32)\n",),
)


def keyword_rename(code: str, symbol: str, old: str, new: str, why: str, call: str) -> Rule:
    """A pure keyword rename, fixed automatically; ``call`` is an example call using ``{kw}``."""
    before, after = (f"import tensorflow as tf\ny = {call.format(kw=name)}\n" for name in (old, new))
    return Rule(
        code,
        symbol,
        title=f"{old}=",
        change=KeywordRenamed,
        replacement=f"{new}=",
        why=why,
        keywords={old: new},
        invalid=(Example(before, after),),
        valid=(after, "import numpy as np\ny = np.sum(x, " + old + "=1)\n"),
    )


KEEP_DIMS = keyword_rename(
    "TF811",
    "tf1-keep-dims",
    "keep_dims",
    "keepdims",
    "The reductions renamed keep_dims to keepdims, as in NumPy. A pure rename, fixed automatically.",
    "tf.reduce_sum(x, 1, {kw}=True)",
)
REDUCTION_INDICES = keyword_rename(
    "TF812",
    "tf1-reduction-indices",
    "reduction_indices",
    "axis",
    "reduction_indices was the 1.x spelling of axis. A pure rename, fixed automatically.",
    "tf.reduce_mean(x, {kw}=[1])",
)
DIM = keyword_rename(
    "TF813",
    "tf1-dim-keyword",
    "dim",
    "axis",
    "Functions such as tf.nn.softmax and tf.expand_dims renamed dim to axis. Fixed automatically "
    "where the generated table shows the 2.x function takes axis.",
    "tf.nn.softmax(logits, {kw}=-1)",
)
SQUEEZE_DIMS = keyword_rename(
    "TF814",
    "tf1-squeeze-dims",
    "squeeze_dims",
    "axis",
    "tf.squeeze renamed squeeze_dims to axis.",
    "tf.squeeze(x, {kw}=[0])",
)
DIMENSION = keyword_rename(
    "TF815",
    "tf1-dimension-keyword",
    "dimension",
    "axis",
    "tf.argmax and tf.argmin renamed dimension to axis.",
    "tf.argmax(y, {kw}=1)",
)

_ATOMS = (ast.Name, ast.Constant, ast.Attribute, ast.Call, ast.Subscript)


def _keep_prob_to_rate(ref: object, keyword: ast.keyword, source: SourceLines) -> Iterator[Edit]:
    """keep_prob=p -> rate=1 - p; p is parenthesised unless it is a single atom."""
    value = source.text(keyword.value)
    if not isinstance(keyword.value, _ATOMS):
        value = f"({value})"
    line, col, end_line, end_col = source.span(keyword)
    yield Edit(line, col, end_line, end_col, f"rate=1 - {value}")


DROPOUT_KEEP_PROB = Rule(
    "TF816",
    "tf1-dropout-keep-prob",
    title="tf.nn.dropout(keep_prob=)",
    change=KeywordReplaced,
    replacement="rate=1 - keep_prob",
    why="tf.nn.dropout now takes the fraction to drop (rate) instead of the fraction to keep. "
    "Fixed automatically as rate=1 - p.",
    call_keywords={"nn.dropout": ("keep_prob",)},
    fix=_keep_prob_to_rate,
    invalid=(
        Example(
            "import tensorflow as tf\ny = tf.nn.dropout(x, keep_prob=0.8)\n",
            "import tensorflow as tf\ny = tf.nn.dropout(x, rate=1 - 0.8)\n",
        ),
        Example(
            "import tensorflow as tf\ny = tf.nn.dropout(x, keep_prob=a + b)\n",
            "import tensorflow as tf\ny = tf.nn.dropout(x, rate=1 - (a + b))\n",
        ),
    ),
    valid=("import tensorflow as tf\ny = tf.nn.dropout(x, rate=0.2)\n",),
)


def _keep_prob_positional(ref: Reference, node: ast.AST, source: SourceLines) -> Iterator[Edit]:
    """``dropout(x, p)`` -> ``dropout(x, rate=1 - p)``: only when p is the last positional argument
    and the call names neither rate nor keep_prob (nor passes ``**kwargs``)."""
    call = ref.call
    if call is None or len(call.args) != 2 or call.args[1] is not node or isinstance(node, ast.Starred):
        return
    if any(kw.arg in (None, "rate", "keep_prob") for kw in call.keywords):
        return
    value = source.text(node)
    if not isinstance(node, _ATOMS):
        value = f"({value})"
    line, col, end_line, end_col = source.span(node)
    yield Edit(line, col, end_line, end_col, f"rate=1 - {value}")


DROPOUT_POSITIONAL = Rule(
    "TF817",
    "tf1-dropout-positional",
    title="tf.nn.dropout's second positional argument",
    change=MeaningChangedFixable,
    effect="is now rate in TF 2.x",
    replacement="the probability to drop, not to keep: pass rate=1 - keep_prob",
    why="The second positional argument of tf.nn.dropout meant keep_prob in 1.x and means rate in "
    "2.x, so tf.nn.dropout(x, 0.9) silently drops 90% instead of 10%. Reported only in files "
    "that show other 1.x use, since it is correct 2.x code otherwise.",
    positional=("nn.dropout",),
    only_in_v1_files=True,
    fix=_keep_prob_positional,
    invalid=(
        Example(
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.nn.dropout(x, 0.9)\n",
            unsafe="import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.nn.dropout(x, rate=1 - 0.9)\n",
        ),
        Example("import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.nn.dropout(x, keep, None, 3)\n"),
    ),
    valid=("import tensorflow as tf\ny = tf.nn.dropout(x, 0.1)\n",),
)


def _labels_may_carry_gradient(ref: Reference) -> bool:
    """Only a call whose labels may have a gradient can behave differently in TF 2.x."""
    if ref.call is None:
        return False  # an import or a bare reference: each call through it is judged on its own
    for keyword in ref.call.keywords:
        if keyword.arg == "labels":
            return not has_no_gradient(keyword.value, ref.context.scope)
    return True  # labels passed through **kwargs: unknown


SOFTMAX_XENT = Rule(
    "TF818",
    "tf1-softmax-xent-semantics",
    title="tf.nn.softmax_cross_entropy_with_logits semantics",
    change=MeaningChanged,
    effect="also backpropagates into labels in TF 2.x",
    replacement="wrap the labels in tf.stop_gradient to keep the 1.x behaviour",
    why="TF 2.x's softmax_cross_entropy_with_logits is 1.x's _v2, which lets gradients flow into "
    "labels. That changes training only when the labels are computed from something trainable "
    "(a teacher network's output, learned soft targets), so the call is reported unless its labels "
    "certainly carry no gradient: a placeholder, a dataset element (iterator.get_next(), next()), "
    "a constant, tf.one_hot / tf.stop_gradient / tf.argmax of anything, a cast, reshape or index "
    "of those, or a name every assignment of which in its scope is one of these. Function "
    "parameters and other values are reported. Only in files that show other 1.x use.",
    names={"nn.softmax_cross_entropy_with_logits": ""},
    only_in_v1_files=True,
    when=_labels_may_carry_gradient,
    invalid=examples(
        (
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=teacher(x), logits=x)\n"
        ),
        (
            "import tensorflow as tf\n\n\ndef loss(logits, labels):\n    x = tf.placeholder(tf.float32)\n"
            "    return tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)\n"
        ),
        (
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.placeholder(tf.float32)\n"
            "if distill:\n    y = tf.nn.softmax(teacher(x))\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x)\n"
        ),
    ),
    valid=(
        "import tensorflow as tf\nloss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x)\n",
        (
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny_ = tf.placeholder(tf.float32, [None, 10])\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=x)\n"
        ),
        (
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
            "images, labels = dataset.make_one_shot_iterator().get_next()\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.one_hot(labels, 10), logits=x)\n"
        ),
        (
            "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
            "loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(teacher(x)), logits=x)\n"
        ),
    ),
)


SOFTMAX_XENT_V2 = Rule(
    "TF819",
    "tf1-softmax-xent-v2",
    title="tf.nn.softmax_cross_entropy_with_logits_v2",
    change=Replaced,
    replacement="tf.nn.softmax_cross_entropy_with_logits (same semantics in 2.x)",
    why="The _v2 variant became the only one and lost its suffix.",
    names={
        "nn.softmax_cross_entropy_with_logits_v2": ReplacedNearly(
            to="tf.nn.softmax_cross_entropy_with_logits", keep=("labels", "logits", "axis", "name")
        )
    },
    invalid=(
        Example(
            "import tensorflow as tf\nloss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=x)\n",
            unsafe="import tensorflow as tf\nloss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x)\n",
        ),
    ),
    valid=("import tensorflow as tf\nloss = tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x)\n",),
)

SUCCESSORS = Rule(
    "TF807",
    "tf1-moved-function",
    title="1.x functions with a different 2.x successor",
    why="TF 2.x keeps these only in tf.compat.v1; each has a 2.x function or method that does the "
    "same job, named in the message. Arguments may differ, so the call is not rewritten.",
    replacement="the 2.x function named in the message",
    names={
        "set_random_seed": "tf.random.set_seed",
        "assign": "variable.assign(value)",
        "assign_add": "variable.assign_add(value)",
        "assign_sub": "variable.assign_sub(value)",
        "image.resize_images": "tf.image.resize",
        "image.resize_bilinear": "tf.image.resize(images, size, method='bilinear')",
        "image.resize_nearest_neighbor": "tf.image.resize(images, size, method='nearest')",
        "image.resize_bicubic": "tf.image.resize(images, size, method='bicubic')",
        "image.resize_area": "tf.image.resize(images, size, method='area')",
        "image.resize_image_with_pad": "tf.image.resize_with_pad",
        "lite.TFLiteConverter.from_keras_model_file": "tf.lite.TFLiteConverter.from_keras_model(tf.keras.models.load_model(path))",
        "lite.TFLiteConverter.from_session": "tf.lite.TFLiteConverter.from_concrete_functions",
        "lite.TFLiteConverter.from_frozen_graph": "tf.lite.TFLiteConverter.from_saved_model",
    },
    invalid=examples(
        "import tensorflow as tf\ntf.set_random_seed(1)\n",
        "import tensorflow as tf\nimg = tf.image.resize_images(img, [64, 64])\n",
    ),
    valid=("import tensorflow as tf\ntf.random.set_seed(1)\n",),
)

RULES = (
    APP,
    FLAGS,
    LOGGING,
    GFILE,
    PY_FUNC,
    CASTS,
    KEEP_DIMS,
    REDUCTION_INDICES,
    DIM,
    SQUEEZE_DIMS,
    DIMENSION,
    DROPOUT_KEEP_PROB,
    DROPOUT_POSITIONAL,
    SOFTMAX_XENT,
    SOFTMAX_XENT_V2,
    SUCCESSORS,
)
