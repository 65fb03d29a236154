import os
import tensorflow as tf
import keras
from keras import layers

model = keras.Sequential([layers.Rescaling(1 / 255), layers.Dense(10)])
opt = keras.optimizers.Adam(learning_rate=0.01)
model.compile(optimizer=opt, loss="mse")
model.fit(ds, epochs=3)
model.save("model.keras")
model.save_weights("model.weights.h5")
m2 = tf.keras.models.load_model("model.keras")
tfm = tf.keras.Sequential([tf.keras.layers.Dense(1)])
tfm.save(os.path.join(d, "m.keras"))
print(opt.learning_rate)
layer = keras.layers.TFSMLayer("export", call_endpoint="serve")
model.export("export")
y = tf.keras.ops.sum(x)
t = tf.keras.layers.TextVectorization()
ds.save("path")
clf.fit(features, target)
scores = clf.predict_proba(features)
