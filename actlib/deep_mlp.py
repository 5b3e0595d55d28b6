"""Deep multilayer perceptrons and the small dataset the experiment chapters train them on.

The experiments of the chapters on vanishing gradients, dying ReLUs, initialisation and
choosing an activation all use the same kind of model: ``depth`` hidden Dense layers of
``width`` units with one activation, then a 10-way output layer (softmax, or logits), on
scikit-learn's bundled handwritten digits (8 x 8 images, 1,797 of them, no download needed).
"""

import keras
import numpy as np
from scipy.special import log_softmax
from sklearn.datasets import load_digits

from actlib.inputs import check_count
from actlib.numerics import bool_parameter

N_CLASSES = 10
SCALINGS = ("standard", "unit")


def digits_dataset(n_samples=None, scaling="standard"):
    """The book's one loader of scikit-learn's bundled handwritten digits (no download needed).

    Args:
        n_samples: keep only the first ``n_samples`` images (an integer >= 1); all 1,797 by default.
        scaling: ``"standard"`` shifts each pixel column to mean 0 and scales it to standard
            deviation 1 (columns that are constant, such as the always-blank corners, are only
            shifted); ``"unit"`` divides the pixel values 0 ... 16 by 16, into [0, 1].

    Returns:
        ``(x, y)``: float32 features of shape ``(n, 64)`` and int32 labels 0 ... 9 of shape ``(n,)``.

    Example:
        >>> x, y = digits_dataset()
        >>> x.shape, y.shape, x.dtype.name
        ((1797, 64), (1797,), 'float32')
        >>> x, _ = digits_dataset(n_samples=10, scaling="unit")
        >>> bool(x.min() >= 0 and x.max() <= 1), len(x)
        (True, 10)
    """
    if scaling not in SCALINGS:
        raise ValueError(f"scaling must be one of {SCALINGS}, got {scaling!r}.")
    x, y = load_digits(return_X_y=True)
    if n_samples is not None:
        check_count(n_samples, "n_samples")
        x, y = x[:n_samples], y[:n_samples]
    if scaling == "unit":
        x = x / 16.0
    else:
        spread = x.std(axis=0)
        x = (x - x.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    return x.astype(np.float32), y.astype(np.int32)


def check_dataset(x, y):
    """Return ``x`` as a float32 matrix and ``y`` as int32 class labels, or raise ValueError/TypeError.

    Args:
        x: ``n`` examples of numbers, shape ``(n, features)``.
        y: ``n`` integer class labels from 0 to 9.

    Returns:
        ``(x, y)`` as float32 and int32 arrays.

    Example:
        >>> x, y = check_dataset([[1, 2], [3, 4]], [0, 9])
        >>> x.dtype.name, y.dtype.name
        ('float32', 'int32')
    """
    x, y = np.asarray(x), np.asarray(y)
    if x.dtype.kind not in "fiu" or y.dtype.kind not in "iu":
        raise TypeError(f"x must hold numbers and y integer labels, got dtypes {x.dtype} and {y.dtype}.")
    if x.ndim != 2 or len(x) == 0 or y.shape != (len(x),):
        raise ValueError(
            f"x must be a non-empty (n, features) matrix and y n labels, got shapes {x.shape} and {y.shape}."
        )
    if y.min() < 0 or y.max() >= N_CLASSES:
        raise ValueError(f"y must hold class labels 0 to {N_CLASSES - 1}, got {y.min()} to {y.max()}.")
    return x.astype(np.float32), y.astype(np.int32)


def resolve_activation(activation, argument="activation"):
    """Return the Keras activation function for a name such as ``"relu"``, or a callable unchanged.

    Args:
        activation: a ``keras.activations`` name, or a callable.
        argument: the name of the caller's argument, which an error message names.

    Returns:
        The callable.

    Example:
        >>> resolve_activation("relu") is keras.activations.relu
        True
    """
    if callable(activation):
        return activation
    if not isinstance(activation, str):
        raise TypeError(
            f"{argument} must be a name such as 'relu' or a callable, not {type(activation).__name__}."
        )
    try:
        return keras.activations.get(activation)
    except ValueError:
        raise ValueError(f"{argument} {activation!r} is not a keras.activations name.") from None


def initializer_factory(initializer):
    """Return a function that makes a fresh Keras initializer for each layer.

    ``initializer`` is a Keras name (``"he_normal"``) or an initializer
    instance such as ``keras.initializers.RandomNormal(stddev=1.0)``. Each
    layer gets its own copy so that unseeded initializers draw different
    weights per layer (reproducibly, after ``keras.utils.set_random_seed``).

    Args:
        initializer: a ``keras.initializers`` name or Initializer instance.

    Returns:
        A function of no arguments that returns a new Initializer.

    Example:
        >>> make = initializer_factory(keras.initializers.RandomNormal(stddev=2.0))
        >>> first, second = make(), make()
        >>> first is not second, second.stddev
        (True, 2.0)
    """
    if isinstance(initializer, str):
        try:
            keras.initializers.get(initializer)
        except ValueError:
            raise ValueError(f"initializer {initializer!r} is not a keras.initializers name.") from None
        return lambda: keras.initializers.get(initializer)
    if isinstance(initializer, keras.initializers.Initializer):
        return lambda: initializer.__class__.from_config(initializer.get_config())
    raise TypeError(
        f"initializer must be a keras.initializers name or Initializer, not {type(initializer).__name__}."
    )


def build_deep_mlp(
    *,
    depth,
    width,
    activation,
    initializer="glorot_uniform",
    input_dim=64,
    seed=0,
    batch_norm=False,
    residual=False,
    bias_initializer="zeros",
    output_activation="softmax",
):
    """Build ``depth`` hidden Dense layers of ``width`` units, then an output layer of 10 classes.

    Hidden layer ``l`` computes ``h_l = act(W_l h_{l-1} + b_l)`` and the output layer
    ``softmax(W_out h_depth + b_out)``, or the logits ``W_out h_depth + b_out`` with
    ``output_activation=None``. With ``batch_norm`` a BatchNormalization layer sits between each
    Dense layer and its activation; with ``residual`` every hidden layer after the first adds its
    input back, ``h_l = h_{l-1} + act(W_l h_{l-1} + b_l)``. The hidden Dense layers are named
    ``dense_1`` ... ``dense_<depth>``, the output layer ``output``. Weights are drawn after
    ``keras.utils.set_random_seed(seed)``. Every argument is passed by keyword.

    Args:
        depth, width: how many hidden layers, and how many units each (integers >= 1).
        activation: a ``keras.activations`` name such as ``"relu"``, or a callable.
        initializer, bias_initializer: a ``keras.initializers`` name or Initializer instance for
            the kernels and the biases (each layer gets a fresh copy).
        input_dim: the number of input features.
        seed: the seed of the weights.
        batch_norm, residual: add batch normalisation, or skip connections, as described above.
        output_activation: the output layer's activation, a ``keras.activations`` name or a
            callable; ``None`` outputs logits (train them with ``from_logits=True``).

    Returns:
        An uncompiled ``keras.Model``.

    Example:
        >>> model = build_deep_mlp(depth=3, width=8, activation="relu", initializer="he_normal")
        >>> [layer.name for layer in hidden_dense_layers(model)]
        ['dense_1', 'dense_2', 'dense_3']
        >>> model.output_shape
        (None, 10)
        >>> logits = build_deep_mlp(depth=1, width=4, activation="tanh", output_activation=None)
        >>> logits.get_layer("output").activation is keras.activations.linear
        True
    """
    check_count(depth, "depth")
    check_count(width, "width")
    check_count(input_dim, "input_dim")
    act = resolve_activation(activation)
    output_act = (
        None if output_activation is None else resolve_activation(output_activation, "output_activation")
    )
    make_kernel = initializer_factory(initializer)
    make_bias = initializer_factory(bias_initializer)
    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(input_dim,))
    h = inputs
    for layer in range(1, depth + 1):
        use_act_inside = not batch_norm
        z = keras.layers.Dense(
            width,
            activation=act if use_act_inside else None,
            kernel_initializer=make_kernel(),
            bias_initializer=make_bias(),
            name=f"dense_{layer}",
        )(h)
        if batch_norm:
            z = keras.layers.Activation(act)(keras.layers.BatchNormalization()(z))
        h = keras.layers.Add()([h, z]) if residual and layer > 1 else z
    outputs = keras.layers.Dense(
        N_CLASSES, activation=output_act, kernel_initializer=make_kernel(), name="output"
    )(h)
    return keras.Model(inputs, outputs)


def hidden_dense_layers(model):
    """The model's Dense layers except its last one (the output layer), in order.

    Args:
        model: a Keras model.

    Returns:
        A list of ``keras.layers.Dense``.

    Example:
        >>> model = build_deep_mlp(depth=2, width=4, activation="relu")
        >>> [layer.name for layer in hidden_dense_layers(model)]
        ['dense_1', 'dense_2']
    """
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    return dense[:-1]


def loss_and_accuracy(outputs, y, *, from_logits=False):
    """The mean cross-entropy and the accuracy of a classifier's outputs against the labels ``y``.

    With ``p`` the probabilities of a row (``softmax(outputs)`` for logits), the loss is
    ``-mean(log p[y])`` and the accuracy the share of rows whose largest output is at ``y``.
    Probabilities are clipped at the smallest positive float64 before the logarithm; logits
    go through ``scipy.special.log_softmax``, which never takes the logarithm of 0.

    Args:
        outputs: an ``(n, classes)`` array, probabilities or (with ``from_logits``) logits.
        y: ``n`` integer labels.
        from_logits: ``outputs`` are logits rather than probabilities.

    Returns:
        ``(loss, accuracy)``, two floats.

    Example:
        >>> loss, accuracy = loss_and_accuracy([[0.5, 0.5], [0.9, 0.1]], [1, 0])
        >>> round(loss, 4), accuracy  # -(log 0.5 + log 0.9) / 2
        (0.3993, 0.5)
        >>> round(loss_and_accuracy([[0.0, 0.0]], [0], from_logits=True)[0], 4)  # log 2
        0.6931
    """
    outputs, y = np.asarray(outputs, dtype=np.float64), np.asarray(y)
    rows = np.arange(len(y))
    if from_logits:
        loss = -np.mean(log_softmax(outputs, axis=1)[rows, y])
    else:
        if np.any(outputs < 0) or np.any(np.abs(outputs.sum(axis=1) - 1) > 1e-3):
            raise ValueError(
                "the model's outputs are not probabilities (rows of numbers >= 0 that sum to 1); "
                "for a model that outputs logits, pass from_logits=True."
            )
        loss = -np.mean(np.log(np.maximum(outputs[rows, y], np.finfo(np.float64).tiny)))
    return float(loss), float(np.mean(outputs.argmax(axis=1) == y))


def check_validation_data(validation_data, n_features):
    """Return held-out ``(x, y)`` checked like the training data, with ``n_features`` features.

    Args:
        validation_data: a pair ``(x, y)`` as :func:`check_dataset` accepts it.
        n_features: the number of features of the training data.

    Returns:
        ``(x, y)`` as float32 and int32 arrays.

    Example:
        >>> x, y = check_validation_data(([[1, 2]], [3]), n_features=2)
        >>> x.shape, y.tolist()
        ((1, 2), [3])
    """
    if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
        raise TypeError(f"validation_data must be a pair (x, y), got {type(validation_data).__name__}.")
    x, y = check_dataset(*validation_data)
    if x.shape[1] != n_features:
        raise ValueError(
            f"validation_data has {x.shape[1]} features per example, the training data {n_features}."
        )
    return x, y


def train_and_measure(
    model,
    x,
    y,
    *,
    epochs,
    learning_rate,
    measure=None,
    batch_size=64,
    optimizer="sgd",
    seed=0,
    from_logits=False,
    validation_data=None,
):
    """Train ``model`` on ``(x, y)`` with sparse categorical cross-entropy, measuring it as it goes.

    The loss ``-mean(log p[y])`` and the accuracy on the whole of ``x`` (computed in training
    mode, see :func:`loss_and_accuracy`) are recorded before training and after each epoch, as
    are the same two on ``validation_data`` (in inference mode) and ``measure(model)`` if given.
    Everything after ``y`` is passed by keyword.

    Args:
        model: a Keras model with an output of 10 classes, e.g. from :func:`build_deep_mlp`.
        x, y: the training data, as :func:`check_dataset` accepts it.
        epochs: how many passes over ``x`` (an integer >= 1).
        learning_rate: the optimizer's step size (a positive number).
        measure: optionally, any array-valued function of the model, called at the same times.
        batch_size: examples per gradient step.
        optimizer: ``"sgd"`` (plain stochastic gradient descent) or ``"adam"``.
        seed: seeds the batch order.
        from_logits: the model outputs logits (``build_deep_mlp(..., output_activation=None)``)
            rather than softmax probabilities.
        validation_data: optionally, held-out ``(x, y)`` that the model never trains on.

    Returns:
        A dict of arrays with ``epochs + 1`` rows: ``loss``, ``accuracy``, with
        ``validation_data`` also ``validation_loss`` and ``validation_accuracy``, and with
        ``measure``, ``measurements``.

    Example:
        >>> x, y = digits_dataset(n_samples=64)
        >>> model = build_deep_mlp(depth=1, width=8, activation="relu")
        >>> record = train_and_measure(model, x, y, epochs=2, learning_rate=0.1)
        >>> sorted(record), record["loss"].shape
        (['accuracy', 'loss'], (3,))
        >>> logits = build_deep_mlp(depth=1, width=8, activation="relu", output_activation=None)
        >>> record = train_and_measure(logits, x[:48], y[:48], epochs=2, learning_rate=1e-2,
        ...                            optimizer="adam", from_logits=True, validation_data=(x[48:], y[48:]))
        >>> record["validation_accuracy"].shape
        (3,)
    """
    x, y = check_dataset(x, y)
    check_count(epochs, "epochs")
    check_count(batch_size, "batch_size")
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float)) or learning_rate <= 0:
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}.")
    optimizers = {"sgd": keras.optimizers.SGD, "adam": keras.optimizers.Adam}
    if optimizer not in optimizers:
        raise ValueError(f"optimizer must be one of {sorted(optimizers)}, got {optimizer!r}.")
    from_logits = bool_parameter(from_logits, "from_logits")
    held_out = None if validation_data is None else check_validation_data(validation_data, x.shape[1])
    keras.utils.set_random_seed(seed)
    model.compile(
        optimizer=optimizers[optimizer](learning_rate=learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=from_logits),
    )
    record = {"loss": [], "accuracy": []}
    if held_out is not None:
        record["validation_loss"], record["validation_accuracy"] = [], []
    if measure is not None:
        record["measurements"] = []

    def take_measurements():
        # training=True: batch normalisation normalises with the statistics of x, as during training;
        # its slowly moving inference averages would otherwise lag behind the weights for many epochs.
        loss, accuracy = loss_and_accuracy(model(x, training=True), y, from_logits=from_logits)
        record["loss"].append(loss)
        record["accuracy"].append(accuracy)
        if held_out is not None:
            loss, accuracy = loss_and_accuracy(
                model(held_out[0], training=False), held_out[1], from_logits=from_logits
            )
            record["validation_loss"].append(loss)
            record["validation_accuracy"].append(accuracy)
        if measure is not None:
            record["measurements"].append(measure(model))

    take_measurements()
    for _ in range(epochs):
        model.fit(x, y, batch_size=batch_size, epochs=1, shuffle=True, verbose=0)
        take_measurements()
    return {key: np.array(values) for key, values in record.items()}
