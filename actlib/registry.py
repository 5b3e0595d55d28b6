"""The registry: every activation's record, looked up by name.

The records live next to their functions, one module per chapter in :mod:`actlib.activations`;
this module collects them (:data:`ACTIVATIONS`, in the book's order) and answers look-ups
(:func:`get`, :func:`derivative`). Adding an activation to the book means writing its function,
its derivative and its :class:`Activation` record in the module of the chapter that teaches it,
and adding the record to that module's ``RECORDS``.
"""

from actlib.activations import RECORDS
from actlib.activations.record import Activation, cases

__all__ = ["ACTIVATIONS", "ALIASES", "NOT_IN_REGISTRY", "Activation", "cases", "derivative", "get"]

ACTIVATIONS = {record.name: record for record in RECORDS}

FAMILIES = {
    "classic": "The squashing functions of early networks",
    "rectifier": "ReLU and its variants",
    "smooth": "Smooth modern activations",
    "cheap": "Cheap piecewise and algebraic approximations",
    "output": "Output and normalising activations",
    "other": "Identity, exponential, shrinkage and threshold",
}

# Names in keras.activations that are the same function as a registry entry.
ALIASES = {alias: a.name for a in ACTIVATIONS.values() for alias in a.aliases}

# Names in keras.activations that are not activations, and activations Keras has only as layers.
NOT_IN_REGISTRY = {
    "serialize": "turns an activation into a config dict; not an activation",
    "deserialize": "the inverse of serialize; not an activation",
    "get": "looks an activation up by name; not an activation",
    "PReLU": "a layer only (keras.layers.PReLU), whose negative slope is learned; "
    "its formula is leaky_relu's",
}


def by_family(family=None):
    """Registry entries grouped by family, in FAMILIES order, or the list for one ``family``."""
    if family is not None:
        if family not in FAMILIES:
            raise ValueError(f"unknown family {family!r}; known: {list(FAMILIES)}.")
        return [a for a in ACTIVATIONS.values() if a.family == family]
    return {f: by_family(f) for f in FAMILIES}


def get(name):
    """Return the :class:`Activation` record called ``name``."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a string such as 'relu', not {type(name).__name__}.")
    try:
        return ACTIVATIONS[ALIASES.get(name, name)]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; known: {sorted(ACTIVATIONS)}.") from None


def derivative(name):
    """Return the derivative of activation ``name`` as a function.

    It takes the activation's own arguments:
    ``derivative("relu")(x, negative_slope=0.1)``. For softmax it returns the
    diagonal of the Jacobian; see :func:`actlib.softmax_jacobian`.
    """
    return get(name).derivative
