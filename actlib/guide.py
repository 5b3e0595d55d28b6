"""The reference guide's code examples, and tools to compare them with today.

The guide is "Keras Activation Layers - Ultimate Guide for Beginners"; each example below
names its section and notebook cell there (``section``).

Each :class:`GuideExample` holds the guide's code verbatim, the call it makes
(activation name and keyword arguments, as Keras 3 spells them), its input,
and the array it printed, typed from the guide's page. NumPy prints float32
values with the fewest digits that read back to the same float32, so parsing
those digits recovers the guide's exact bits, signs of zero included.
"""

from dataclasses import dataclass, field

import numpy as np

from actlib.registry import get


@dataclass(frozen=True)
class GuideExample:
    """One code example of the guide."""

    key: str
    code: str  # the guide's code, verbatim
    activation: str
    params: dict = field(default_factory=dict)  # the call's keywords, in Keras 3 names
    inputs: tuple = ()
    printed: tuple | None = None  # what the guide printed; None if it printed nothing
    section: str = ""  # where the guide shows it: section heading and notebook cell


_FOO = (-5.0, -8.0, 0.0, 3.0, 9.0)

GUIDE_EXAMPLES = {
    e.key: e
    for e in (
        GuideExample(
            key="relu_alpha",
            section="1. Relu Activation Layer, In [2]",
            code="tf.keras.activations.relu(foo, alpha=0.7).numpy()",
            activation="relu",
            params={"negative_slope": 0.7},
            inputs=_FOO,
        ),
        GuideExample(
            key="relu_max_value",
            section="1. Relu Activation Layer, In [2]",
            code="tf.keras.activations.relu(foo, max_value=3).numpy()",
            activation="relu",
            params={"max_value": 3},
            inputs=_FOO,
        ),
        GuideExample(
            key="relu_threshold",
            section="1. Relu Activation Layer, In [2]",
            code="tf.keras.activations.relu(foo, threshold=7).numpy()",
            activation="relu",
            params={"threshold": 7},
            inputs=_FOO,
            printed=(-0.0, -0.0, 0.0, 0.0, 9.0),
        ),
        GuideExample(
            key="sigmoid",
            section="2. Sigmoid Activation Layer, In [3]",
            code="a = tf.constant([-35, -5.0, 0.0, 6.0, 25], dtype = tf.float32)\n"
            "b = tf.keras.activations.sigmoid(a)",
            activation="sigmoid",
            inputs=(-35.0, -5.0, 0.0, 6.0, 25.0),
            printed=(6.3051174e-16, 6.6929162e-03, 5.0000000e-01, 9.9752736e-01, 1.0000000e00),
        ),
        GuideExample(
            key="tanh",
            section="4. Tanh Activation Function, In [5]",
            code="a = tf.constant([5.0,-1.0, -5.0,6.0,3.0], dtype = tf.float32)\n"
            "b = tf.keras.activations.tanh(a)",
            activation="tanh",
            inputs=(5.0, -1.0, -5.0, 6.0, 3.0),
            printed=(0.99990916, -0.7615942, -0.99990916, 0.9999876, 0.9950547),
        ),
    )
}


def guide_input(example):
    """The example's input as the guide built it: a float32 array."""
    return np.array(example.inputs, dtype=np.float32)


def guide_printed(example):
    """The guide's printed output as float32, or None if it printed nothing."""
    return None if example.printed is None else np.array(example.printed, dtype=np.float32)


def keras_today(example):
    """Run the example's call with the installed Keras; returns a NumPy array."""
    import keras
    import tensorflow as tf

    function = getattr(keras.activations, example.activation)
    return np.asarray(function(tf.constant(guide_input(example)), **example.params))


def float64_reference(example):
    """The exact answer, rounded once: actlib in float64 on the float32 input."""
    x = guide_input(example).astype(np.float64)
    return get(example.activation).function(x, **example.params)


def ulp_distance(a, b):
    """How many float32 steps apart ``a`` and ``b`` are, elementwise.

    Uses the ordering of float32 bit patterns, so the count is exact and 0
    means identical values (+0 and -0 count as identical).
    """
    def ordered(v):
        bits = np.asarray(v, dtype=np.float32).view(np.int32).astype(np.int64)
        return np.where(bits < 0, -(bits & 0x7FFFFFFF), bits)

    return np.abs(ordered(a) - ordered(b))


def comparison_rows(example, today=None):
    """Rows of (input, guide printed, Keras today, float64 reference, ulps).

    The ulp columns measure each float32 result against the float64
    reference rounded to float32. ``today`` defaults to :func:`keras_today`.
    """
    x = guide_input(example)
    today = keras_today(example) if today is None else np.asarray(today, dtype=np.float32)
    reference = float64_reference(example)
    reference32 = reference.astype(np.float32)
    printed = guide_printed(example)
    rows = []
    for i, xi in enumerate(x):
        rows.append({
            "x": float(xi),
            "guide": None if printed is None else printed[i],
            "today": today[i],
            "float64 reference": reference[i],
            "guide ulps": None if printed is None else int(ulp_distance(printed[i], reference32[i])),
            "today ulps": int(ulp_distance(today[i], reference32[i])),
        })
    return rows
