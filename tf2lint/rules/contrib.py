"""TF7xx: tf.contrib (gone in TF 2.x) and other 1.x-only packages, with where each part went."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from tf2lint.changes import Change, Recipe, Replaced, ReplacedNearly
from tf2lint.diagnostic import Edit
from tf2lint.rule import Example, Rule, examples
from tf2lint.source import SourceLines

if TYPE_CHECKING:
    from tf2lint.engine import Reference

TFP = "TensorFlow Probability (tensorflow_probability)"
# TensorFlow Addons reached end of life and fails to import on recent TF releases: never suggested.
NONE_LEFT = "no maintained TF 2.x equivalent (TensorFlow Addons, which had one, is end of life)"

# Where each tf.contrib submodule of TF 1.15 went. Modules not listed get the generic advice.
CONTRIB_ADVICE = {
    "all_reduce": "tf.distribute (cross-device ops)",
    "autograph": "tf.autograph (built into tf.function)",
    "batching": "tf.data batching (Dataset.batch, padded_batch)",
    "bayesflow": TFP,
    "bigtable": "the Bigtable client libraries (no TF 2.x equivalent)",
    "boosted_trees": "TensorFlow Decision Forests (tensorflow_decision_forests)",
    "checkpoint": "tf.train.Checkpoint and tf.Module tracking",
    "cloud": "tensorflow_io / Google Cloud client libraries",
    "cluster_resolver": "tf.distribute.cluster_resolver",
    "compiler": "tf.function(jit_compile=True) / tf.xla",
    "constrained_optimization": "TensorFlow Constrained Optimization (tensorflow_constrained_optimization)",
    "copy_graph": "nothing: no graph copying in TF 2.x",
    "crf": NONE_LEFT,
    "cudnn_rnn": "tf.keras.layers.LSTM / GRU (they use cuDNN kernels when they can)",
    "data": "tf.data and tf.data.experimental",
    "decision_trees": "TensorFlow Decision Forests (tensorflow_decision_forests)",
    "deprecated": "tf.summary (TF 2.x API)",
    "distribute": "tf.distribute (MirroredStrategy, MultiWorkerMirroredStrategy, TPUStrategy)",
    "distributions": TFP,
    "eager": "core TF 2.x: eager is the default (tf.function, tf.GradientTape, tf.train.Checkpoint)",
    "estimator": "tf.keras Model.fit (TF 2.16 removed the estimator API)",
    "factorization": "no TF 2.x equivalent (k-means and WALS were not carried over)",
    "feature_column": "tf.keras preprocessing layers",
    "ffmpeg": "tensorflow_io audio/video ops",
    "framework": "core TF (tf.Variable, tf.nest, tf.debugging) or tf_slim for arg_scope and variables helpers",
    "fused_conv": "tf.nn.conv2d (fusion is automatic)",
    "graph_editor": "nothing: graphs are not edited in TF 2.x",
    "grid_rnn": "no TF 2.x equivalent",
    "hadoop": "tensorflow_io",
    "hooks": "Keras callbacks",
    "ignite": "tensorflow_io",
    "image": "tf.image (rotation and transforms: tf.keras.layers.RandomRotation and friends)",
    "input_pipeline": "tf.data",
    "integrate": f"{TFP}: tfp.math.ode",
    "kafka": "tensorflow_io (tfio.experimental.streaming)",
    "keras": "tf.keras",
    "kernel_methods": "no TF 2.x equivalent (Keras 3 has no RandomFourierFeatures layer)",
    "kinesis": "tensorflow_io",
    "labeled_tensor": "no TF 2.x equivalent",
    "layers": "tf.keras.layers, or the tf_slim package for slim-style layers",
    "learn": "tf.keras (Model.fit) and tf.data; the datasets moved to tf.keras.datasets / tensorflow_datasets",
    "legacy_seq2seq": "tf.keras recurrent layers (LSTM, GRU) and tf.keras.layers.Attention",
    "libsvm": "tensorflow_io",
    "linear_optimizer": "a tf.keras.layers.Dense model, or TensorFlow Decision Forests (no SDCA equivalent)",
    "lookup": "tf.lookup",
    "losses": "tf.keras.losses",
    "memory_stats": "tf.config.experimental.get_memory_info",
    "meta_graph_transform": "no TF 2.x equivalent",
    "metrics": "tf.keras.metrics",
    "mixed_precision": "tf.keras.mixed_precision",
    "model_pruning": "TensorFlow Model Optimization (tensorflow_model_optimization.sparsity)",
    "nearest_neighbor": "no TF 2.x equivalent",
    "nn": "tf.nn",
    "opt": "tf.keras.optimizers (AdamW, Lamb, Adafactor are built in)",
    "optimizer_v2": "tf.keras.optimizers",
    "periodic_resample": "no TF 2.x equivalent",
    "predictor": "tf.saved_model.load and the loaded signatures",
    "proto": "tf.io.decode_proto / tf.io.encode_proto",
    "quantization": "tf.quantization",
    "quantize": "TensorFlow Model Optimization (tensorflow_model_optimization.quantization)",
    "rate": "no TF 2.x equivalent",
    "receptive_field": "no TF 2.x equivalent",
    "recurrent": "tf.keras recurrent layers",
    "reduce_slice_ops": "tf.math.segment_* / tf.math.unsorted_segment_*",
    "remote_fused_graph": "no TF 2.x equivalent",
    "resampler": NONE_LEFT,
    "rnn": "tf.keras.layers (LSTMCell, GRUCell, RNN, Bidirectional)",
    "rpc": "no TF 2.x equivalent",
    "saved_model": "tf.saved_model",
    "seq2seq": "tf.keras recurrent layers and tf.keras.layers.Attention (" + NONE_LEFT + ")",
    "session_bundle": "tf.saved_model",
    "signal": "tf.signal",
    "slim": "the tf_slim package (pip install tf-slim; import tf_slim as slim)",
    "solvers": "no TF 2.x equivalent",
    "sparsemax": "tf.keras.activations.sparsemax",
    "specs": "no TF 2.x equivalent",
    "staging": "tf.data prefetching",
    "stat_summarizer": "the TensorFlow profiler (tf.profiler)",
    "stateless": "tf.random.stateless_*",
    "summary": "tf.summary (the TF 2.x tf.summary is the old tf.contrib.summary API)",
    "tensor_forest": "TensorFlow Decision Forests (tensorflow_decision_forests)",
    "tensorboard": "tf.summary and the TensorBoard package",
    "tensorrt": "tf.experimental.tensorrt",
    "testing": "tf.test",
    "text": "TensorFlow Text (tensorflow_text)",
    "tfprof": "tf.profiler",
    "timeseries": "no TF 2.x equivalent (see TensorFlow Probability's tfp.sts)",
    "tpu": "tf.distribute.TPUStrategy and tf.tpu",
    "training": "tf.data (bucketing: Dataset.bucket_by_sequence_length), tf.train.Checkpoint, Keras callbacks",
    "util": "core TF (tf.make_ndarray, tf.make_tensor_proto)",
}

K = "tf.keras.layers."
# The layer functions tf.contrib.layers and tf_slim share, each with its Keras class.
_LAYERS: dict[str, str | Change] = {
    "fully_connected": K + "Dense",
    "conv1d": K + "Conv1D",
    "conv2d": K + "Conv2D",
    "conv3d": K + "Conv3D",
    "convolution": K + "Conv2D (Conv1D / Conv3D by rank)",
    "convolution2d": K + "Conv2D",
    "conv2d_transpose": K + "Conv2DTranspose",
    "conv3d_transpose": K + "Conv3DTranspose",
    "convolution2d_transpose": K + "Conv2DTranspose",
    "separable_conv2d": K + "SeparableConv2D",
    "separable_convolution2d": K + "SeparableConv2D",
    "max_pool2d": K + "MaxPool2D",
    "max_pool3d": K + "MaxPool3D",
    "avg_pool2d": K + "AveragePooling2D",
    "avg_pool3d": K + "AveragePooling3D",
    "batch_norm": K + "BatchNormalization (no fused= or virtual_batch_size=)",
    "layer_norm": K + "LayerNormalization",
    "group_norm": K + "GroupNormalization",
    "dropout": K + "Dropout (rate= is 1 - keep_prob)",
    "flatten": K + "Flatten",
    "embed_sequence": K + "Embedding",
    "one_hot_encoding": "tf.one_hot",
    "l1_regularizer": "tf.keras.regularizers.L1",
    "l2_regularizer": "tf.keras.regularizers.L2",
    "l1_l2_regularizer": "tf.keras.regularizers.L1L2",
    "xavier_initializer": "tf.keras.initializers.GlorotUniform (GlorotNormal for uniform=False)",
    "xavier_initializer_conv2d": "tf.keras.initializers.GlorotUniform",
    "variance_scaling_initializer": "tf.keras.initializers.VarianceScaling",
    "softmax": "tf.nn.softmax",
    "bias_add": "tf.nn.bias_add",
    "repeat": Recipe("call the Keras layer in a Python loop"),
    "stack": Recipe("build a tf.keras.Sequential of the layers"),
    "arg_scope": Recipe("pass the shared arguments to each Keras layer (functools.partial helps)"),
    "optimize_loss": Recipe("compute the loss under tf.GradientTape and call optimizer.apply_gradients"),
    "summarize_activation": Recipe("tf.summary.histogram(name, activation, step=step)"),
}
_RNN: dict[str, str | Change] = {
    "LSTMCell": "tf.keras.layers.LSTMCell (it has no num_proj= or use_peepholes=)",
    "BasicLSTMCell": "tf.keras.layers.LSTMCell",
    "LSTMBlockCell": "tf.keras.layers.LSTMCell",
    "LSTMBlockFusedCell": "tf.keras.layers.LSTM",
    "CudnnLSTM": "tf.keras.layers.LSTM",
    "GRUCell": "tf.keras.layers.GRUCell",
    "GRUBlockCell": "tf.keras.layers.GRUCell",
    "GRUBlockCellV2": "tf.keras.layers.GRUCell",
    "BasicRNNCell": "tf.keras.layers.SimpleRNNCell",
    "MultiRNNCell": "tf.keras.layers.StackedRNNCells",
    "LayerNormBasicLSTMCell": "tf.keras.layers.LSTMCell with tf.keras.layers.LayerNormalization on its output",
    "DropoutWrapper": Recipe(
        "pass dropout= and recurrent_dropout= to the Keras cell; they are rates (1 - keep_prob), not keep probabilities"
    ),
    "static_rnn": "tf.keras.layers.RNN(cell, unroll=True)",
    "static_bidirectional_rnn": "tf.keras.layers.Bidirectional",
    "stack_bidirectional_dynamic_rnn": "stacked tf.keras.layers.Bidirectional layers",
}
_METRICS: dict[str, str | Change] = {
    "streaming_accuracy": "tf.keras.metrics.Accuracy",
    "streaming_mean": "tf.keras.metrics.Mean",
    "streaming_auc": "tf.keras.metrics.AUC",
    "streaming_precision": "tf.keras.metrics.Precision",
    "streaming_recall": "tf.keras.metrics.Recall",
    "streaming_mean_iou": "tf.keras.metrics.MeanIoU",
    "streaming_mean_squared_error": "tf.keras.metrics.MeanSquaredError",
    "streaming_mean_absolute_error": "tf.keras.metrics.MeanAbsoluteError",
    "streaming_root_mean_squared_error": "tf.keras.metrics.RootMeanSquaredError",
    "streaming_true_positives": "tf.keras.metrics.TruePositives",
    "streaming_false_positives": "tf.keras.metrics.FalsePositives",
    "streaming_true_negatives": "tf.keras.metrics.TrueNegatives",
    "streaming_false_negatives": "tf.keras.metrics.FalseNegatives",
    "f1_score": "tf.keras.metrics.F1Score",
}
_OPT: dict[str, str | Change] = {
    "AdamWOptimizer": "tf.keras.optimizers.AdamW",
    "LazyAdamOptimizer": "tf.keras.optimizers.Adam",
    "LAMBOptimizer": "tf.keras.optimizers.Lamb",
    "NadamOptimizer": "tf.keras.optimizers.Nadam",
    "AdaMaxOptimizer": "tf.keras.optimizers.Adamax",
    "MovingAverageOptimizer": "a tf.keras.optimizers class with use_ema=True",
    "ScipyOptimizerInterface": Recipe(
        "no TF 2.x equivalent: call scipy.optimize with values and gradients from tf.GradientTape"
    ),
}
_TRAINING: dict[str, str | Change] = {
    "bucket_by_sequence_length": "tf.data.Dataset.bucket_by_sequence_length",
    "HParams": Recipe("a plain dict or dataclass (no TF 2.x equivalent)"),
    "stratified_sample": "tf.data.Dataset.rejection_resample",
}
MEMBERS: dict[str, str | Change] = {
    **{f"contrib.layers.{name}": new for name, new in _LAYERS.items()},
    **{f"contrib.slim.{name}": new for name, new in _LAYERS.items()},
    **{f"contrib.rnn.{name}": new for name, new in _RNN.items()},
    **{f"contrib.metrics.{name}": new for name, new in _METRICS.items()},
    **{f"contrib.opt.{name}": new for name, new in _OPT.items()},
    **{f"contrib.training.{name}": new for name, new in _TRAINING.items()},
}


def _slim_import(ref: Reference, node: ast.AST, source: SourceLines) -> tuple[Edit, ...]:
    """``import tensorflow.contrib.slim as slim`` or ``from tensorflow.contrib import slim`` ->
    ``import tf_slim as slim`` (the tf-slim package): only a statement that imports slim alone."""
    statement = ref.statement
    if not ref.is_import or ref.qualified != "tensorflow.contrib.slim" or statement is None:
        return ()
    if not isinstance(statement, (ast.Import, ast.ImportFrom)) or len(statement.names) != 1:
        return ()
    alias = statement.names[0]
    if isinstance(statement, ast.ImportFrom):
        if statement.level or statement.module != "tensorflow.contrib" or alias.name != "slim":
            return ()
        local = alias.asname or "slim"
    elif alias.name != "tensorflow.contrib.slim" or alias.asname is None:
        return ()  # a plain ``import tensorflow.contrib.slim`` binds ``tensorflow``, used as such
    else:
        local = alias.asname
    line, col, end_line, end_col = source.span(statement)
    return (
        Edit(line, col, end_line, end_col, "import tf_slim" if local == "tf_slim" else f"import tf_slim as {local}"),
    )


CONTRIB = Rule(
    "TF701",
    "tf1-contrib",
    title="tf.contrib",
    change=Replaced,
    replacement="core TF 2.x, tf.keras, TensorFlow Probability or tf_slim",
    why="tf.contrib was never part of the stable API and was deleted in TF 2.0; its modules moved to "
    "core TF, separate packages, or nowhere. Every import and every use is reported, with the "
    "member's own replacement where one exists (tf.contrib.layers, slim, rnn, metrics, opt, "
    "training), else the module's destination.",
    names=MEMBERS,
    modules={
        "contrib": "",
        **{f"contrib.{name}": advice for name, advice in CONTRIB_ADVICE.items()},
        "contrib.slim": ReplacedNearly(str(CONTRIB_ADVICE["slim"])),
    },
    fix=_slim_import,
    invalid=(
        Example("from tensorflow.contrib import slim\n", unsafe="import tf_slim as slim\n"),
        Example(
            "import tensorflow.contrib.slim as slim\nnet = slim.conv2d(x, 32, [3, 3])\n",
            unsafe="import tf_slim as slim\nnet = slim.conv2d(x, 32, [3, 3])\n",
        ),
        Example("from tensorflow.contrib import slim, layers\n"),
        *examples(
            "import tensorflow as tf\ncell = tf.contrib.rnn.LSTMBlockCell(64)\n",
            "import tensorflow as tf\nx = tf.contrib.foo_unknown.bar\n",
        ),
    ),
    valid=(
        "import tf_slim as slim\nnet = slim.conv2d(x, 32, [3, 3])\n",
        "import tensorflow as tf\nopt = tf.keras.optimizers.AdamW(1e-4)\n",
        "import tensorflow_probability as tfp\nd = tfp.distributions.Normal(0., 1.)\n",
    ),
)

EXAMPLES = Rule(
    "TF702",
    "tf1-examples-tutorials",
    title="tensorflow.examples.tutorials",
    change=Replaced,
    replacement="tf.keras.datasets.mnist.load_data(), or tensorflow_datasets",
    why="The tutorial helpers (MNIST input_data) were removed from the TensorFlow package.",
    modules={"examples.tutorials": ""},
    invalid=examples(
        "from tensorflow.examples.tutorials.mnist import input_data\n",
        "from tensorflow.examples.tutorials.mnist import input_data\nmnist = input_data.read_data_sets('data')\n",
    ),
    valid=("import tensorflow as tf\n(x, y), _ = tf.keras.datasets.mnist.load_data()\n",),
)

RULES = (CONTRIB, EXAMPLES)
