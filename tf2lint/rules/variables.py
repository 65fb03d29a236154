"""TF3xx: variables, variable scopes, global collections and initializers."""

from tf2lint.changes import MeaningChanged, Recipe
from tf2lint.rule import Rule, examples

GET_VARIABLE = Rule(
    "TF301",
    "tf1-get-variable",
    title="Creating variables by name",
    change=Recipe,
    replacement="tf.Variable, or Layer.add_weight / tf.Module attributes",
    why="TF 2.x variables are plain Python objects owned by whoever creates them; there is no "
    "name-based store to look them up in.",
    names={"get_variable": "", "get_local_variable": ""},
    invalid=examples(
        "import tensorflow as tf\nw = tf.get_variable('w', [3, 3])\n",
        "from tensorflow import get_variable\n",
    ),
    valid=(
        "import tensorflow as tf\nw = tf.Variable(tf.zeros([3, 3]))\n",
        "def get_variable(name):\n    return name\nw = get_variable('w')\n",
        "class Store:\n    def get_variable(self, name):\n        return name\nStore().get_variable('w')\n",
    ),
)

VARIABLE_SCOPE = Rule(
    "TF302",
    "tf1-variable-scope",
    title="Variable scopes",
    change=Recipe,
    replacement="share variables by sharing the object (a Keras layer or tf.Module); tf.name_scope for names",
    why="Scopes and AUTO_REUSE existed to find variables again by name. In TF 2.x the object that "
    "created a variable holds it, so reuse means calling the same layer or module again.",
    names={
        "variable_scope": "",
        "get_variable_scope": "",
        "AUTO_REUSE": "",
        "VariableScope": "",
        "variable_op_scope": "",
        "variable_axis_size_partitioner": "",
    },
    invalid=examples(
        "import tensorflow as tf\nwith tf.variable_scope('enc', reuse=tf.AUTO_REUSE):\n    pass\n",
        "import tensorflow as tf\nscope = tf.get_variable_scope()\n",
    ),
    valid=("import tensorflow as tf\nwith tf.name_scope('enc'):\n    pass\n",),
)

REUSE_KEYWORD = Rule(
    "TF303",
    "tf1-reuse-keyword",
    title="The reuse= keyword",
    change=MeaningChanged,
    effect="has no meaning in TF 2.x",
    replacement="share the layer or tf.Module object instead",
    why="reuse= told variable scopes and tf.layers functions to look an existing variable up by name; "
    "TF 2.x has no such look-up.",
    call_keywords={"*": ("reuse",)},
    invalid=examples("import tensorflow as tf\nwith tf.variable_scope('a', reuse=True):\n    pass\n"),
    valid=("import tensorflow as tf\nlayer = tf.keras.layers.Dense(3)\n", "f(reuse=True)\n"),
)

COLLECTIONS = Rule(
    "TF311",
    "tf1-collections",
    title="Global collections",
    change=Recipe,
    replacement="object attributes such as model.trainable_variables and model.losses",
    why="Collections were global lists attached to the default graph. TF 2.x has no default graph; "
    "Keras models and tf.Module track their variables, losses and updates themselves.",
    names={
        "get_collection": "",
        "get_collection_ref": "",
        "add_to_collection": "",
        "add_to_collections": "",
        "GraphKeys": "",
        "clear_collection": "",
    },
    invalid=examples(
        "import tensorflow as tf\nops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)\n",
        "import tensorflow as tf\ntf.add_to_collection('losses', loss)\n",
    ),
    valid=("import tensorflow as tf\nvariables = model.trainable_variables\n",),
)

INITIALIZERS = Rule(
    "TF312",
    "tf1-initializer-op",
    title="Variable initializer ops",
    change=Recipe,
    replacement="nothing: variables are initialized when they are created",
    why="Initializer ops had to be run in a session before any variable could be read. Eager "
    "variables hold their value from the moment they exist.",
    names={
        "global_variables_initializer": "",
        "local_variables_initializer": "",
        "variables_initializer": "",
        "tables_initializer": "",
        "initialize_all_variables": "",
        "initialize_local_variables": "",
        "initialize_variables": "",
        "initialize_all_tables": "",
        "initializers.global_variables": "",
        "initializers.local_variables": "",
        "initializers.variables": "",
        "initializers.tables_initializer": "",
    },
    invalid=examples(
        "import tensorflow as tf\ninit = tf.global_variables_initializer()\n",
        "import tensorflow as tf\nsess.run(tf.tables_initializer())\n",
    ),
    valid=("import tensorflow as tf\ninit = tf.keras.initializers.GlorotUniform()\n",),
)

VARIABLE_LISTS = Rule(
    "TF313",
    "tf1-variable-list",
    title="Global variable lists",
    change=Recipe,
    replacement="model.trainable_variables / model.variables (tf.Module and Keras track them)",
    why="These functions read the graph's variable collections, which do not exist in TF 2.x.",
    names={
        "trainable_variables": "",
        "global_variables": "",
        "local_variables": "",
        "model_variables": "",
        "moving_average_variables": "",
        "all_variables": "",
    },
    invalid=examples("import tensorflow as tf\nparams = tf.trainable_variables()\n"),
    valid=("import tensorflow as tf\nparams = model.trainable_variables\n",),
)

INITIALIZER_CLASSES = Rule(
    "TF314",
    "tf1-initializer-class",
    title="1.x initializer functions and classes",
    why="The 1.x initializers that TF 2.x dropped have tf.keras.initializers classes. Pass an instance "
    "as kernel_initializer=, or call it with a shape to get a tensor.",
    replacement="the tf.keras.initializers class",
    names={
        "glorot_normal_initializer": "tf.keras.initializers.GlorotNormal",
        "glorot_uniform_initializer": "tf.keras.initializers.GlorotUniform",
        "orthogonal_initializer": "tf.keras.initializers.Orthogonal",
        "truncated_normal_initializer": "tf.keras.initializers.TruncatedNormal",
        "variance_scaling_initializer": "tf.keras.initializers.VarianceScaling",
        "uniform_unit_scaling_initializer": "tf.keras.initializers.VarianceScaling(distribution='uniform')",
        "initializers.uniform_unit_scaling": "tf.keras.initializers.VarianceScaling(distribution='uniform')",
    },
    invalid=examples("import tensorflow as tf\ninit = tf.glorot_uniform_initializer()\n"),
    valid=("import tensorflow as tf\ninit = tf.keras.initializers.GlorotUniform()\n",),
)

RULES = (GET_VARIABLE, VARIABLE_SCOPE, REUSE_KEYWORD, COLLECTIONS, INITIALIZERS, VARIABLE_LISTS, INITIALIZER_CLASSES)
