"""A deterministic corpus of realistic TF 1.x modules for the benchmark.

Files are stitched from blocks of the kinds real 1.x projects are made of (model functions, input
pipelines, training loops, plain-Python helpers), with names and sizes drawn from a seeded RNG, so
every run and every machine gets the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

HEADERS = [
    "import os\nimport time\nimport numpy as np\nimport tensorflow as tf\n",
    "import tensorflow as tf\nfrom tensorflow.contrib import slim\nimport numpy as np\n",
    "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\nimport json\n",
    "import tensorflow as tf\nfrom tensorflow import layers\nimport collections\nimport logging\n",
]

BLOCKS = [
    # model
    '''
def {name}(inputs, num_classes={n}, is_training=True, scope="{name}"):
    """Builds the {name} tower."""
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        net = tf.layers.conv2d(inputs, {n}, 3, padding="same", activation=tf.nn.relu)
        net = tf.layers.batch_normalization(net, training=is_training)
        net = tf.layers.max_pooling2d(net, 2, 2)
        net = tf.layers.dropout(net, rate=0.{d}, training=is_training)
        net = tf.layers.flatten(net)
        weights = tf.get_variable("w", [net.shape[-1], num_classes])
        logits = tf.matmul(net, weights)
        tf.summary.histogram("logits", logits)
    return logits
''',
    # loss
    """
def {name}_loss(logits, labels, weight_decay=1e-{d}):
    xent = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    loss = tf.reduce_mean(xent, reduction_indices=[0])
    l2 = tf.add_n([tf.nn.l2_loss(v) for v in tf.trainable_variables()])
    total = loss + weight_decay * l2
    tf.add_to_collection("losses", total)
    tf.summary.scalar("loss", total, collections=["train"])
    return total
""",
    # input pipeline
    """
def {name}_input(filenames, batch_size={n}):
    dataset = tf.data.TFRecordDataset(filenames)
    dataset = dataset.map(lambda record: tf.parse_single_example(record, FEATURES))
    dataset = dataset.shuffle(buffer_size=1000).batch(batch_size)
    iterator = dataset.make_one_shot_iterator()
    images, labels = iterator.get_next()
    images = tf.to_float(images) / 255.0
    return images, tf.one_hot(labels, depth={n})
""",
    # training loop
    """
def {name}_train(loss, logdir, steps={n}00):
    global_step = tf.train.get_or_create_global_step()
    learning_rate = tf.train.exponential_decay(0.1, global_step, 1000, 0.9{d})
    optimizer = tf.train.MomentumOptimizer(learning_rate, momentum=0.9)
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train_op = optimizer.minimize(loss, global_step=global_step)
    saver = tf.train.Saver(max_to_keep={d})
    merged = tf.summary.merge_all()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        writer = tf.summary.FileWriter(logdir, sess.graph)
        for step in range(steps):
            _, summary = sess.run([train_op, merged])
            writer.add_summary(summary, step)
            if step % 100 == 0:
                tf.logging.info("step %d", step)
                saver.save(sess, os.path.join(logdir, "model.ckpt"), global_step=step)
""",
    # math helpers using renamed names
    """
def {name}_stats(x, axis=-1):
    mean = tf.reduce_mean(x, axis=axis, keep_dims=True)
    centered = x - mean
    log_var = tf.log(tf.reduce_mean(tf.square(centered), axis=axis) + 1e-{d})
    probs = tf.nn.softmax(centered, dim=axis)
    top = tf.argmax(probs, dimension=axis)
    return mean, log_var, probs, top
""",
    # plain python helper
    '''
class {cname}Config(object):
    """Settings for {name}; plain Python, nothing to report."""

    def __init__(self, path, retries={n}):
        self.path = path
        self.retries = retries
        self.history = collections.OrderedDict() if "collections" in globals() else {{}}

    def load(self):
        with open(self.path) as handle:
            for number, line in enumerate(handle):
                key, _, value = line.partition("=")
                self.history[key.strip()] = (number, value.strip())
        return self

    def describe(self):
        items = sorted(self.history.items(), key=lambda item: item[1][0])
        return ", ".join("%s=%s" % (key, value) for key, (_, value) in items)
''',
    # plain python numeric helper
    """
def {name}_schedule(step, warmup={n}, base=0.{d}):
    if step < warmup:
        return base * (step + 1) / warmup
    progress = (step - warmup) / max(1, {n}000 - warmup)
    return base * 0.5 * (1 + np.cos(np.pi * min(progress, 1.0)))


def {name}_chunks(values, size={d}):
    chunk = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
""",
    # 2.x-style code (must stay clean)
    """
@tf.function
def {name}_step(model, optimizer, images, labels):
    with tf.GradientTape() as tape:
        logits = model(images, training=True)
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
""",
]

# How often each block appears: real 1.x projects carry much more plain Python (configuration,
# data handling, utilities) than TensorFlow calls. With these weights about one line in six has a
# finding, which the benchmark prints so the numbers can be judged.
WEIGHTS = [1, 1, 1, 1, 1, 3, 3, 1]

WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "encoder",
    "decoder",
    "tower",
    "head",
    "stem",
    "block",
    "mnist",
    "cifar",
    "resnet",
    "vgg",
    "lstm",
    "attention",
    "embed",
    "policy",
    "critic",
    "value",
]


def generate(directory: Path, files: int, seed: int = 2026) -> list[Path]:
    """Write ``files`` modules of 20 to ~600 lines into ``directory``; return their paths."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(files):
        parts = [rng.choice(HEADERS)]
        for _ in range(rng.choice([1, 2, 3, 4, 6, 10, 16, 24])):
            name = f"{rng.choice(WORDS)}_{rng.randrange(1000)}"
            block = rng.choices(BLOCKS, WEIGHTS)[0]
            parts.append(
                block.format(
                    name=name, cname=name.title().replace("_", ""), n=rng.randrange(2, 9), d=rng.randrange(1, 9)
                )
            )
        path = directory / f"module_{index:05}.py"
        path.write_text("".join(parts), encoding="utf-8")
        paths.append(path)
    return paths
