"""The record that describes one activation: what the chapters, plots, tables and tests look up.

Each family module of :mod:`actlib.activations` writes one :class:`Activation` next to the
function and the derivative it describes; :mod:`actlib.registry` collects them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


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
    family: str = ""  # a key of FAMILIES
    aliases: tuple = ()  # other names keras.activations gives the same function
    required_parameters: tuple = ()  # parameters Keras requires; `parameters` holds example values
    notes: str = ""  # what a reader should know beyond the formula


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
