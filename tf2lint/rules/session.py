"""TF1xx: graph-mode execution: sessions, default graphs, session config and dataset iterators."""

from tf2lint.changes import Recipe, Replaced
from tf2lint.rule import Example, Rule, examples

SESSION = Rule(
    "TF101",
    "tf1-session",
    title="Sessions",
    change=Recipe,
    replacement="run eagerly, or wrap the computation in tf.function",
    why="TF 2.x executes operations eagerly. A Python function decorated with tf.function plays the "
    "part of a session: it is traced into a graph once and then called like any function.",
    names={"Session": "", "InteractiveSession": ""},
    invalid=(
        Example(
            "import tensorflow as tf\nwith tf.Session() as sess:\n    pass\n",
            compat="import tensorflow as tf\nwith tf.compat.v1.Session() as sess:\n    pass\n",
        ),
        Example(
            "import tensorflow as T\nsess = T.InteractiveSession()\n",
            compat="import tensorflow as T\nsess = T.compat.v1.InteractiveSession()\n",
        ),
        Example("from tensorflow import Session\n", compat="from tensorflow.compat.v1 import Session\n"),
    ),
    valid=(
        "import tensorflow as tf\n@tf.function\ndef step(x):\n    return x * 2\n",
        "class Model:\n    def run(self):\n        return self.session.run(self.op)\n",
        "from mylib import Session\ns = Session()\n",
    ),
)

DEFAULT_GRAPH = Rule(
    "TF102",
    "tf1-default-graph",
    title="The global default graph and session",
    change=Recipe,
    replacement="keep state in Python objects; trace graphs with tf.function (tf.Graph only for explicit graph building)",
    why="TF 2.x has no global graph that operations are added to; state lives in Python objects "
    "(tf.Variable, tf.Module, Keras layers) and is freed by Python.",
    names={
        "get_default_graph": "",
        "reset_default_graph": Replaced("tf.keras.backend.clear_session"),
        "get_default_session": "",
        "get_session_handle": "",
        "get_session_tensor": "",
    },
    invalid=examples(
        "import tensorflow as tf\ng = tf.get_default_graph()\n",
        "import tensorflow as tf\ntf.reset_default_graph()\n",
    ),
    valid=("import tensorflow as tf\ng = tf.Graph()\n", "import tensorflow as tf\nc = tf.constant(1)\n"),
)

ENABLE_EAGER = Rule(
    "TF103",
    "tf1-enable-eager",
    title="Switching TF 2.x behaviour on",
    change=Recipe,
    replacement="nothing: TF 2.x behaviour is the default",
    why="Eager execution, resource variables and control flow v2 are always on in TF 2.x.",
    names={
        "enable_eager_execution": "",
        "enable_v2_behavior": "",
        "enable_resource_variables": "",
        "enable_control_flow_v2": "",
        "enable_tensor_equality": "",
        "enable_v2_tensorshape": "",
    },
    invalid=examples("import tensorflow as tf\ntf.enable_eager_execution()\n"),
    valid=("import tensorflow as tf\nassert tf.executing_eagerly()\n",),
)

SESSION_CONFIG = Rule(
    "TF104",
    "tf1-session-config",
    title="Session configuration protos",
    change=Recipe,
    replacement="tf.config (tf.config.experimental.set_memory_growth, tf.config.threading, tf.config.set_visible_devices)",
    why="Without sessions there is nothing to pass a ConfigProto to; devices and threads are set "
    "process-wide through tf.config before any op runs.",
    names={
        "ConfigProto": "",
        "GPUOptions": "",
        "RunOptions": "",
        "RunMetadata": "",
        "GraphOptions": "",
        "OptimizerOptions": "",
    },
    invalid=examples("import tensorflow as tf\nconfig = tf.ConfigProto(allow_soft_placement=True)\n"),
    valid=("import tensorflow as tf\ngpus = tf.config.list_physical_devices('GPU')\n",),
)

ITERATOR_FUNCTIONS = Rule(
    "TF105",
    "tf1-dataset-iterator",
    title="Graph-mode dataset iterators",
    change=Recipe,
    replacement="iterate the dataset directly: for batch in ds, or iter(ds)",
    why="A tf.data.Dataset is a Python iterable in TF 2.x, inside and outside tf.function; the "
    "explicit iterator objects existed only to be run in a session.",
    names={
        "data.make_one_shot_iterator": "",
        "data.make_initializable_iterator": "",
        "data.Iterator.from_structure": "",
        "data.Iterator.from_string_handle": "",
        "data.get_output_shapes": "ds.element_spec",
        "data.get_output_types": "ds.element_spec",
        "data.get_output_classes": "ds.element_spec",
    },
    invalid=examples(
        "import tensorflow as tf\nit = tf.data.make_one_shot_iterator(ds)\n",
        "import tensorflow as tf\nit = tf.data.Iterator.from_structure(types, shapes)\n",
    ),
    valid=("import tensorflow as tf\nfor batch in tf.data.Dataset.range(3):\n    pass\n",),
)

ITERATOR_METHODS = Rule(
    "TF106",
    "tf1-dataset-iterator-method",
    title="Dataset iterator methods",
    change=Recipe,
    receiver="Dataset",
    replacement="iterate the dataset directly: for batch in ds, or iter(ds)",
    why="TF 2.x datasets have no make_*_iterator methods. The method names exist nowhere else, so "
    "tf2lint flags them on any object in a file that imports TensorFlow.",
    methods={"make_one_shot_iterator": "", "make_initializable_iterator": ""},
    invalid=examples(
        "import tensorflow as tf\nit = ds.make_one_shot_iterator()\n",
        "import tensorflow as tf\nit = tf.data.Dataset.range(3).make_initializable_iterator()\n",
    ),
    valid=(
        "it = ds.make_one_shot_iterator()\n",
        "import tensorflow as tf\nit = iter(ds)\n",
    ),
)

RULES = (SESSION, DEFAULT_GRAPH, ENABLE_EAGER, SESSION_CONFIG, ITERATOR_FUNCTIONS, ITERATOR_METHODS)
