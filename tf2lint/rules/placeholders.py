"""TF2xx: placeholders and feeding values into a graph."""

from tf2lint.changes import Recipe
from tf2lint.rule import Rule, examples

PLACEHOLDER = Rule(
    "TF201",
    "tf1-placeholder",
    title="Placeholders",
    change=Recipe,
    replacement="pass tensors as function arguments (tf.function with an input_signature of tf.TensorSpec, or tf.keras.Input)",
    why="With eager execution there is no graph to feed: values are ordinary arguments. tf.TensorSpec "
    "describes them where a traced signature is needed, tf.keras.Input where a Keras model is built.",
    names={"placeholder": "", "placeholder_with_default": "", "sparse_placeholder": ""},
    invalid=examples(
        "import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 784])\n",
        "from tensorflow import placeholder_with_default as pwd\nx = pwd(0.5, [])\n",
        "import tensorflow as tf\nx = tf.sparse_placeholder(tf.float32)\n",
    ),
    valid=(
        "import tensorflow as tf\nspec = tf.TensorSpec([None, 784], tf.float32)\n",
        "def placeholder(shape):\n    return shape\nx = placeholder([1])\n",
    ),
)

RULES = (PLACEHOLDER,)
