"""The record that describes one activation: what the chapters, plots, tables and tests look up.

Each chapter's module in :mod:`actlib.activations` writes one :class:`Activation` next to the
function and the derivative it describes; :mod:`actlib.activations` collects them, in the
order they are written, and :mod:`actlib.registry` looks them up by name.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

# The weight initialisers the cheat sheet pairs activations with; the chapters give the reasons:
# He for ReLU-like functions, Glorot for functions near-linear and symmetric at 0 (the
# initialisation chapter), LeCun normal for SELU (the ReLU family chapter).
HE = "He"
GLOROT = "Glorot (Keras' default)"
LECUN_NORMAL = "LeCun normal"


@dataclass(frozen=True)
class Activation:
    """An activation function and what the book needs to know about it."""

    name: str  # the name in keras.activations
    function: Callable
    derivative: Callable
    formula: str  # LaTeX, without surrounding $
    derivative_formula: str  # LaTeX
    keras_layer: str  # how to use it as a layer, as Python source
    chapter: str  # the chapter that teaches it: a file name in chapters/, without .md
    plot_range: tuple = (-6.0, 6.0)
    elementwise: bool = True
    parameters: dict = field(default_factory=dict)  # Keras defaults (see required_parameters)
    aliases: tuple = ()  # other names keras.activations gives the same function
    required_parameters: tuple = ()  # parameters Keras requires; `parameters` holds example values
    notes: str = ""  # what a reader should know beyond the formula
    typical_use: str = ""  # what it is typically used for, in a few words (the cheat sheet's column)
    initialiser: str = GLOROT  # the weight initialiser it is usually paired with
    output_range: str = ""  # not elementwise: each entry's range in words (properties measure a section)


def cases(*rows):
    r"""LaTeX for a piecewise definition from ``(value, condition)`` pairs.

    Args:
        *rows: ``(value, condition)`` pairs of LaTeX strings, one per branch.

    Returns:
        str: a LaTeX ``cases`` environment.

    >>> print(cases(("x", "x > 0"), ("0", "x < 0")))
    \begin{cases} x & x > 0 \\ 0 & x < 0 \end{cases}
    """
    return r"\begin{cases} " + r" \\ ".join(f"{v} & {c}" for v, c in rows) + r" \end{cases}"
