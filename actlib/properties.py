"""The property table of the activations, measured from each registry entry, never typed in.

Every property is decided numerically from the entry's function and derivative, in float64,
on a fine grid of ``x`` plus the limits at +-inf (actlib's functions return the right limits
there). How each one is decided:

* **range** (``lower``, ``upper``): the smallest and largest value over the grid on
  [-20, 20] and at ``x = -inf, +inf``. ``bounded_below`` / ``bounded_above`` say whether
  these are finite.
* **zero_centred**: the mean output for standard-normal input, ``E[f(Z)]``, is 0 to within
  1e-3 of the root-mean-square output (``mean_output`` holds ``E[f(Z)]``, by the trapezoid
  rule on [-12, 12]). Odd functions pass; so does SELU, whose constants were chosen for it.
* **monotonic**: no step of the grid decreases ``f`` (non-decreasing).
* **smooth**: ``f`` and ``f'`` are continuous: their largest jump between neighbouring grid
  points shrinks when the grid is refined tenfold (a jump discontinuity does not shrink). The
  grid is shifted off the points where kinks sit, so Keras' conventions at kinks do not count.
* **max_derivative**: the largest ``|f'|`` over the grid, at 0 and at +-inf (``inf`` if
  unbounded), refined on a 1000-times finer grid around the largest grid value.
* **saturating**: ``f`` tends to a finite value as ``x -> -inf`` (``"left"``), ``+inf``
  (``"right"``), both or neither: there the gradient vanishes.
* **dead_zone**: ``f'`` is exactly 0 on an interval (at least 100 neighbouring grid points,
  0.1 wide), the intervals listed in ``dead_zones``; ``-inf``/``inf`` ends mean the zone
  continues to the limit.

Activations that are not elementwise are measured on a one-dimensional *section*:
``t -> f([t, 0])[0]`` for log_softmax and sparsemax (one logit moves, the other is 0;
their derivative there is the Jacobian's diagonal), and ``t -> glu([t, t])`` for GLU
(which is ``t * sigmoid(t)``). Where a section has no value at an infinity (GLU's at ``-inf``
is ``-inf * sigmoid(-inf)``, which actlib leaves undefined) its value at +-1e300 stands in.
"""

from dataclasses import asdict, dataclass

import numpy as np

from actlib.registry import ACTIVATIONS, get

GRID_LIMIT = 20.0
GRID_POINTS = 40_001
OFFSET = 0.000371  # keeps grid points off kinks at round numbers


@dataclass(frozen=True)
class Properties:
    """The measured properties of one activation (see the module docstring for how)."""

    name: str
    lower: float
    upper: float
    bounded_below: bool
    bounded_above: bool
    mean_output: float
    zero_centred: bool
    monotonic: bool
    smooth: bool
    max_derivative: float
    saturating: str
    dead_zone: bool
    dead_zones: tuple
    section: str


def section(name, params=None):
    """``(f, f', description)`` of activation ``name`` as functions of one float64 array.

    Args:
        name: an activation of the registry (or an alias).
        params: its parameters (default: the record's, Keras' defaults).

    Returns:
        tuple: ``f``, ``f'`` (functions of one float64 array) and the section's description
        (empty for elementwise activations).

    >>> section("sparsemax")[2]
    'sparsemax([t, 0])[0]'
    >>> section("relu")[0](np.array([-1.0, 2.0]))
    array([0., 2.])
    """
    entry = get(name)
    params = dict(entry.parameters if params is None else params)
    if entry.elementwise:
        return (lambda t: entry.function(t, **params), lambda t: entry.derivative(t, **params), "")
    if entry.name == "glu":
        def pair(t):
            return np.stack([t, t], axis=-1)

        return (lambda t: entry.function(pair(t), **params)[..., 0],
                lambda t: entry.derivative(pair(t), **params).sum(axis=-1), "glu([t, t])")

    def logits(t):
        return np.stack([t, np.zeros_like(t)], axis=-1)

    return (lambda t: entry.function(logits(t), **params)[..., 0],
            lambda t: entry.derivative(logits(t), **params)[..., 0], f"{entry.name}([t, 0])[0]")


def _grid(points=GRID_POINTS, limit=GRID_LIMIT):
    return np.linspace(-limit, limit, points) + OFFSET


def _largest_jump(values):
    return float(np.max(np.abs(np.diff(values))))


def _is_continuous(g, limit=6.0):
    """Whether ``g`` has no jump on [-limit, limit]: its largest step shrinks with a 10x finer grid."""
    coarse = _largest_jump(g(_grid(12_001, limit)))
    fine = _largest_jump(g(_grid(120_001, limit)))
    return coarse < 1e-12 or fine < 0.5 * coarse


def _dead_zones(x, d, d_low, d_high, min_points=100):
    """Intervals of ``x`` where ``d`` is exactly 0 for at least ``min_points`` grid points."""
    zero = np.concatenate([[False], d == 0, [False]])
    starts = np.flatnonzero(~zero[:-1] & zero[1:])
    ends = np.flatnonzero(zero[:-1] & ~zero[1:])
    zones = []
    for s, e in zip(starts, ends, strict=True):
        if e - s < min_points:
            continue
        lo = -np.inf if s == 0 and d_low == 0 else round(float(x[s]), 2) + 0.0  # (+ 0.0: no -0.0)
        hi = np.inf if e == len(x) and d_high == 0 else round(float(x[e - 1]), 2) + 0.0
        zones.append((lo, hi))
    return tuple(zones)


def _max_derivative(d, x, dy, dy_ends):
    """The largest ``|f'|``: grid, 0 and the ends, refined around the largest grid value."""
    i = int(np.argmax(np.abs(dy)))
    finer = np.linspace(x[max(i - 1, 0)], x[min(i + 1, len(x) - 1)], 2001)
    candidates = np.concatenate([dy, dy_ends, d(np.array([0.0])), d(finer)])
    return float(np.max(np.abs(candidates)))


def _standard_normal_moments(f):
    """``E[f(Z)]`` and ``sqrt(E[f(Z)^2])`` for ``Z ~ N(0, 1)``, by the trapezoid rule on [-12, 12]."""
    z = np.linspace(-12, 12, 240_001)
    weight = np.exp(-z * z / 2) / np.sqrt(2 * np.pi)
    y = f(z)
    return float(np.trapezoid(weight * y, z)), float(np.sqrt(np.trapezoid(weight * y * y, z)))


def properties(name, params=None):
    """Measure the :class:`Properties` of activation ``name`` with ``params`` (default: Keras').

    Args:
        name: an activation of the registry (or an alias).
        params: its parameters (default: the record's, Keras' defaults).

    Returns:
        Properties: the measured properties.

    >>> p = properties("tanh")
    >>> p.lower, p.upper, p.zero_centred, p.saturating
    (-1.0, 1.0, True, 'both')
    """
    f, d, described = section(name, params)
    x = _grid()
    ends, far = np.array([-np.inf, np.inf]), np.array([-1e300, 1e300])
    y, y_ends = f(x), np.where(np.isnan(f(ends)), f(far), f(ends))
    dy, dy_ends = d(x), np.where(np.isnan(d(ends)), d(far), d(ends))
    values = np.concatenate([y, y_ends])
    lower, upper = float(np.min(values)), float(np.max(values))
    mean, rms = _standard_normal_moments(f)
    saturates = [side for side, value in zip(("left", "right"), y_ends, strict=True) if np.isfinite(value)]
    zones = _dead_zones(x, dy, dy_ends[0], dy_ends[1])
    return Properties(
        name=name,
        lower=lower,
        upper=upper,
        bounded_below=bool(np.isfinite(lower)),
        bounded_above=bool(np.isfinite(upper)),
        mean_output=mean,
        zero_centred=abs(mean) <= 1e-3 * rms,
        monotonic=bool(np.all(np.diff(y) >= 0) and y_ends[0] <= y[0] and y[-1] <= y_ends[1]),
        smooth=_is_continuous(f) and _is_continuous(d),
        max_derivative=_max_derivative(d, x, dy, dy_ends),
        saturating={0: "no", 1: saturates[0] if saturates else "no", 2: "both"}[len(saturates)],
        dead_zone=bool(zones),
        dead_zones=zones,
        section=described,
    )


def property_table(names=None):
    """The property table: one row of :class:`Properties` per activation, in registry order.

    Args:
        names: the activations to measure (default: every record in the registry).

    Returns:
        list of dict: one :class:`Properties` per activation, as a dict.

    >>> [row["name"] for row in property_table(["relu", "tanh"])]
    ['relu', 'tanh']
    """
    return [asdict(properties(name)) for name in (ACTIVATIONS if names is None else names)]


def bounds_in_words(lower, upper):
    """The greatest lower and least upper bound of the outputs in words (the ends may not be reached).

    Args:
        lower, upper: the bounds, ``-inf`` and ``inf`` included.

    Returns:
        str: e.g. ``"0 to ∞"``.

    >>> bounds_in_words(0.0, float("inf"))
    '0 to ∞'
    """

    def end(value):
        return "∞" if value == np.inf else "-∞" if value == -np.inf else f"{value:.4g}"

    return f"{end(lower)} to {end(upper)}"


def inline_math(latex):
    r"""LaTeX for a Markdown table cell: inline math, with ``|`` as ``\vert`` (a bare ``|`` splits cells).

    Args:
        latex: a formula, without surrounding ``$``.

    Returns:
        str: the formula between ``$`` signs.

    >>> print(inline_math(r"|x|"))
    $\vert x\vert $
    """
    return "$" + latex.replace(r"\|", r"\Vert ").replace("|", r"\vert ") + "$"


def keras_call(record):
    """How to call the activation in Keras with its defaults, and its layer form, as Markdown.

    Args:
        record: an :class:`actlib.registry.Activation`.

    Returns:
        str: the call, with required parameters marked as such, and the layer.

    >>> from actlib.registry import get
    >>> print(keras_call(get("elu")))
    `keras.activations.elu(x, alpha=1.0)`; layer `keras.layers.ELU(alpha=1.0)`
    """
    defaults = ", ".join(
        f"{k} (required, e.g. {v!r})" if k in record.required_parameters else f"{k}={v!r}"
        for k, v in record.parameters.items()
    )
    arguments = "x" + (", " + defaults if defaults else "")
    return f"`keras.activations.{record.name}({arguments})`; layer `{record.keras_layer}`"


def cheat_sheet_rows(names=None):
    """The cheat sheet: one row per activation, every cell read from its record or measured.

    The formula, derivative, Keras call, initialiser and typical use come from the record;
    the range of the outputs from :func:`property_table` (for the activations that are not
    elementwise, from the record's ``output_range``, since the table measures a section).

    Args:
        names: the activations (default: every record in the registry, in its order).

    Returns:
        list of dict: the columns activation, formula, derivative, outputs between, Keras,
        initialiser and typical use.

    >>> row = cheat_sheet_rows(["sigmoid"])[0]
    >>> row["outputs between"], row["initialiser"]
    ('0 to 1', "Glorot (Keras' default)")
    """
    records = [get(name) for name in (ACTIVATIONS if names is None else names)]
    measured = {row["name"]: row for row in property_table([r.name for r in records if r.elementwise])}
    return [
        {
            "activation": record.name,
            "formula": inline_math(record.formula),
            "derivative": inline_math(record.derivative_formula),
            "outputs between": bounds_in_words(measured[record.name]["lower"], measured[record.name]["upper"])
            if record.elementwise
            else record.output_range,
            "Keras": keras_call(record),
            "initialiser": record.initialiser,
            "typical use": record.typical_use,
        }
        for record in records
    ]
