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

    Args:
        model: a ``keras.Model`` with at least two Dense layers.
        x: a non-empty batch of the model's inputs.

    Returns:
        A list of boolean arrays, one per hidden Dense layer.

    Example:
        >>> model = build_deep_mlp(depth=2, width=4, activation="relu", bias_initializer="ones")
        >>> first, second = dead_units(model, np.zeros((3, 64), np.float32))
        >>> first.tolist()  # z = the biases = 1 for every input: every unit of layer 1 is on
        [False, False, False, False]
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
    """Fraction of dead units (see :func:`dead_units`) in each hidden Dense layer, as an array.

    Args:
        model, x: as :func:`dead_units` takes them.

    Returns:
        A float array with one fraction from 0 to 1 per hidden Dense layer.

    Example:
        >>> import keras
        >>> model = build_deep_mlp(depth=2, width=4, activation="relu",
        ...                        bias_initializer=keras.initializers.Constant(-1.0))
        >>> dead_fraction(model, np.zeros((3, 64), np.float32)).tolist()  # z = -1 for every input
        [1.0, 1.0]
    """
    return np.array([mask.mean() for mask in dead_units(model, x)])


def train_and_count_dead(x, y, depth, width, activation="relu", learning_rate=0.01, epochs=10,
                         optimizer="sgd", initializer="he_normal", bias_initializer="zeros",
                         batch_size=64, seed=0):
    """Train a deep MLP and record the dead fraction of each hidden layer after every epoch.

    Returns a dict of arrays with ``epochs + 1`` rows (before training, then
    after each epoch): ``loss``, ``accuracy`` and ``dead`` (shape
    ``(epochs + 1, depth)``, from :func:`dead_fraction` on ``x``).

    Args:
        x, y: the training data (see :func:`actlib.deep_mlp.check_dataset`).
        depth, width, activation, initializer, bias_initializer, seed: the network, as
            :func:`actlib.deep_mlp.build_deep_mlp` takes them.
        learning_rate, epochs, optimizer, batch_size: the training, as
            :func:`actlib.deep_mlp.train_and_measure` takes them.

    Returns:
        The training record, a dict of arrays.

    Example:
        >>> from actlib.deep_mlp import digits_dataset
        >>> x, y = digits_dataset(n_samples=64)
        >>> train_and_count_dead(x, y, depth=2, width=8, epochs=1)["dead"].shape
        (2, 2)
    """
    x, y = check_dataset(x, y)
    model = build_deep_mlp(depth=depth, width=width, activation=activation, initializer=initializer,
                           input_dim=x.shape[1], seed=seed, bias_initializer=bias_initializer)

    def measure(trained):
        return dead_fraction(trained, x)

    record = train_and_measure(model, x, y, epochs=epochs, learning_rate=learning_rate, measure=measure,
                               batch_size=batch_size, optimizer=optimizer, seed=seed)
    record["dead"] = record.pop("measurements")
    return record
