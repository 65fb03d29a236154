"""TF4xx: tf.layers and the 1.x RNN API, each mapped to the exact tf.keras class."""

from tf2lint.changes import Recipe, Replaced
from tf2lint.rule import Rule, examples

KERAS = "tf.keras.layers."
_CONV = ("Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "Conv3DTranspose", "SeparableConv1D", "SeparableConv2D")
_POOL = {
    f"{kind}_pooling{dim}d": f"{'MaxPool' if kind == 'max' else 'AveragePooling'}{dim}D"
    for kind in ("max", "average")
    for dim in (1, 2, 3)
}
_FUNCTIONS = {
    "dense": "Dense",
    "batch_normalization": "BatchNormalization (no fused= or virtual_batch_size=; pass training=)",
    "dropout": "Dropout",
    "flatten": "Flatten",
    "conv1d": "Conv1D",
    "conv2d": "Conv2D",
    "conv3d": "Conv3D",
    "conv2d_transpose": "Conv2DTranspose",
    "conv3d_transpose": "Conv3DTranspose",
    "separable_conv1d": "SeparableConv1D",
    "separable_conv2d": "SeparableConv2D",
    **_POOL,
}
_CLASSES = {
    "Dense": "Dense",
    "BatchNormalization": "BatchNormalization (no fused= or virtual_batch_size=)",
    "Dropout": "Dropout",
    "Flatten": "Flatten",
    "Layer": "Layer",
    "InputSpec": "InputSpec",
    **{name: name for name in _CONV},
    **{
        f"{kind}Pooling{dim}D": f"{'MaxPool' if kind == 'Max' else 'AveragePooling'}{dim}D"
        for kind in ("Max", "Average")
        for dim in (1, 2, 3)
    },
}

LAYER_FUNCTIONS = Rule(
    "TF401",
    "tf1-layers-function",
    title="tf.layers functions",
    change=Replaced,
    replacement="the tf.keras.layers class",
    why="tf.layers functions created variables in the enclosing variable scope at every call. A "
    "Keras layer is created once, owns its weights and is called on each input.",
    names={
        f"layers.{name}": KERAS
        + cls
        + (" (rate= is the fraction dropped; pass training=)" if name == "dropout" else "")
        for name, cls in _FUNCTIONS.items()
    },
    invalid=examples(
        "import tensorflow as tf\nh = tf.layers.dense(x, 128, activation=tf.nn.relu)\n",
        "from tensorflow import layers as L\nh = L.conv2d(x, 32, 3)\n",
        "import tensorflow.compat.v1 as tf\nh = tf.layers.max_pooling2d(x, 2, 2)\n",
    ),
    valid=(
        "import tensorflow as tf\nh = tf.keras.layers.Dense(128, activation='relu')(x)\n",
        "import keras\nh = keras.layers.Dense(3)\n",
    ),
)

LAYER_CLASSES = Rule(
    "TF402",
    "tf1-layers-class",
    title="tf.layers classes",
    change=Replaced,
    replacement="the tf.keras.layers class",
    why="The tf.layers classes were thin 1.x wrappers over Keras layers that also took part in "
    "variable scopes; the Keras classes are the 2.x API.",
    names={f"layers.{name}": KERAS + cls for name, cls in _CLASSES.items()},
    invalid=examples("import tensorflow as tf\nlayer = tf.layers.Dense(10)\n"),
    valid=("import tensorflow as tf\nlayer = tf.keras.layers.Dense(10)\n",),
)

LAYERS_MODULE = Rule(
    "TF403",
    "tf1-layers-module",
    title="The tf.layers module",
    change=Replaced,
    replacement="tf.keras.layers",
    why="The whole module is gone from TF 2.x (tf.compat.v1.layers too, once Keras 3 is in use).",
    modules={"layers": ""},
    invalid=examples("from tensorflow import layers\n", "import tensorflow as tf\nL = tf.layers\n"),
    valid=("from tensorflow.keras import layers\n",),
)

RNN = Rule(
    "TF404",
    "tf1-rnn",
    title="The 1.x RNN API",
    change=Replaced,
    replacement="tf.keras.layers.RNN / LSTM / GRU",
    why="The 1.x cells and the dynamic_rnn family built unrolled graphs; Keras recurrent layers do the "
    "same and pick the cuDNN kernels when they can.",
    names={
        "nn.dynamic_rnn": "tf.keras.layers.RNN(cell) (or tf.keras.layers.LSTM / GRU)",
        "nn.static_rnn": "tf.keras.layers.RNN(cell, unroll=True)",
        "nn.bidirectional_dynamic_rnn": "tf.keras.layers.Bidirectional",
        "nn.static_bidirectional_rnn": "tf.keras.layers.Bidirectional",
        "nn.static_state_saving_rnn": "tf.keras.layers.RNN(cell, stateful=True)",
        "nn.rnn_cell.LSTMCell": "tf.keras.layers.LSTMCell (it has no num_proj= or use_peepholes=)",
        "nn.rnn_cell.BasicLSTMCell": "tf.keras.layers.LSTMCell",
        "nn.rnn_cell.GRUCell": "tf.keras.layers.GRUCell",
        "nn.rnn_cell.BasicRNNCell": "tf.keras.layers.SimpleRNNCell",
        "nn.rnn_cell.MultiRNNCell": "tf.keras.layers.StackedRNNCells",
        "nn.rnn_cell.DropoutWrapper": Recipe(
            "pass dropout= and recurrent_dropout= to the Keras cell; they are "
            "rates (1 - keep_prob), not keep probabilities"
        ),
    },
    modules={"nn.rnn_cell": "tf.keras.layers (LSTMCell, GRUCell, SimpleRNNCell, StackedRNNCells)"},
    invalid=examples(
        "import tensorflow as tf\ncell = tf.nn.rnn_cell.LSTMCell(128)\n",
        "import tensorflow as tf\nout, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)\n",
    ),
    valid=("import tensorflow as tf\nlstm = tf.keras.layers.LSTM(128)\n",),
)

RULES = (LAYER_FUNCTIONS, LAYER_CLASSES, LAYERS_MODULE, RNN)
