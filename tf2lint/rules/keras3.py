"""TFK1xx / TFK2xx: the TF 2.16 step, where ``tf.keras`` became Keras 3.

Active only for targets that ship Keras 3 (2.16 and later): ``--target 2.15`` is silent on them.
TFK1xx are names and keywords (TFK101/TFK102 come from the generated diff of the last Keras 2's
``tf.keras`` against the target's Keras 3); TFK2xx are behaviour changes no name diff can see.

The codes are ``TFK`` + three digits: flake8 accepts them (``^[A-Z]{1,3}[0-9]{0,3}$``) and
``--select TF`` includes them, ``# noqa: TFK201`` parses, ruff's ``external = ["TF"]`` covers them
as a prefix, and pylint gets W57nn for TFK1nn and W58nn for TFK2nn (checker ids no pylint component
uses).
"""

from tf2lint.changes import KERAS2_ESCAPE as ESCAPE
from tf2lint.changes import KerasBehaviour, KerasGone, KerasKeywordRenamed, KerasMoved, RemovedEverywhere
from tf2lint.rule import Example, Rule, examples

KERAS3 = "2.16"  # the first release whose tf.keras is Keras 3


def gone(advice: str) -> KerasGone:
    return KerasGone(f"{advice}; {ESCAPE}")


REMOVED = Rule(
    "TFK101",
    "keras3-removed",
    title="Not in Keras 3",
    change=KerasGone,
    since=KERAS3,
    replacement=f"Keras 3 has no successor of that name; {ESCAPE}",
    why="The name is in the last Keras 2's tf.keras (or its tf.compat.v1.keras, which TF routes to the same "
    "Keras 3) but not in the Keras 3 that the target release ships (read from both wheels), so the code "
    "fails on import or use.",
    names={
        "keras.layers.experimental": gone("Keras 3 has its layers in tf.keras.layers (tf.keras.layers.EinsumDense)"),
        "keras.layers.experimental.preprocessing": gone(
            "Keras 3 has the preprocessing layers in tf.keras.layers (tf.keras.layers.Rescaling)"
        ),
        "keras.optimizers.experimental": gone("Keras 3 has these optimizers in tf.keras.optimizers"),
        "keras.backend.learning_phase": gone("pass training=True or training=False when calling the model or layer"),
        "keras.backend.set_learning_phase": gone(
            "pass training=True or training=False when calling the model or layer"
        ),
        "keras.backend.learning_phase_scope": gone("pass training=True or training=False when calling the model"),
        "keras.backend.in_train_phase": gone("branch on the training argument of call()"),
        "keras.backend.in_test_phase": gone("branch on the training argument of call()"),
        "keras.backend.function": gone("call the model, or a tf.keras.Model built on the wanted inputs and outputs"),
        "keras.backend.placeholder": gone("use tf.keras.Input"),
        "keras.backend.print_tensor": gone("use tf.print"),
        "keras.backend.random_binomial": gone("use tf.keras.random.uniform(shape) < p"),
        "keras.layers.LocallyConnected1D": gone("use tf.keras.layers.Conv1D (shared weights)"),
        "keras.layers.LocallyConnected2D": gone("use tf.keras.layers.Conv2D (shared weights)"),
        "keras.layers.DenseFeatures": gone("use tf.keras.utils.FeatureSpace or preprocessing layers"),
        "keras.experimental.SequenceFeatures": gone("use preprocessing layers"),
        "keras.experimental.CosineDecay": gone("use tf.keras.optimizers.schedules.CosineDecay"),
        "keras.experimental.CosineDecayRestarts": gone("use tf.keras.optimizers.schedules.CosineDecayRestarts"),
        "keras.callbacks.experimental.BackupAndRestore": gone("use tf.keras.callbacks.BackupAndRestore"),
        "keras.utils.experimental.DatasetCreator": gone("pass a tf.data.Dataset to fit"),
        "keras.models.model_from_yaml": gone("use tf.keras.models.model_from_json"),
        "compat.v1.keras.backend.get_session": gone(
            "Keras 3 has no session: run eagerly (tf.function for graphs), or tf.compat.v1.Session() for 1.x graph code"
        ),
        "compat.v1.keras.backend.set_session": gone(
            "Keras 3 has no session to set: delete the call (eager execution needs none)"
        ),
        "compat.v1.keras.layers.CuDNNLSTM": gone("use tf.keras.layers.LSTM (it runs on cuDNN where it can)"),
        "compat.v1.keras.layers.CuDNNGRU": gone("use tf.keras.layers.GRU (it runs on cuDNN where it can)"),
        "keras.estimator": gone("train the Keras model with fit (TF 2.16 removed the estimator API)"),
    },
    invalid=examples(
        "import tensorflow as tf\ntf.keras.backend.set_learning_phase(1)\n",
        "import tensorflow as tf\nsess = tf.compat.v1.keras.backend.get_session()\n",
        "from tensorflow.keras.layers import LocallyConnected2D\n",
        "import tensorflow as tf\nest = tf.keras.estimator.model_to_estimator(model)\n",
    ),
    valid=(
        "import tensorflow as tf\ny = model(x, training=True)\n",
        "import tensorflow as tf\nimport keras\nlayer = keras.layers.Conv2D(8, 3)\n",
    ),
)

MOVED = Rule(
    "TFK102",
    "keras3-moved",
    title="Moved in Keras 3",
    change=KerasMoved,
    since=KERAS3,
    why="Keras 3 exports the same class or function under another tf.keras name (read from the wheels: "
    "experimental.preprocessing layers are plain layers now, optimizers.experimental are the optimizers).",
    invalid=(
        Example(
            "import tensorflow as tf\nscale = tf.keras.layers.experimental.preprocessing.Rescaling(1 / 255)\n",
            "import tensorflow as tf\nscale = tf.keras.layers.Rescaling(1 / 255)\n",
        ),
        Example(
            "import tensorflow as tf\nopt = tf.keras.optimizers.experimental.AdamW(1e-3)\n",
            "import tensorflow as tf\nopt = tf.keras.optimizers.AdamW(1e-3)\n",
        ),
    ),
    valid=("import tensorflow as tf\nscale = tf.keras.layers.Rescaling(1 / 255)\n",),
)

OPTIMIZER_LR = Rule(
    "TFK103",
    "keras3-optimizer-lr",
    title="Optimizer lr=",
    change=KerasKeywordRenamed,
    since=KERAS3,
    why='Keras 2 optimizers took lr= as an alias of learning_rate=; Keras 3 raises "Argument(s) not recognized".',
    call_keywords={"keras.optimizers.*": ("lr",)},
    replacement="learning_rate",
    invalid=(
        Example(
            "import tensorflow as tf\nopt = tf.keras.optimizers.Adam(lr=0.01)\n",
            "import tensorflow as tf\nopt = tf.keras.optimizers.Adam(learning_rate=0.01)\n",
        ),
    ),
    valid=("import tensorflow as tf\nopt = tf.keras.optimizers.Adam(learning_rate=0.01)\n",),
)

OPTIMIZER_DECAY = Rule(
    "TFK104",
    "keras3-optimizer-decay",
    title="Optimizer decay=",
    change=KerasBehaviour,
    since=KERAS3,
    replacement="Keras 3 ignores decay= (it only warns): pass a schedule, "
    "learning_rate=tf.keras.optimizers.schedules.InverseTimeDecay(lr, 1, decay)",
    why="Keras 2 optimizers decayed the learning rate by decay=; Keras 3 drops the argument with a warning, "
    "so training silently runs at a constant rate.",
    call_keywords={"keras.optimizers.*": ("decay",)},
    invalid=examples("import tensorflow as tf\nopt = tf.keras.optimizers.SGD(0.1, decay=1e-4)\n"),
    valid=(
        "import tensorflow as tf\n"
        "opt = tf.keras.optimizers.SGD(tf.keras.optimizers.schedules.InverseTimeDecay(0.1, 1, 1e-4))\n",
    ),
)

LEGACY_OPTIMIZERS = Rule(
    "TFK105",
    "keras3-legacy-optimizer",
    title="tf.keras.optimizers.legacy",
    change=KerasGone,
    since=KERAS3,
    replacement=f"use the Keras 3 optimizer of the same name (tf.keras.optimizers.Adam); {ESCAPE}",
    why="Keras 3 still exports optimizers.legacy names, but only as stubs that raise when used.",
    names={"keras.optimizers.legacy": ""},
    invalid=examples(
        "import tensorflow as tf\nopt = tf.keras.optimizers.legacy.Adam(1e-3)\n",
        "from tensorflow.keras.optimizers.legacy import SGD\n",
    ),
    valid=("import tensorflow as tf\nopt = tf.keras.optimizers.Adam(1e-3)\n",),
)

ESTIMATOR = Rule(
    "TFK106",
    "keras3-estimator",
    title="tf.estimator",
    change=RemovedEverywhere,
    since=KERAS3,
    replacement="TF 2.16 removed the estimator API (tf_keras does not bring it back): write the model as a "
    "tf.keras.Model trained with fit, or a custom loop with tf.GradientTape; or stay on TF 2.15",
    why="TF 2.16 dropped the estimator API together with Keras 2, tf.compat.v1.estimator included.",
    modules={"estimator": ""},
    invalid=examples(
        "import tensorflow as tf\nest = tf.estimator.Estimator(model_fn)\n",
        "import tensorflow.compat.v1 as tf\nspec = tf.estimator.EstimatorSpec(mode, loss=loss)\n",
    ),
    valid=("import tensorflow as tf\nmodel = tf.keras.Sequential()\nmodel.fit(x, y)\n",),
)

SAVE_FORMAT = Rule(
    "TFK201",
    "keras3-save-path",
    title="model.save to a SavedModel directory",
    change=KerasBehaviour,
    since=KERAS3,
    replacement="save to a .keras file (model.save('model.keras')); for a SavedModel for serving use "
    "model.export(path)",
    why="Keras 3's save writes only the .keras (or legacy .h5) format and raises for any other path or "
    "save_format='tf'. Flagged where the file shows the receiver is a tf.keras model and the path is "
    "a literal: a path in a variable, or a model passed in, cannot be known.",
    methods={"save": ""},
    receiver="model",
    receiver_kind="model",
    call_keywords={"keras.models.save_model": ("save_format",), "keras.saving.save_model": ("save_format",)},
    invalid=examples(
        "import tensorflow as tf\nmodel = tf.keras.Sequential()\nmodel.save('saved/model')\n",
        "import tensorflow as tf\nmodel = tf.keras.Sequential()\nmodel.save(path, save_format='tf')\n",
        "import tensorflow as tf\ntf.keras.models.save_model(model, 'export_dir')\n",
    ),
    valid=(
        "import tensorflow as tf\nmodel = tf.keras.Sequential()\nmodel.save('model.keras')\n",
        "import tensorflow as tf\nimport pandas as pd\nframe = pd.DataFrame()\nframe.save('data')\n",
    ),
)

SAVE_WEIGHTS = Rule(
    "TFK202",
    "keras3-save-weights-path",
    title="save_weights without .weights.h5",
    change=KerasBehaviour,
    since=KERAS3,
    replacement="name the file *.weights.h5 (model.save_weights('model.weights.h5'))",
    why="Keras 3 writes weights only to files ending in .weights.h5 and raises for any other name (the TF "
    "checkpoint format is gone). Flagged where the receiver is a tf.keras model and the path a literal.",
    methods={"save_weights": ""},
    receiver="model",
    receiver_kind="model",
    invalid=examples("import tensorflow as tf\nmodel = tf.keras.Sequential()\nmodel.save_weights('ckpt/weights')\n"),
    valid=(
        "import tensorflow as tf\nmodel = tf.keras.Sequential()\nmodel.save_weights('model.weights.h5')\n",
        "import tensorflow as tf\nmodel = tf.keras.Sequential()\nmodel.save_weights(path)\n",
    ),
)

LOAD_SAVED_MODEL = Rule(
    "TFK203",
    "keras3-load-saved-model",
    title="load_model on a SavedModel directory",
    change=KerasBehaviour,
    since=KERAS3,
    replacement="Keras 3 loads only .keras and .h5 files: load a SavedModel with tf.saved_model.load(path) "
    f"or wrap it as a layer with tf.keras.layers.TFSMLayer(path); {ESCAPE}",
    why="A path without a .keras/.h5 ending is a SavedModel directory, which Keras 3's load_model refuses.",
    call_keywords={"keras.models.load_model": ("filepath",), "keras.saving.load_model": ("filepath",)},
    invalid=examples("import tensorflow as tf\nmodel = tf.keras.models.load_model('export/1')\n"),
    valid=("import tensorflow as tf\nmodel = tf.keras.models.load_model('model.keras')\n",),
)

GENERATOR_METHODS = Rule(
    "TFK204",
    "keras3-generator-methods",
    title="fit_generator and co.",
    change=KerasBehaviour,
    since=KERAS3,
    replacement="use fit / evaluate / predict, which take the generator or tf.data.Dataset as x",
    why="Keras 3 models have no fit_generator, evaluate_generator or predict_generator. The names exist "
    "nowhere else, so any receiver counts.",
    methods={
        "fit_generator": "use model.fit(generator, ...)",
        "evaluate_generator": "use model.evaluate(generator, ...)",
        "predict_generator": "use model.predict(generator, ...)",
        "predict_classes": "use np.argmax(model.predict(x), axis=-1) (or > 0.5 for a sigmoid output)",
    },
    receiver="model",
    invalid=examples("import tensorflow as tf\nmodel.fit_generator(batches, steps_per_epoch=10)\n"),
    valid=("import tensorflow as tf\nmodel.fit(batches, steps_per_epoch=10)\n",),
)

OPTIMIZER_METHODS = Rule(
    "TFK205",
    "keras3-optimizer-methods",
    title="Keras 2 optimizer methods",
    change=KerasBehaviour,
    since=KERAS3,
    replacement="compute gradients with tf.GradientTape and call optimizer.apply_gradients(zip(grads, variables))",
    why="Keras 3 optimizers have no get_updates and no loss-scale helpers (get_scaled_loss, "
    "get_unscaled_gradients: use optimizer.scale_loss); minimize() takes no loss tensor and .lr is "
    "learning_rate. minimize and lr are flagged only where the file shows the receiver is a tf.keras "
    "optimizer.",
    methods={
        "get_updates": "",
        "get_scaled_loss": "use optimizer.scale_loss(loss)",
        "get_unscaled_gradients": "Keras 3's LossScaleOptimizer unscales inside apply_gradients",
        "minimize": "",
        "lr": "use optimizer.learning_rate",
    },
    receiver="optimizer",
    receiver_kind="optimizer",
    invalid=examples(
        "import tensorflow as tf\nopt = tf.keras.optimizers.Adam(1e-3)\nstep = opt.minimize(loss)\n",
        "import tensorflow as tf\nopt = tf.keras.optimizers.Adam()\nprint(opt.lr)\n",
    ),
    valid=(
        "import tensorflow as tf\nopt = tf.keras.optimizers.Adam(1e-3)\n"
        "opt.apply_gradients(zip(grads, model.trainable_variables))\n",
        "import tensorflow as tf\nfrom scipy import optimize\nresult = optimize.minimize(f, x0)\n",
    ),
)

LAYER_METHODS = Rule(
    "TFK206",
    "keras3-layer-methods",
    title="Layer.add_update and add_weight(name, ...)",
    change=KerasBehaviour,
    since=KERAS3,
    replacement="assign in call() (self.var.assign(value)); pass add_weight's name by keyword "
    "(add_weight(name='w', shape=...)): its first parameter is shape in Keras 3",
    why="Keras 3 layers have no add_update, and add_weight's first positional parameter is shape, not name.",
    methods={
        "add_update": "assign in call(): self.var.assign(value)",
        "add_weight": "pass the name by keyword: add_weight(name=..., shape=...)",
    },
    receiver="layer",
    invalid=examples(
        "import tensorflow as tf\nclass L(tf.keras.layers.Layer):\n"
        "    def build(self, shape):\n        self.w = self.add_weight('w', shape=(3,))\n"
    ),
    valid=(
        "import tensorflow as tf\nclass L(tf.keras.layers.Layer):\n"
        "    def build(self, shape):\n        self.w = self.add_weight(name='w', shape=(3,))\n",
    ),
)

MIXED_KERAS = Rule(
    "TFK207",
    "keras3-mixed-keras",
    title="Keras 3 mixed with tf_keras",
    change=KerasBehaviour,
    since=KERAS3,
    replacement="use one Keras: all keras (3), or all tf_keras with TF_USE_LEGACY_KERAS=1 set before "
    "TensorFlow is imported (then tf.keras is tf_keras too)",
    why="Objects of the two Keras packages cannot be combined (a tf_keras layer in a Keras 3 model raises), "
    "and without TF_USE_LEGACY_KERAS tf.keras is Keras 3.",
    invalid=examples(
        "import tensorflow as tf\nimport tf_keras\nmodel = tf.keras.Sequential([tf_keras.layers.Dense(1)])\n"
    ),
    valid=(
        "import os\nos.environ['TF_USE_LEGACY_KERAS'] = '1'\nimport tensorflow as tf\nimport tf_keras\n"
        "model = tf.keras.Sequential([tf_keras.layers.Dense(1)])\n",
    ),
)

MODEL_KEYWORDS = Rule(
    "TFK208",
    "keras3-model-keywords",
    title="fit(workers=...) and compile(sample_weight_mode=...)",
    change=KerasBehaviour,
    since=KERAS3,
    replacement="Keras 3's fit/evaluate/predict take no workers=, use_multiprocessing= or max_queue_size=: give "
    "them to a tf.keras.utils.PyDataset subclass (super().__init__(workers=..., "
    "use_multiprocessing=...)); compile takes no sample_weight_mode=, target_tensors=, "
    "experimental_run_tf_function= or distribute=: delete them",
    why="Keras 3's Model.fit, evaluate, predict and compile have fixed signatures, so these Keras 2 keywords "
    "raise TypeError. Flagged where the file shows the receiver is a tf.keras model, and on any receiver "
    "for keywords only Keras takes (use_multiprocessing=, max_queue_size=, sample_weight_mode=, ...).",
    methods={"fit": "", "evaluate": "", "predict": "", "compile": ""},
    receiver="model",
    invalid=examples(
        "import tensorflow as tf\nmodel = tf.keras.Sequential()\nmodel.fit(x, y, workers=4)\n",
        "import tensorflow as tf\nnet.fit(gen, epochs=3, use_multiprocessing=True)\n",
    ),
    valid=(
        "import tensorflow as tf\nmodel = tf.keras.Sequential()\nmodel.fit(x, y, epochs=3)\n",
        "import tensorflow as tf\nfrom sklearn.ensemble import RandomForestClassifier\n"
        "clf = RandomForestClassifier()\nclf.fit(x, y, workers=4)\n",
    ),
)

BUILD_SHAPE = Rule(
    "TFK209",
    "keras3-build-shape",
    title="build() shape used as a TensorShape",
    change=KerasBehaviour,
    since=KERAS3,
    replacement="Keras 3 passes the shape as a tuple: index it directly (input_shape[-1]), or wrap it "
    "(tf.TensorShape(input_shape).as_list())",
    why="Keras 2 passed build() and compute_output_shape() a tf.TensorShape; Keras 3 passes a tuple, which has "
    "no as_list(), rank or ndims. Flagged on the shape parameter of those methods in files that subclass a "
    "tf.keras class.",
    methods={"as_list": "", "rank": "", "ndims": ""},
    receiver="input_shape",
    receiver_kind="shape",
    invalid=examples(
        "import tensorflow as tf\nclass Scale(tf.keras.layers.Layer):\n"
        "    def build(self, input_shape):\n        dim = input_shape.as_list()[-1]\n"
    ),
    valid=(
        "import tensorflow as tf\nclass Scale(tf.keras.layers.Layer):\n"
        "    def build(self, input_shape):\n        dim = input_shape[-1]\n",
        "import tensorflow as tf\nshape = tf.TensorShape([2, 3])\nprint(shape.as_list(), shape.rank)\n",
    ),
)

RULES = (
    REMOVED,
    MOVED,
    OPTIMIZER_LR,
    OPTIMIZER_DECAY,
    LEGACY_OPTIMIZERS,
    ESTIMATOR,
    SAVE_FORMAT,
    SAVE_WEIGHTS,
    LOAD_SAVED_MODEL,
    GENERATOR_METHODS,
    OPTIMIZER_METHODS,
    LAYER_METHODS,
    MIXED_KERAS,
    MODEL_KEYWORDS,
    BUILD_SHAPE,
)
