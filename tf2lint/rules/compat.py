"""TF0xx: code that still runs on TF 2.x only through ``tf.compat.v1``.

Kept apart from the "broken in 2.x" families so a team mid-migration can silence it with
``--ignore TF0`` and still see everything that fails outright.
"""

from tf2lint.changes import MeaningChanged, StillCompat
from tf2lint.rule import Rule, examples

COMPAT_IMPORT = Rule(
    "TF001",
    "tf1-compat-import",
    title="Import of the tf.compat.v1 API",
    change=MeaningChanged,
    effect="keeps this module on the 1.x API",
    replacement="migrate the module, then import tensorflow as tf",
    why="tf.compat.v1 is a frozen copy of the 1.x API kept for migration. Recent 2.x releases have "
    "started to drop parts of it (tf.compat.v1.layers, tf.compat.v1.estimator), so code that "
    "stays on it breaks release by release.",
    names={"": ""},
    via_compat=True,
    imports_only=True,
    invalid=examples(
        "import tensorflow.compat.v1 as tf\n",
        "from tensorflow.compat import v1 as tf\n",
    ),
    valid=("import tensorflow as tf\n", "import tensorflow.compat.v2 as tf\n"),
)

DISABLE_V2 = Rule(
    "TF002",
    "tf1-disable-v2",
    title="Switching TF 2.x behaviour off",
    change=MeaningChanged,
    effect="switches TF 2.x behaviour off",
    replacement="remove the call once the code runs eagerly",
    why="These switches put TF 2.x back into graph mode with 1.x semantics for the whole process, "
    "which hides every other migration problem and slows eager code down.",
    names={
        name: ""
        for name in (
            "disable_v2_behavior",
            "disable_eager_execution",
            "disable_resource_variables",
            "disable_control_flow_v2",
            "disable_tensor_equality",
            "disable_v2_tensorshape",
        )
    },
    via_compat=True,
    invalid=examples(
        "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n",
        "import tensorflow as tf\ntf.compat.v1.disable_eager_execution()\n",
    ),
    valid=("import tensorflow as tf\ntf.config.run_functions_eagerly(True)\n",),
)

STILL_COMPAT = Rule(
    "TF003",
    "tf1-compat-symbol",
    title="A 1.x-only name used through tf.compat.v1",
    change=StillCompat,
    replacement="TF names no 2.x successor for it; keep it on tf.compat.v1 until the code around it is rewritten",
    why="The name is not part of the TF 2.x API; it works only while the compat module keeps it. "
    "The message names the 2.x replacement the rest of tf2lint would suggest.",
    invalid=examples(
        "import tensorflow.compat.v1 as tf\nsess = tf.Session()\n",
        "import tensorflow as tf\nx = tf.compat.v1.placeholder(tf.float32)\n",
        "from tensorflow.compat.v1 import get_variable\n",
    ),
    valid=(
        "import tensorflow.compat.v1 as tf\ny = tf.reduce_sum(x)\n",
        "import tensorflow as tf\ny = tf.compat.v1.reduce_sum(x)\n",
    ),
)

RULES = (COMPAT_IMPORT, DISABLE_V2, STILL_COMPAT)
