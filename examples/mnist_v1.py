"""A TF 1.x MNIST training script: run `tf2lint examples/mnist_v1.py` to see what TF 2.x breaks."""
from __future__ import absolute_import, division, print_function

import os
import time

import numpy as np
import tensorflow as tf
from tensorflow.contrib import slim
from tensorflow.examples.tutorials.mnist import input_data

flags = tf.app.flags
flags.DEFINE_string("data_dir", "/tmp/mnist", "Where the data lives")
flags.DEFINE_integer("steps", 1000, "Training steps")
FLAGS = flags.FLAGS

tf.logging.set_verbosity(tf.logging.INFO)


def model(images, keep_prob, is_training):
    """Two conv layers and a dense head, the 1.x way."""
    with tf.variable_scope("model", reuse=tf.AUTO_REUSE):
        net = tf.reshape(images, [-1, 28, 28, 1])
        net = tf.layers.conv2d(net, 32, 5, activation=tf.nn.relu)
        net = tf.layers.max_pooling2d(net, 2, 2)
        net = slim.conv2d(net, 64, [5, 5])
        net = tf.layers.batch_normalization(net, training=is_training)
        net = tf.layers.flatten(net)
        net = tf.nn.dropout(net, keep_prob=keep_prob)
        w = tf.get_variable("w", [3136, 10], initializer=tf.glorot_uniform_initializer())
        b = tf.Variable(tf.zeros([10]), name="b")
        return tf.matmul(net, w) + b


def loss_fn(logits, labels):
    xent = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    loss = tf.reduce_mean(xent, reduction_indices=[0])
    tf.add_to_collection("losses", loss)
    return tf.add_n(tf.get_collection("losses"))


def main(_):
    mnist = input_data.read_data_sets(FLAGS.data_dir, one_hot=True)
    tf.reset_default_graph()

    images = tf.placeholder(tf.float32, [None, 784], name="images")
    labels = tf.placeholder(tf.float32, [None, 10], name="labels")
    keep_prob = tf.placeholder_with_default(1.0, shape=[])
    is_training = tf.placeholder(tf.bool)

    logits = model(images, keep_prob, is_training)
    loss = loss_fn(logits, labels)
    probabilities = tf.nn.softmax(logits, dim=-1)
    correct = tf.equal(tf.argmax(logits, dimension=1), tf.argmax(labels, 1))
    accuracy = tf.reduce_mean(tf.to_float(correct))
    total = tf.reduce_sum(probabilities, 1, keep_dims=True)

    global_step = tf.train.get_or_create_global_step()
    learning_rate = tf.train.exponential_decay(0.01, global_step, 1000, 0.96)
    optimizer = tf.train.AdamOptimizer(learning_rate)
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.control_dependencies(update_ops):
        train_op = optimizer.minimize(loss, global_step=global_step)
    grads = tf.gradients(loss, tf.trainable_variables())

    tf.summary.scalar("loss", loss, collections=["train"])
    tf.summary.scalar("accuracy", accuracy)
    tf.summary.histogram("logits", logits)
    merged = tf.summary.merge_all()

    saver = tf.train.Saver(max_to_keep=5)
    init = tf.global_variables_initializer()
    config = tf.ConfigProto(allow_soft_placement=True)
    config.gpu_options.allow_growth = True

    with tf.Session(config=config) as sess:
        writer = tf.summary.FileWriter(os.path.join(FLAGS.data_dir, "logs"), sess.graph)
        sess.run(init)
        start = time.time()
        for step in range(FLAGS.steps):
            batch_x, batch_y = mnist.train.next_batch(64)
            feed = {images: batch_x, labels: batch_y, keep_prob: 0.5, is_training: True}
            _, summary, value = sess.run([train_op, merged, loss], feed_dict=feed)
            writer.add_summary(summary, step)
            if step % 100 == 0:
                tf.logging.info("step %d loss %.3f (%.1fs)", step, value, time.time() - start)
                saver.save(sess, os.path.join(FLAGS.data_dir, "model.ckpt"), global_step=step)
        acc = sess.run(accuracy, feed_dict={images: mnist.test.images, labels: mnist.test.labels})
        print("test accuracy", acc, np.log(acc), total)
        with tf.gfile.GFile(os.path.join(FLAGS.data_dir, "result.txt"), "w") as handle:
            handle.write(str(acc))


def input_pipeline(filenames):
    dataset = tf.data.TFRecordDataset(filenames).map(tf.io.parse_single_example)
    iterator = dataset.make_one_shot_iterator()
    table_init = tf.tables_initializer()
    return iterator.get_next(), table_init, tf.log(tf.constant(2.0))


if __name__ == "__main__":
    tf.app.run(main)
