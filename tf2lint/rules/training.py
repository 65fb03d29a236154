"""TF5xx: optimizers, learning-rate schedules, gradients, checkpoints, export and 1.x training loops."""

from tf2lint.changes import MeaningChanged, Replaced
from tf2lint.rule import Rule, examples

_OPTIMIZERS = {
    "AdamOptimizer": "tf.keras.optimizers.Adam",
    "GradientDescentOptimizer": "tf.keras.optimizers.SGD",
    "MomentumOptimizer": "tf.keras.optimizers.SGD(momentum=...)",
    "RMSPropOptimizer": "tf.keras.optimizers.RMSprop",
    "AdagradOptimizer": "tf.keras.optimizers.Adagrad",
    "AdadeltaOptimizer": "tf.keras.optimizers.Adadelta",
    "FtrlOptimizer": "tf.keras.optimizers.Ftrl",
    "ProximalGradientDescentOptimizer": "tf.keras.optimizers.SGD with a regularizer (no direct equivalent)",
    "ProximalAdagradOptimizer": "tf.keras.optimizers.Adagrad with a regularizer (no direct equivalent)",
    "AdagradDAOptimizer": "tf.keras.optimizers.Adagrad (no dual-averaging equivalent)",
    "SyncReplicasOptimizer": "a tf.distribute strategy",
    "Optimizer": "tf.keras.optimizers.Optimizer",
}

OPTIMIZERS = Rule(
    "TF501", "tf1-optimizer",
    title="tf.train optimizers",
    change=Replaced,
    replacement="the tf.keras.optimizers class",
    why="The 1.x optimizers built update ops for a session. Keras optimizers apply gradients eagerly "
        "(optimizer.apply_gradients) or through model.fit, and keep their own step counter.",
    names={f"train.{name}": new for name, new in _OPTIMIZERS.items()},
    invalid=examples(
        "import tensorflow as tf\nopt = tf.train.AdamOptimizer(1e-3)\n",
        "from tensorflow.train import GradientDescentOptimizer\n",
    ),
    valid=("import tensorflow as tf\nopt = tf.keras.optimizers.Adam(1e-3)\n", "opt.minimize(loss)\n"),
)

GLOBAL_STEP = Rule(
    "TF502", "tf1-global-step",
    title="The global step",
    change=Replaced,
    replacement="optimizer.iterations",
    why="The global step was a variable in a graph collection; a Keras optimizer counts its own "
        "updates in optimizer.iterations.",
    names={"train.get_or_create_global_step": "", "train.get_global_step": "", "train.create_global_step": "",
           "train.global_step": "", "train.assert_global_step": ""},
    invalid=examples("import tensorflow as tf\nstep = tf.train.get_or_create_global_step()\n"),
    valid=("import tensorflow as tf\nstep = optimizer.iterations\n",),
)

_SCHEDULES = {
    "exponential_decay": "ExponentialDecay", "piecewise_constant": "PiecewiseConstantDecay",
    "piecewise_constant_decay": "PiecewiseConstantDecay", "polynomial_decay": "PolynomialDecay",
    "inverse_time_decay": "InverseTimeDecay", "cosine_decay": "CosineDecay",
    "cosine_decay_restarts": "CosineDecayRestarts",
}

SCHEDULES = Rule(
    "TF503", "tf1-lr-decay",
    title="Learning-rate decay functions",
    change=Replaced,
    replacement="a tf.keras.optimizers.schedules.LearningRateSchedule",
    why="The decay functions read the global step from the graph. Schedules are objects passed as "
        "the optimizer's learning_rate and called with its step.",
    names={**{f"train.{name}": f"tf.keras.optimizers.schedules.{cls}" for name, cls in _SCHEDULES.items()},
           "train.natural_exp_decay": "", "train.linear_cosine_decay": "", "train.noisy_linear_cosine_decay": ""},
    invalid=examples("import tensorflow as tf\nlr = tf.train.exponential_decay(0.1, step, 1000, 0.96)\n"),
    valid=("import tensorflow as tf\nlr = tf.keras.optimizers.schedules.ExponentialDecay(0.1, 1000, 0.96)\n",),
)


def _outside_tf_function(ref) -> bool:
    return not ref.context.in_tf_function


GRADIENTS = Rule(
    "TF504", "tf1-gradients",
    title="tf.gradients outside tf.function",
    change=MeaningChanged, effect="works only inside tf.function in TF 2.x",
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
    "TF511", "tf1-saver",
    title="Saver and meta graphs",
    change=Replaced,
    replacement="tf.train.Checkpoint with tf.train.CheckpointManager",
    why="Saver saved variables by graph name. tf.train.Checkpoint saves the objects you list and "
        "restores them by their place in the object graph, so renaming a scope no longer breaks it.",
    names={"train.Saver": "", "train.import_meta_graph": "tf.saved_model.load",
           "train.export_meta_graph": "tf.saved_model.save", "train.NewCheckpointReader": "tf.train.load_checkpoint",
           "train.checkpoint_exists": "tf.train.latest_checkpoint", "train.SaverDef": ""},
    invalid=examples(
        "import tensorflow as tf\nsaver = tf.train.Saver(max_to_keep=3)\n",
        "import tensorflow as tf\nsaver = tf.train.import_meta_graph('model.meta')\n",
    ),
    valid=("import tensorflow as tf\nckpt = tf.train.Checkpoint(model=model)\nsaver.save(sess, 'x')\n",),
)

SAVED_MODEL_V1 = Rule(
    "TF512", "tf1-saved-model-v1",
    title="1.x SavedModel builder and loader",
    change=Replaced,
    replacement="tf.saved_model.save / tf.saved_model.load",
    why="The 1.x builder and loader work on sessions and meta graphs; the 2.x functions save and "
        "load trackable objects and their tf.function signatures.",
    names={"saved_model.simple_save": "tf.saved_model.save", "saved_model.Builder": "tf.saved_model.save",
           "saved_model.main_op": "", "saved_model.main_op_with_restore": ""},
    modules={"saved_model.loader": "tf.saved_model.load", "saved_model.builder": "tf.saved_model.save"},
    invalid=examples(
        "import tensorflow as tf\ntf.saved_model.simple_save(sess, path, inputs, outputs)\n",
        "import tensorflow as tf\ntf.saved_model.loader.load(sess, ['serve'], path)\n",
    ),
    valid=("import tensorflow as tf\ntf.saved_model.save(model, path)\n",),
)

TRAINING_LOOPS = Rule(
    "TF513", "tf1-session-training-loop",
    title="Session-based training loops, hooks and queues",
    change=Replaced,
    replacement="a Python loop over a tf.data.Dataset (or model.fit with callbacks)",
    why="Monitored sessions, hooks and queue runners drove 1.x graphs; TF 2.x trains in plain Python "
        "with tf.data feeding the loop.",
    names={name: "" for name in (
        "train.MonitoredTrainingSession", "train.MonitoredSession", "train.SingularMonitoredSession",
        "train.Supervisor", "train.Scaffold", "train.SessionRunHook", "train.SessionRunArgs",
        "train.start_queue_runners", "train.QueueRunner", "train.add_queue_runner", "train.shuffle_batch",
        "train.batch", "train.string_input_producer", "train.slice_input_producer", "train.input_producer",
        "train.range_input_producer", "train.limit_epochs", "TFRecordReader", "TextLineReader",
        "WholeFileReader", "FixedLengthRecordReader")},
    modules={"train.queue_runner": ""},
    invalid=examples("import tensorflow as tf\nwith tf.train.MonitoredTrainingSession() as sess:\n    pass\n"),
    valid=("import tensorflow as tf\nfor batch in dataset:\n    train_step(batch)\n",),
)

RULES = (OPTIMIZERS, GLOBAL_STEP, SCHEDULES, GRADIENTS, SAVER, SAVED_MODEL_V1, TRAINING_LOOPS)
