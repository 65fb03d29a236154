"""TF9xx: findings that come from the generated API table rather than a hand-written rule.

These rules match nothing by themselves: the catalogue uses them when no hand-written rule covers a
1.x name the table says TF 2.x renamed, kept only in tf.compat.v1, or dropped; or a keyword or
positional argument whose meaning changed.
"""

from tf2lint.changes import (
    CompatOnly,
    KeywordDeprecated,
    KeywordRemoved,
    PositionalChanged,
    PrivateModuleGone,
    RemovedEverywhere,
    Renamed,
)
from tf2lint.rule import Example, Rule, examples
from tf2lint.rules.compat import STILL_COMPAT

RENAMED = Rule(
    "TF901",
    "tf1-renamed",
    title="Renamed in TF 2.x",
    change=Renamed,
    why="TF 2.x exports the very same object under a new name, so the rewrite is certain and fixed "
    "automatically (keeping the file's own alias for tensorflow).",
    invalid=(
        Example("import tensorflow as tf\ny = tf.log(x)\n", "import tensorflow as tf\ny = tf.math.log(x)\n"),
        Example(
            "import tensorflow as T\nz = T.random_normal([2])\n", "import tensorflow as T\nz = T.random.normal([2])\n"
        ),
        Example("from tensorflow import log\n"),
    ),
    valid=("import tensorflow as tf\ny = tf.math.log(x)\n", "import numpy as np\ny = np.log(x)\n"),
)

COMPAT_ONLY = Rule(
    "TF902",
    "tf1-compat-only",
    title="Only in tf.compat.v1",
    change=CompatOnly,
    why="The name exists in TF 2.x only under tf.compat.v1. Where TF 1.15's own deprecation notice "
    "names a successor that the target release has, the message names it; otherwise TF names "
    "none. Rewriting to tf.compat.v1 keeps the code running but not migrated, so `--fix` does it "
    "only with `--compat-fixes`, and the compat use is still reported afterwards (TF003).",
    invalid=(
        Example(
            "import tensorflow as tf\nidx = tf.multinomial(logits, 1)\n",
            compat="import tensorflow as tf\nidx = tf.compat.v1.multinomial(logits, 1)\n",
        ),
        Example(
            "import tensorflow as tf\nq = tf.floor_div(a, b)\n",
            compat="import tensorflow as tf\nq = tf.compat.v1.floor_div(a, b)\n",
        ),
    ),
    valid=("import tensorflow as tf\nidx = tf.random.categorical(logits, 1)\n",),
)

REMOVED = Rule(
    "TF903",
    "tf1-removed",
    title="Removed from TF 2.x",
    change=RemovedEverywhere,
    replacement="TF names no successor for it",
    why="The target release no longer has the name anywhere, so the code fails on import or call.",
    invalid=examples(
        "import tensorflow as tf\ndevices = tf.config.experimental_list_devices()\n",
        "import tensorflow.compat.v1 as tf\nagg = tf.data.experimental.StatsAggregator()\n",
    ),
    valid=("import tensorflow as tf\nmodel = tf.keras.Model()\n",),
)

REMOVED_KEYWORD = Rule(
    "TF904",
    "tf1-removed-keyword",
    title="Keyword argument removed in TF 2.x",
    change=KeywordRemoved,
    why="The 2.x function no longer accepts the keyword. Where the 2.x signature has an evident new "
    "name for it, the rename is fixed automatically.",
    invalid=(
        Example("import tensorflow as tf\nc = tf.constant(1, verify_shape=True)\n"),
        Example(
            "import tensorflow as tf\ny = tf.nn.conv2d(x, filter=w, strides=1, padding='SAME')\n",
            "import tensorflow as tf\ny = tf.nn.conv2d(x, filters=w, strides=1, padding='SAME')\n",
        ),
    ),
    valid=("import tensorflow as tf\nx = tf.nn.l2_normalize(x, axis=1)\n",),
)

DEPRECATED_KEYWORD = Rule(
    "TF907",
    "tf1-deprecated-keyword",
    title="Keyword deprecated in the target release",
    change=KeywordDeprecated,
    replacement="TF names no replacement for it",
    why="The target release still accepts the keyword but deprecates it (a warning now, an error "
    "once a later release drops it). Where TF itself maps it onto a new keyword, the rename is "
    "fixed automatically.",
    invalid=(
        Example(
            "import tensorflow as tf\ny = tf.nn.l2_normalize(x, dim=1)\n",
            "import tensorflow as tf\ny = tf.nn.l2_normalize(x, axis=1)\n",
        ),
        # Not fixed: the new keyword may take a slot a positional argument already fills.
        Example("import tensorflow as tf\nys = tf.map_fn(f, xs, dtype=tf.float32)\n"),
        Example("import tensorflow as tf\ng = tf.import_graph_def(graph_def, op_dict=None)\n"),
    ),
    valid=(
        "import tensorflow as tf\ny = tf.nn.l2_normalize(x, axis=1)\n",
        "import tensorflow as tf\nys = tf.map_fn(f, xs, fn_output_signature=tf.float32)\n",
    ),
)

POSITIONAL = Rule(
    "TF905",
    "tf1-positional-change",
    title="Positional argument changed meaning",
    change=PositionalChanged,
    why="The 2.x function has a different parameter in that position, so the same call silently "
    "means something else, or no parameter at all (tf.name_scope('a', 'b')), so the call raises. "
    "A parameter that was only renamed (1.15 already accepted the 2.x name) keeps its meaning "
    "and is not reported. Reported only in files that show other 1.x use.",
    only_in_v1_files=True,
    invalid=examples(
        "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.boolean_mask(x, m, 'masked')\n",
        "import tensorflow as tf\nx = tf.placeholder(tf.float32)\nwith tf.name_scope('a', 'b'):\n    pass\n",
    ),
    valid=(
        "import tensorflow as tf\ny = tf.boolean_mask(x, m, 1)\n",
        "import tensorflow as tf\nx = tf.placeholder(tf.float32)\ny = tf.boolean_mask(x, m, name='masked')\n",
    ),
)

PRIVATE_MODULE = Rule(
    "TF906",
    "tf1-private-module",
    title="Private module gone from the target wheel",
    change=PrivateModuleGone,
    why="tensorflow.python.* is TensorFlow's private implementation, not API; modules move or vanish "
    "between releases. The generated table lists the 1.15 modules the target release's wheel no "
    "longer ships, so importing them fails. Reported only in files that show other 1.x use: "
    "the migration is what moves the code onto the target release.",
    only_in_v1_files=True,
    replacement="import the public tf.* API instead",
    invalid=examples(
        "import tensorflow as tf\nfrom tensorflow.python.eager import profiler\nsess = tf.Session()\n",
        "import tensorflow as tf\nfrom tensorflow.python.keras.applications import resnet50\n"
        "x = tf.placeholder(tf.float32)\n",
    ),
    valid=(
        "import tensorflow as tf\nfrom tensorflow.python.ops import math_ops\nsess = tf.Session()\n",
        "from tensorflow.python.eager import profiler\n",
    ),
)

RULES = (RENAMED, COMPAT_ONLY, REMOVED, REMOVED_KEYWORD, POSITIONAL, PRIVATE_MODULE, DEPRECATED_KEYWORD)
__all__ = [
    "COMPAT_ONLY",
    "POSITIONAL",
    "PRIVATE_MODULE",
    "REMOVED",
    "REMOVED_KEYWORD",
    "RENAMED",
    "RULES",
    "STILL_COMPAT",
]
