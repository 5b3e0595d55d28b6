"""The registry: every activation's record, looked up by name.

The records live next to their functions, one module per chapter in :mod:`actlib.activations`;
this module collects them (:data:`ACTIVATIONS`, in the book's order) and answers look-ups
(:func:`get`, :func:`derivative`). Adding an activation to the book means writing its function,
its derivative and its :class:`Activation` record in the module of the chapter that teaches it:
the registry, the comparison's chapter map (:func:`chapter_map`), the property table and the
cheat sheet (:mod:`actlib.properties`) and the parametrised tests all read the records.
"""

from actlib.activations import RECORDS
from actlib.activations.record import Activation, cases

__all__ = [
    "ACTIVATIONS",
    "ALIASES",
    "NOT_IN_REGISTRY",
    "Activation",
    "cases",
    "chapter_map",
    "derivative",
    "get",
]

ACTIVATIONS = {record.name: record for record in RECORDS}

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


def get(name):
    """The :class:`Activation` record of activation ``name``.

    Args:
        name: a name in ``keras.activations`` (``"relu"``) or one of its aliases (``"swish"``).

    Returns:
        Activation: the record, with the function, its derivative, formulas and chapter.

    Raises:
        TypeError: ``name`` is not a string.
        ValueError: no activation has that name; the message lists the known ones.

    >>> get("swish").name
    'silu'
    >>> get("elu").chapter
    'relu_family'
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a string such as 'relu', not {type(name).__name__}.")
    try:
        return ACTIVATIONS[ALIASES.get(name, name)]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; known: {sorted(ACTIVATIONS)}.") from None


def derivative(name):
    """The derivative of activation ``name``, as a function of the activation's own arguments.

    For softmax, log_softmax and sparsemax it returns the diagonal of the Jacobian (see
    :func:`actlib.softmax_jacobian` for all of softmax's), for glu the gradient of ``sum(glu(x))``.

    Args:
        name: a name in ``keras.activations`` or an alias, as for :func:`get`.

    Returns:
        callable: ``d name(x) / dx`` elementwise, e.g. ``derivative("relu")(x, negative_slope=0.1)``.

    >>> derivative("relu")([-1.0, 2.0])
    array([0., 1.])
    """
    return get(name).derivative


def chapter_map():
    """The chapter that teaches each activation, under its name and every alias.

    The comparison chapter's map of ``keras.activations`` is this table.

    Returns:
        dict: activation name (or alias) -> chapter, a file name in ``chapters/`` without ``.md``.

    >>> chapter_map()["swish"]
    'smooth_activations'
    """
    return {
        name: record.chapter for record in ACTIVATIONS.values() for name in (record.name, *record.aliases)
    }
