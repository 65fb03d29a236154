"""TF5xx: optimizers, learning-rate schedules, gradients, checkpoints, export and 1.x training loops."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from tf2lint.changes import Change, MeaningChanged, Recipe, Replaced, ReplacedNearly, rename_edits
from tf2lint.diagnostic import Edit
from tf2lint.rule import Example, Rule, examples
from tf2lint.source import SourceLines

if TYPE_CHECKING:
    from tf2lint.engine import Reference

_STEP = "; train with tf.GradientTape and optimizer.apply_gradients, not minimize(loss)"
_OPTIMIZERS = {
    "AdamOptimizer": "tf.keras.optimizers.Adam (beta1= is beta_1=, beta2= is beta_2=)" + _STEP,
    "GradientDescentOptimizer": "tf.keras.optimizers.SGD" + _STEP,
    "MomentumOptimizer": "tf.keras.optimizers.SGD(momentum=..., nesterov=...)" + _STEP,
    "RMSPropOptimizer": "tf.keras.optimizers.RMSprop (decay= is rho=)" + _STEP,
    "AdagradOptimizer": "tf.keras.optimizers.Adagrad" + _STEP,
    "AdadeltaOptimizer": "tf.keras.optimizers.Adadelta" + _STEP,
    "FtrlOptimizer": "tf.keras.optimizers.Ftrl" + _STEP,
    "ProximalGradientDescentOptimizer": "tf.keras.optimizers.SGD plus an L1/L2 penalty in the loss (no proximal step in Keras)",
    "ProximalAdagradOptimizer": "tf.keras.optimizers.Adagrad plus an L1/L2 penalty in the loss (no proximal step in Keras)",
    "AdagradDAOptimizer": "tf.keras.optimizers.Adagrad (Keras has no dual averaging)",
    "SyncReplicasOptimizer": "tf.distribute.MultiWorkerMirroredStrategy (synchronous training across workers)",
    "Optimizer": "tf.keras.optimizers.Optimizer (subclass it and implement update_step)",
}

# The optimizers whose constructor call carries over to the Keras class: (class, how many leading
# positional arguments mean the same, 1.x keyword -> Keras keyword). Any other argument leaves the
# call for review (use_locking has no Keras counterpart; Keras spells epsilon's default differently
# but takes the value given).
_KERAS_OPTIMIZERS: dict[str, tuple[str, int, dict[str, str]]] = {
    "AdamOptimizer": (
        "Adam",
        4,
        {"learning_rate": "learning_rate", "beta1": "beta_1", "beta2": "beta_2", "epsilon": "epsilon", "name": "name"},
    ),
    "GradientDescentOptimizer": ("SGD", 1, {"learning_rate": "learning_rate", "name": "name"}),
    "MomentumOptimizer": (
        "SGD",
        2,
        {"learning_rate": "learning_rate", "momentum": "momentum", "use_nesterov": "nesterov", "name": "name"},
    ),
    "RMSPropOptimizer": (
        "RMSprop",
        4,
        {
            "learning_rate": "learning_rate",
            "decay": "rho",
            "momentum": "momentum",
            "epsilon": "epsilon",
            "centered": "centered",
            "name": "name",
        },
    ),
    "AdagradOptimizer": (
        "Adagrad",
        2,
        {"learning_rate": "learning_rate", "initial_accumulator_value": "initial_accumulator_value", "name": "name"},
    ),
    "AdadeltaOptimizer": (
        "Adadelta",
        3,
        {"learning_rate": "learning_rate", "rho": "rho", "epsilon": "epsilon", "name": "name"},
    ),
}
# A file that calls these trains the 1.x way, which Keras optimizers cannot: the class is left to
# --compat-fixes (tf.compat.v1.train.*Optimizer keeps minimize(loss_tensor) working in a graph).
_GRAPH_TRAINING = (".minimize(", ".compute_gradients(")


def _keras_optimizer(ref: Reference, node: ast.AST, source: SourceLines) -> tuple[Edit, ...]:
    """``tf.train.AdamOptimizer(lr, beta1=b)`` -> ``tf.keras.optimizers.Adam(lr, beta_1=b)``: the
    constructor only, when every argument has a Keras slot and the file never calls minimize."""
    spec = _KERAS_OPTIMIZERS.get(ref.qualified.rpartition(".")[2])
    call = ref.call
    if spec is None or call is None or call.func is not node or ref.is_import:
        return ()
    keras, positional, keywords = spec
    if len(call.args) > positional or any(isinstance(arg, ast.Starred) for arg in call.args):
        return ()
    if any(keyword.arg not in keywords for keyword in call.keywords):
        return ()
    if any(marker in line for line in source.lines for marker in _GRAPH_TRAINING):
        return ()
    renamed = rename_edits(ref, node, f"tensorflow.keras.optimizers.{keras}", source)
    if not renamed:
        return ()
    edits = list(renamed)
    for keyword in call.keywords:
        new = keywords[keyword.arg or ""]
        if new != keyword.arg:
            line, col, _, _ = source.span(keyword)
            edits.append(Edit(line, col, line, col + len(keyword.arg or ""), new))
    return tuple(edits)


OPTIMIZERS = Rule(
    "TF501",
    "tf1-optimizer",
    title="tf.train optimizers",
    change=Replaced,
    replacement="the tf.keras.optimizers class",
    why="The 1.x optimizers built update ops for a session. Keras optimizers apply gradients eagerly "
    "(optimizer.apply_gradients) or through model.fit, and keep their own step counter. Keras 3 "
    "optimizers have no minimize(loss_tensor): compute the loss under tf.GradientTape, then "
    "optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables)).",
    names={
        f"train.{name}": ReplacedNearly(new) if name in _KERAS_OPTIMIZERS else new for name, new in _OPTIMIZERS.items()
    },
    fix=_keras_optimizer,
    invalid=(
        Example(
            "import tensorflow as tf\nopt = tf.train.AdamOptimizer(1e-3, beta1=0.5)\n",
            unsafe="import tensorflow as tf\nopt = tf.keras.optimizers.Adam(1e-3, beta_1=0.5)\n",
        ),
        Example(
            "import tensorflow as T\nopt = T.train.MomentumOptimizer(lr, 0.9, use_nesterov=True)\n",
            unsafe="import tensorflow as T\nopt = T.keras.optimizers.SGD(lr, 0.9, nesterov=True)\n",
        ),
        Example(
            "import tensorflow as tf\nopt = tf.train.RMSPropOptimizer(lr, decay=0.9)\n",
            unsafe="import tensorflow as tf\nopt = tf.keras.optimizers.RMSprop(lr, rho=0.9)\n",
        ),
        Example(
            "import tensorflow as tf\nopt = tf.train.AdamOptimizer(1e-3)\ntrain_op = opt.minimize(loss)\n",
            compat="import tensorflow as tf\nopt = tf.compat.v1.train.AdamOptimizer(1e-3)\n"
            "train_op = opt.minimize(loss)\n",
        ),
        Example("import tensorflow as tf\nopt = tf.train.GradientDescentOptimizer(lr, use_locking=True)\n"),
        *examples("from tensorflow.train import GradientDescentOptimizer\n"),
    ),
    valid=("import tensorflow as tf\nopt = tf.keras.optimizers.Adam(1e-3)\n", "opt.minimize(loss)\n"),
)

GLOBAL_STEP = Rule(
    "TF502",
    "tf1-global-step",
    title="The global step",
    change=Replaced,
    replacement="optimizer.iterations",
    why="The global step was a variable in a graph collection; a Keras optimizer counts its own "
    "updates in optimizer.iterations.",
    names={
        "train.get_or_create_global_step": "",
        "train.get_global_step": "",
        "train.create_global_step": "",
        "train.global_step": "",
        "train.assert_global_step": "",
    },
    invalid=examples("import tensorflow as tf\nstep = tf.train.get_or_create_global_step()\n"),
    valid=("import tensorflow as tf\nstep = optimizer.iterations\n",),
)

_SCHEDULES = {
    "exponential_decay": "ExponentialDecay",
    "piecewise_constant": "PiecewiseConstantDecay",
    "piecewise_constant_decay": "PiecewiseConstantDecay",
    "polynomial_decay": "PolynomialDecay",
    "inverse_time_decay": "InverseTimeDecay",
    "cosine_decay": "CosineDecay",
    "cosine_decay_restarts": "CosineDecayRestarts",
}

SCHEDULES = Rule(
    "TF503",
    "tf1-lr-decay",
    title="Learning-rate decay functions",
    change=Replaced,
    replacement="a tf.keras.optimizers.schedules.LearningRateSchedule",
    why="The decay functions read the global step from the graph. Schedules are objects passed as "
    "the optimizer's learning_rate and called with its step.",
    names={
        **{f"train.{name}": f"tf.keras.optimizers.schedules.{cls}" for name, cls in _SCHEDULES.items()},
        "train.natural_exp_decay": "",
        "train.linear_cosine_decay": "",
        "train.noisy_linear_cosine_decay": "",
    },
    invalid=examples("import tensorflow as tf\nlr = tf.train.exponential_decay(0.1, step, 1000, 0.96)\n"),
    valid=("import tensorflow as tf\nlr = tf.keras.optimizers.schedules.ExponentialDecay(0.1, 1000, 0.96)\n",),
)


def _outside_tf_function(ref) -> bool:
    return not ref.context.in_tf_function


GRADIENTS = Rule(
    "TF504",
    "tf1-gradients",
    title="tf.gradients outside tf.function",
    change=MeaningChanged,
    effect="works only inside tf.function in TF 2.x",
    replacement="record the computation under tf.GradientTape and call tape.gradient",
    why="tf.gradients differentiates a graph; eagerly there is no graph, so it raises. "
    "Reported only in files that also use other 1.x APIs, as 2.x code may call it from a traced helper.",
    names={"gradients": ""},
    when=_outside_tf_function,
    only_in_v1_files=True,
    invalid=examples("import tensorflow as tf\nx = tf.placeholder(tf.float32)\ng = tf.gradients(loss, params)\n"),
    valid=(
        "import tensorflow as tf\nx = tf.placeholder(tf.float32)\n@tf.function\ndef f(x):\n    return tf.gradients(x * x, x)\n",
        "import tensorflow as tf\nwith tf.GradientTape() as tape:\n    y = x * x\ng = tape.gradient(y, x)\n",
    ),
)

SAVER = Rule(
    "TF511",
    "tf1-saver",
    title="Saver and meta graphs",
    change=Replaced,
    replacement="tf.train.Checkpoint with tf.train.CheckpointManager",
    why="Saver saved variables by graph name. tf.train.Checkpoint saves the objects you list and "
    "restores them by their place in the object graph, so renaming a scope no longer breaks it.",
    names={
        "train.Saver": "",
        "train.import_meta_graph": Recipe(
            "meta graphs have no TF 2.x loader: export the model with "
            "tf.saved_model.save and load it with tf.saved_model.load"
        ),
        "train.export_meta_graph": Recipe(
            "meta graphs are not written in TF 2.x: save the model with "
            "tf.saved_model.save (or its variables with tf.train.Checkpoint)"
        ),
        "train.NewCheckpointReader": "tf.train.load_checkpoint",
        "train.checkpoint_exists": Recipe(
            "test for the checkpoint's files: tf.io.gfile.glob(prefix + '.index') is non-empty"
        ),
        "train.SaverDef": "",
    },
    invalid=examples(
        "import tensorflow as tf\nsaver = tf.train.Saver(max_to_keep=3)\n",
        "import tensorflow as tf\nsaver = tf.train.import_meta_graph('model.meta')\n",
    ),
    valid=("import tensorflow as tf\nckpt = tf.train.Checkpoint(model=model)\nsaver.save(sess, 'x')\n",),
)

SAVED_MODEL_V1 = Rule(
    "TF512",
    "tf1-saved-model-v1",
    title="1.x SavedModel builder and loader",
    change=Replaced,
    replacement="tf.saved_model.save / tf.saved_model.load",
    why="The 1.x builder and loader work on sessions and meta graphs; the 2.x functions save and "
    "load trackable objects and their tf.function signatures.",
    names={
        "saved_model.simple_save": "tf.saved_model.save",
        "saved_model.Builder": "tf.saved_model.save",
        "saved_model.main_op": "",
        "saved_model.main_op_with_restore": "",
    },
    modules={"saved_model.loader": "tf.saved_model.load", "saved_model.builder": "tf.saved_model.save"},
    invalid=examples(
        "import tensorflow as tf\ntf.saved_model.simple_save(sess, path, inputs, outputs)\n",
        "import tensorflow as tf\ntf.saved_model.loader.load(sess, ['serve'], path)\n",
    ),
    valid=("import tensorflow as tf\ntf.saved_model.save(model, path)\n",),
)

TRAINING_LOOPS = Rule(
    "TF513",
    "tf1-session-training-loop",
    title="Session-based training loops, hooks and queues",
    change=Replaced,
    replacement="a Python loop over a tf.data.Dataset (or model.fit with callbacks)",
    why="Monitored sessions, hooks and queue runners drove 1.x graphs; TF 2.x trains in plain Python "
    "with tf.data feeding the loop.",
    names={
        name: ""
        for name in (
            "train.MonitoredTrainingSession",
            "train.MonitoredSession",
            "train.SingularMonitoredSession",
            "train.Supervisor",
            "train.Scaffold",
            "train.SessionRunHook",
            "train.SessionRunArgs",
            "train.start_queue_runners",
            "train.QueueRunner",
            "train.add_queue_runner",
            "train.shuffle_batch",
            "train.batch",
            "train.string_input_producer",
            "train.slice_input_producer",
            "train.input_producer",
            "train.range_input_producer",
            "train.limit_epochs",
            "TFRecordReader",
            "TextLineReader",
            "WholeFileReader",
            "FixedLengthRecordReader",
        )
    },
    modules={"train.queue_runner": ""},
    invalid=examples("import tensorflow as tf\nwith tf.train.MonitoredTrainingSession() as sess:\n    pass\n"),
    valid=("import tensorflow as tf\nfor batch in dataset:\n    train_step(batch)\n",),
)

_LOGITS = "(from_logits=True)"
_LOSSES: dict[str, str | Change] = {
    "absolute_difference": "tf.keras.losses.MeanAbsoluteError",
    "cosine_distance": "tf.keras.losses.CosineSimilarity",
    "hinge_loss": "tf.keras.losses.Hinge",
    "huber_loss": "tf.keras.losses.Huber",
    "log_loss": "tf.keras.losses.BinaryCrossentropy",
    "mean_squared_error": "tf.keras.losses.MeanSquaredError",
    "sigmoid_cross_entropy": "tf.keras.losses.BinaryCrossentropy" + _LOGITS,
    "softmax_cross_entropy": "tf.keras.losses.CategoricalCrossentropy" + _LOGITS,
    "sparse_softmax_cross_entropy": "tf.keras.losses.SparseCategoricalCrossentropy" + _LOGITS,
    "mean_pairwise_squared_error": Recipe("Keras has no pairwise loss: compute it with tf.math ops"),
    "compute_weighted_loss": Recipe("pass sample_weight= to the tf.keras.losses object's call"),
    "add_loss": Recipe("return the loss from the training step, or call layer.add_loss inside a Keras layer"),
    "get_losses": Recipe("read model.losses (the losses layers added)"),
    "get_regularization_loss": Recipe("sum model.losses (Keras adds regularization penalties there)"),
    "get_regularization_losses": Recipe("read model.losses (Keras adds regularization penalties there)"),
    "get_total_loss": Recipe("add the data loss and sum(model.losses) in the training step"),
}

LOSSES = Rule(
    "TF521",
    "tf1-losses",
    title="tf.losses functions",
    why="The 1.x loss functions added their result to a graph collection. In TF 2.x (Keras 3 behind "
    "tf.keras) a loss is an object: create it once and call it as loss(y_true, y_pred); the "
    "argument order is labels first, as in 1.x. Pass from_logits=True where 1.x took logits.",
    replacement="the tf.keras.losses class",
    names={f"losses.{name}": new for name, new in _LOSSES.items()},
    invalid=examples("import tensorflow as tf\nloss = tf.losses.softmax_cross_entropy(onehot, logits)\n"),
    valid=(
        "import tensorflow as tf\nloss = tf.keras.losses.CategoricalCrossentropy(from_logits=True)(onehot, logits)\n",
    ),
)

_METRICS: dict[str, str | Change] = {
    "accuracy": "tf.keras.metrics.Accuracy",
    "auc": "tf.keras.metrics.AUC",
    "false_negatives": "tf.keras.metrics.FalseNegatives",
    "false_positives": "tf.keras.metrics.FalsePositives",
    "true_negatives": "tf.keras.metrics.TrueNegatives",
    "true_positives": "tf.keras.metrics.TruePositives",
    "false_negatives_at_thresholds": "tf.keras.metrics.FalseNegatives(thresholds=...)",
    "false_positives_at_thresholds": "tf.keras.metrics.FalsePositives(thresholds=...)",
    "true_negatives_at_thresholds": "tf.keras.metrics.TrueNegatives(thresholds=...)",
    "true_positives_at_thresholds": "tf.keras.metrics.TruePositives(thresholds=...)",
    "mean": "tf.keras.metrics.Mean",
    "mean_absolute_error": "tf.keras.metrics.MeanAbsoluteError",
    "mean_squared_error": "tf.keras.metrics.MeanSquaredError",
    "root_mean_squared_error": "tf.keras.metrics.RootMeanSquaredError",
    "mean_iou": "tf.keras.metrics.MeanIoU",
    "precision": "tf.keras.metrics.Precision",
    "recall": "tf.keras.metrics.Recall",
    "precision_at_thresholds": "tf.keras.metrics.Precision(thresholds=...)",
    "recall_at_thresholds": "tf.keras.metrics.Recall(thresholds=...)",
    "precision_at_k": "tf.keras.metrics.Precision(top_k=...)",
    "precision_at_top_k": "tf.keras.metrics.Precision(top_k=...)",
    "recall_at_k": "tf.keras.metrics.Recall(top_k=...)",
    "recall_at_top_k": "tf.keras.metrics.Recall(top_k=...)",
    "sparse_precision_at_k": "tf.keras.metrics.Precision(top_k=...) on one-hot labels",
    "sensitivity_at_specificity": "tf.keras.metrics.SensitivityAtSpecificity",
    "specificity_at_sensitivity": "tf.keras.metrics.SpecificityAtSensitivity",
    "mean_cosine_distance": "tf.keras.metrics.CosineSimilarity (similarity, not distance)",
    "mean_per_class_accuracy": Recipe("average tf.keras.metrics.Recall(class_id=k) over the classes k"),
    "mean_relative_error": Recipe("tf.keras.metrics.Mean over tf.abs(y_pred - y_true) / normalizer"),
    "mean_tensor": Recipe("tf.keras.metrics.Mean per element, or a tf.Variable you update"),
    "percentage_below": Recipe("tf.keras.metrics.Mean over tf.cast(values < threshold, tf.float32)"),
    "average_precision_at_k": Recipe("Keras has no average precision at k: compute it with tf.math.top_k"),
    "sparse_average_precision_at_k": Recipe("Keras has no average precision at k: compute it with tf.math.top_k"),
}

METRICS = Rule(
    "TF522",
    "tf1-metrics",
    title="tf.metrics functions",
    why="The 1.x metric functions returned (value, update_op) pairs backed by local variables that a "
    "session had to initialize and run. A tf.keras.metrics object keeps its own state: call "
    "update_state, read result(), reset with reset_state().",
    replacement="the tf.keras.metrics class",
    names={f"metrics.{name}": new for name, new in _METRICS.items()},
    invalid=examples("import tensorflow as tf\nacc, update = tf.metrics.accuracy(labels, predictions)\n"),
    valid=("import tensorflow as tf\nacc = tf.keras.metrics.Accuracy()\n",),
)

RULES = (OPTIMIZERS, GLOBAL_STEP, SCHEDULES, GRADIENTS, SAVER, SAVED_MODEL_V1, TRAINING_LOOPS, LOSSES, METRICS)
