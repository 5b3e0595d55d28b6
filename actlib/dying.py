"""Dead ReLU units: counting them in a Keras model and watching them die in training.

A hidden unit with pre-activation ``z = h W + b`` is *dead* on a dataset when
``z <= 0`` for every example: a ReLU then outputs 0 everywhere and its
derivative is 0 everywhere, so no gradient reaches its weights and gradient
descent can never bring it back. Networks that are dead from the start are
in :mod:`actlib.born_dead`.
"""

import keras
import numpy as np

from actlib.deep_mlp import build_deep_mlp, check_dataset, hidden_dense_layers, train_and_measure


def dead_units(model, x):
    """Return one boolean mask per hidden Dense layer: True for units with ``z <= 0`` on every row of ``x``.

    The hidden layers are the model's Dense layers except the last (the output
    layer); each mask has one entry per unit. ``z`` is computed in float32
    exactly as the layer computes it, before its activation. For ReLU a True
    unit is dead; for Leaky ReLU or ELU it is only resting in the negative
    part, where the derivative is not zero, so it can still learn.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, not {type(model).__name__}.")
    layers = hidden_dense_layers(model)
    if not layers:
        raise ValueError("model has no hidden Dense layer (it needs at least two Dense layers).")
    x = np.asarray(x, dtype=np.float32)
    expected = tuple(model.inputs[0].shape[1:])
    if x.ndim < 2 or len(x) == 0 or x.shape[1:] != expected:
        raise ValueError(f"x must be a non-empty batch of shape (n, {', '.join(map(str, expected))}), "
                         f"got shape {x.shape}.")
    probe = keras.Model(model.input, [layer.input for layer in layers])
    inputs = probe(x, training=False)
    inputs = inputs if isinstance(inputs, (list, tuple)) else [inputs]
    masks = []
    for layer, h in zip(layers, inputs, strict=True):
        z = keras.ops.matmul(h, layer.kernel) + layer.bias
        masks.append(np.asarray(keras.ops.all(z <= 0, axis=0)))
    return masks


def dead_fraction(model, x):
    """Fraction of dead units (see :func:`dead_units`) in each hidden Dense layer, as an array."""
    return np.array([mask.mean() for mask in dead_units(model, x)])


def train_and_count_dead(x, y, depth, width, activation="relu", learning_rate=0.01, epochs=10,
                         optimizer="sgd", initializer="he_normal", bias_initializer="zeros",
                         batch_size=64, seed=0):
    """Train a deep MLP and record the dead fraction of each hidden layer after every epoch.

    Returns a dict of arrays with ``epochs + 1`` rows (before training, then
    after each epoch): ``loss``, ``accuracy`` and ``dead`` (shape
    ``(epochs + 1, depth)``, from :func:`dead_fraction` on ``x``).
    """
    x, y = check_dataset(x, y)
    model = build_deep_mlp(depth, width, activation, initializer, input_dim=x.shape[1], seed=seed,
                           bias_initializer=bias_initializer)

    def measure(trained):
        return dead_fraction(trained, x)

    record = train_and_measure(model, x, y, epochs, learning_rate, measure, batch_size, optimizer, seed)
    record["dead"] = record.pop("measurements")
    return record
