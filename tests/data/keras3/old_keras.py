import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import backend as K
from tensorflow.keras.layers.experimental import preprocessing

model = tf.keras.Sequential([preprocessing.Rescaling(1 / 255), tf.keras.layers.Dense(10)])
opt = tf.keras.optimizers.Adam(lr=0.01, decay=1e-5)
legacy = tf.keras.optimizers.legacy.SGD(0.1)
K.set_learning_phase(0)
phase = keras.backend.learning_phase()
model.compile(optimizer=opt, loss="mse")
model.fit_generator(gen, steps_per_epoch=10)
model.save("saved_model_dir")
model.save_weights("ckpt")
restored = tf.keras.models.load_model("saved_model_dir")
print(opt.lr)
opt.minimize(loss, var_list)
x = tf.keras.losses.mean_squared_error(a, b)
est = tf.keras.estimator.model_to_estimator(model)
norm = tf.keras.layers.experimental.preprocessing.Normalization()  # noqa: TFK102
labels = model.predict_classes(x_test)
model.fit(x, y, workers=4, use_multiprocessing=True)
