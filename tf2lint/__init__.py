"""tf2lint: find TensorFlow 1.x code that breaks or is deprecated under TensorFlow 2.x."""

__version__ = "0.1.0"
