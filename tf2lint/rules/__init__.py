"""The rule catalogue: one module per family, collected here in code order.

Adding a rule: define it in its family's module and add it to that module's RULES tuple.
"""

from tf2lint.rule import Rule
from tf2lint.rules import (
    compat,
    contrib,
    generated,
    keras3,
    layers,
    placeholders,
    session,
    summaries,
    training,
    utilities,
    variables,
)

ALL_RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            *compat.RULES,
            *session.RULES,
            *placeholders.RULES,
            *variables.RULES,
            *layers.RULES,
            *training.RULES,
            *summaries.RULES,
            *contrib.RULES,
            *utilities.RULES,
            *generated.RULES,
            *keras3.RULES,
        ),
        key=lambda rule: rule.code,
    )
)

FAMILIES = {
    "TF0": "Still on tf.compat.v1",
    "TF1": "Sessions, graphs and dataset iterators",
    "TF2": "Placeholders",
    "TF3": "Variables, scopes, collections and initializers",
    "TF4": "tf.layers and the 1.x RNN API",
    "TF5": "Optimizers, schedules, gradients, checkpoints and export",
    "TF6": "Summaries",
    "TF7": "tf.contrib and removed packages",
    "TF8": "Moved utilities and changed arguments",
    "TF9": "Generated from the TensorFlow API table",
    "TFK1": "Keras 3 (TF 2.16+): names and keywords tf.keras no longer has",
    "TFK2": "Keras 3 (TF 2.16+): behaviour changes",
}
