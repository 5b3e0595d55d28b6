"""One record per activation: what the chapters, plots and tests look up.

Adding an activation to the book means writing its function and derivative
and adding one :class:`Activation` entry to ``ACTIVATIONS`` below.
"""

from dataclasses import dataclass, field
from typing import Callable

from actlib import activations, derivatives


@dataclass(frozen=True)
class Activation:
    """An activation function and what the book needs to know about it."""

    name: str  # the name in keras.activations
    function: Callable
    derivative: Callable
    formula: str  # LaTeX, without surrounding $
    derivative_formula: str  # LaTeX
    keras_layer: str  # how to use it as a layer, as Python source
    plot_range: tuple = (-6.0, 6.0)
    elementwise: bool = True
    parameters: dict = field(default_factory=dict)  # Keras defaults


ACTIVATIONS = {
    a.name: a
    for a in (
        Activation(
            name="relu",
            function=activations.relu,
            derivative=derivatives.relu_derivative,
            formula=r"\mathrm{relu}(x) = \max(x, 0)",
            derivative_formula=r"\mathrm{relu}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
            keras_layer="keras.layers.ReLU()",
            parameters={"negative_slope": 0.0, "max_value": None, "threshold": 0.0},
        ),
        Activation(
            name="sigmoid",
            function=activations.sigmoid,
            derivative=derivatives.sigmoid_derivative,
            formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
            derivative_formula=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
            keras_layer='keras.layers.Activation("sigmoid")',
            plot_range=(-8.0, 8.0),
        ),
        Activation(
            name="softmax",
            function=activations.softmax,
            derivative=derivatives.softmax_derivative,
            formula=r"\mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}",
            derivative_formula=r"\frac{\partial\,\mathrm{softmax}(x)_i}{\partial x_j} = s_i(\delta_{ij} - s_j)",
            keras_layer="keras.layers.Softmax(axis=-1)",
            elementwise=False,
            parameters={"axis": -1},
        ),
        Activation(
            name="tanh",
            function=activations.tanh,
            derivative=derivatives.tanh_derivative,
            formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
            derivative_formula=r"\tanh'(x) = 1 - \tanh^2(x)",
            keras_layer='keras.layers.Activation("tanh")',
            plot_range=(-4.0, 4.0),
        ),
    )
}


def get(name):
    """Return the :class:`Activation` record called ``name``."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string such as 'relu', not {type(name).__name__}.")
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; known: {sorted(ACTIVATIONS)}.") from None


def derivative(name):
    """Return the derivative of activation ``name`` as a function.

    It takes the activation's own arguments:
    ``derivative("relu")(x, negative_slope=0.1)``. For softmax it returns the
    diagonal of the Jacobian; see :func:`actlib.softmax_jacobian`.
    """
    return get(name).derivative
