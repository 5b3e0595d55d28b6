"""One record per activation: what the chapters, plots and tests look up.

Adding an activation to the book means writing its function and derivative
and adding one :class:`Activation` entry to ``ACTIVATIONS`` below.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

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
    parameters: dict = field(default_factory=dict)  # Keras defaults (see required_parameters)
    family: str = ""  # a key of FAMILIES
    aliases: tuple = ()  # other names keras.activations gives the same function
    required_parameters: tuple = ()  # parameters Keras requires; `parameters` holds example values
    notes: str = ""  # what a reader should know beyond the formula


def _cases(*rows):
    """LaTeX for a piecewise definition from ``(value, condition)`` pairs."""
    return r"\begin{cases} " + r" \\ ".join(f"{v} & {c}" for v, c in rows) + r" \end{cases}"


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
            family="rectifier",
            parameters={"negative_slope": 0.0, "max_value": None, "threshold": 0.0},
        ),
        Activation(
            name="sigmoid",
            function=activations.sigmoid,
            derivative=derivatives.sigmoid_derivative,
            formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
            derivative_formula=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
            keras_layer='keras.layers.Activation("sigmoid")',
            family="classic",
            plot_range=(-8.0, 8.0),
        ),
        Activation(
            name="softmax",
            function=activations.softmax,
            derivative=derivatives.softmax_derivative,
            formula=r"\mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}",
            derivative_formula=r"\frac{\partial\,\mathrm{softmax}(x)_i}{\partial x_j} "
            r"= s_i(\delta_{ij} - s_j)",
            keras_layer="keras.layers.Softmax(axis=-1)",
            family="output",
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
            family="classic",
            plot_range=(-4.0, 4.0),
        ),
        # --- The ReLU family -------------------------------------------------------------
        Activation(
            name="leaky_relu",
            function=activations.leaky_relu,
            derivative=derivatives.leaky_relu_derivative,
            formula=r"\mathrm{leaky\_relu}(x) = " + _cases(("x", "x > 0"), (r"a\,x", r"x \le 0")),
            derivative_formula=r"\mathrm{leaky\_relu}'(x) = " + _cases(("1", "x > 0"), ("a", r"x \le 0")),
            keras_layer="keras.layers.LeakyReLU(negative_slope=0.2)",
            parameters={"negative_slope": 0.2},
            family="rectifier",
            notes="Keras 3's default slope is 0.2 (Keras 2's LeakyReLU layer used alpha=0.3). "
            "PReLU is the same formula with a learned slope per unit; Keras has it only as a "
            "layer, keras.layers.PReLU(), not in keras.activations.",
        ),
        Activation(
            name="relu6",
            function=activations.relu6,
            derivative=derivatives.relu6_derivative,
            formula=r"\mathrm{relu6}(x) = \min(\max(x, 0), 6)",
            derivative_formula=r"\mathrm{relu6}'(x) = "
            + _cases(("1", "0 < x < 6"), ("0", r"\text{otherwise}")),
            keras_layer="keras.layers.ReLU(max_value=6.0)",
            plot_range=(-3.0, 9.0),
            family="rectifier",
        ),
        Activation(
            name="elu",
            function=activations.elu,
            derivative=derivatives.elu_derivative,
            formula=r"\mathrm{elu}(x) = " + _cases(("x", "x > 0"), (r"\alpha\,(e^{x} - 1)", r"x \le 0")),
            derivative_formula=r"\mathrm{elu}'(x) = "
            + _cases(("1", "x > 0"), (r"\alpha\,e^{x}", r"x \le 0")),
            keras_layer="keras.layers.ELU(alpha=1.0)",
            parameters={"alpha": 1.0},
            family="rectifier",
            notes="alpha scales the negative branch (limit -alpha); Keras' docstring calls it the "
            "slope of the positive section.",
        ),
        Activation(
            name="selu",
            function=activations.selu,
            derivative=derivatives.selu_derivative,
            formula=r"\mathrm{selu}(x) = \lambda "
            + _cases(("x", "x > 0"), (r"\alpha\,(e^{x} - 1)", r"x \le 0"))
            + r",\ \alpha \approx 1.6733,\ \lambda \approx 1.0507",
            derivative_formula=r"\mathrm{selu}'(x) = \lambda "
            + _cases(("1", r"x \ge 0"), (r"\alpha\,e^{x}", "x < 0")),
            keras_layer='keras.layers.Activation("selu")',
            family="rectifier",
            notes="Self-normalising only with keras.initializers.LecunNormal and AlphaDropout.",
        ),
        Activation(
            name="celu",
            function=activations.celu,
            derivative=derivatives.celu_derivative,
            formula=r"\mathrm{celu}(x) = \max(x, 0) + \alpha\,\bigl(e^{\min(x, 0)/\alpha} - 1\bigr)",
            derivative_formula=r"\mathrm{celu}'(x) = "
            + _cases(("1", r"x \ge 0"), (r"e^{x/\alpha}", "x < 0")),
            keras_layer='keras.layers.Activation("celu")',
            parameters={"alpha": 1.0},
            family="rectifier",
            notes="tf.GradientTape gives 2 at x = 0 (the slopes of max and min are added at the "
            "tie); the derivative there is 1.",
        ),
        # --- Smooth modern activations ---------------------------------------------------
        Activation(
            name="gelu",
            function=activations.gelu,
            derivative=derivatives.gelu_derivative,
            formula=r"\mathrm{gelu}(x) = x\,\Phi(x) "
            r"= \frac{x}{2}\Bigl(1 + \mathrm{erf}\bigl(x/\sqrt{2}\bigr)\Bigr)",
            derivative_formula=r"\mathrm{gelu}'(x) = \Phi(x) + x\,\varphi(x)",
            keras_layer='keras.layers.Activation("gelu")',
            parameters={"approximate": False},
            family="smooth",
            notes="approximate=True uses x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). "
            "keras.activations.gelu defaults to the exact form, keras.ops.gelu to the approximation.",
        ),
        Activation(
            name="silu",
            function=activations.silu,
            derivative=derivatives.silu_derivative,
            formula=r"\mathrm{silu}(x) = x\,\sigma(x) = \frac{x}{1 + e^{-x}}",
            derivative_formula=r"\mathrm{silu}'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)",
            keras_layer='keras.layers.Activation("silu")',
            family="smooth",
            aliases=("swish",),
            notes="keras.activations.swish is the same function (Swish with beta = 1).",
        ),
        Activation(
            name="mish",
            function=activations.mish,
            derivative=derivatives.mish_derivative,
            formula=r"\mathrm{mish}(x) = x \tanh\bigl(\mathrm{softplus}(x)\bigr)",
            derivative_formula=r"\mathrm{mish}'(x) = \tanh(\mathrm{sp}(x)) "
            r"+ x\,\mathrm{sech}^2(\mathrm{sp}(x))\,\sigma(x)",
            keras_layer='keras.layers.Activation("mish")',
            family="smooth",
        ),
        Activation(
            name="softplus",
            function=activations.softplus,
            derivative=derivatives.softplus_derivative,
            formula=r"\mathrm{softplus}(x) = \log\bigl(1 + e^{x}\bigr)",
            derivative_formula=r"\mathrm{softplus}'(x) = \sigma(x)",
            keras_layer='keras.layers.Activation("softplus")',
            family="smooth",
        ),
        # --- Cheap approximations --------------------------------------------------------
        Activation(
            name="hard_sigmoid",
            function=activations.hard_sigmoid,
            derivative=derivatives.hard_sigmoid_derivative,
            formula=r"\mathrm{hard\_sigmoid}(x) = \frac{\mathrm{relu6}(x + 3)}{6} "
            r"= \min\Bigl(\max\Bigl(\frac{x}{6} + \frac{1}{2}, 0\Bigr), 1\Bigr)",
            derivative_formula=r"\mathrm{hard\_sigmoid}'(x) = "
            + _cases((r"\tfrac{1}{6}", "-3 < x < 3"), ("0", r"\text{otherwise}")),
            keras_layer='keras.layers.Activation("hard_sigmoid")',
            family="cheap",
            notes="Keras 2 used clip(0.2 x + 0.5, 0, 1), flat beyond |x| = 2.5; Keras 3 uses "
            "relu6(x + 3) / 6, flat beyond |x| = 3.",
        ),
        Activation(
            name="hard_silu",
            function=activations.hard_silu,
            derivative=derivatives.hard_silu_derivative,
            formula=r"\mathrm{hard\_silu}(x) = x\,\mathrm{hard\_sigmoid}(x) = "
            + _cases(("0", r"x \le -3"), (r"x(x + 3)/6", "-3 < x < 3"), ("x", r"x \ge 3")),
            derivative_formula=r"\mathrm{hard\_silu}'(x) = "
            + _cases(("0", r"x \le -3"), (r"(2x + 3)/6", "-3 < x < 3"), ("1", r"x \ge 3")),
            keras_layer='keras.layers.Activation("hard_silu")',
            family="cheap",
            aliases=("hard_swish",),
            notes="keras.activations.hard_swish is the same function. Piecewise quadratic (Keras' "
            "docstring says piecewise linear); its derivative jumps at -3 and 3.",
        ),
        Activation(
            name="hard_tanh",
            function=activations.hard_tanh,
            derivative=derivatives.hard_tanh_derivative,
            formula=r"\mathrm{hard\_tanh}(x) = \min(\max(x, -1), 1)",
            derivative_formula=r"\mathrm{hard\_tanh}'(x) = "
            + _cases(("1", r"-1 \le x \le 1"), ("0", r"\text{otherwise}")),
            keras_layer='keras.layers.Activation("hard_tanh")',
            plot_range=(-3.0, 3.0),
            family="cheap",
        ),
        Activation(
            name="softsign",
            function=activations.softsign,
            derivative=derivatives.softsign_derivative,
            formula=r"\mathrm{softsign}(x) = \frac{x}{1 + |x|}",
            derivative_formula=r"\mathrm{softsign}'(x) = \frac{1}{(1 + |x|)^2}",
            keras_layer='keras.layers.Activation("softsign")',
            family="cheap",
        ),
        Activation(
            name="sparse_plus",
            function=activations.sparse_plus,
            derivative=derivatives.sparse_plus_derivative,
            formula=r"\mathrm{sparse\_plus}(x) = "
            + _cases(("0", r"x \le -1"), (r"\tfrac{1}{4}(x + 1)^2", "-1 < x < 1"), ("x", r"x \ge 1")),
            derivative_formula=r"\mathrm{sparse\_plus}'(x) = "
            + _cases(("0", r"x \le -1"), (r"\tfrac{1}{2}(x + 1)", "-1 < x < 1"), ("1", r"x \ge 1")),
            keras_layer='keras.layers.Activation("sparse_plus")',
            plot_range=(-3.0, 3.0),
            family="cheap",
        ),
        Activation(
            name="sparse_sigmoid",
            function=activations.sparse_sigmoid,
            derivative=derivatives.sparse_sigmoid_derivative,
            formula=r"\mathrm{sparse\_sigmoid}(x) = "
            + _cases(("0", r"x \le -1"), (r"\tfrac{1}{2}(x + 1)", "-1 < x < 1"), ("1", r"x \ge 1")),
            derivative_formula=r"\mathrm{sparse\_sigmoid}'(x) = "
            + _cases((r"\tfrac{1}{2}", "-1 < x < 1"), ("0", r"\text{otherwise}")),
            keras_layer='keras.layers.Activation("sparse_sigmoid")',
            plot_range=(-3.0, 3.0),
            family="cheap",
        ),
        Activation(
            name="squareplus",
            function=activations.squareplus,
            derivative=derivatives.squareplus_derivative,
            formula=r"\mathrm{squareplus}(x) = \frac{x + \sqrt{x^2 + b}}{2}",
            derivative_formula=r"\mathrm{squareplus}'(x) "
            r"= \frac{1}{2}\Bigl(1 + \frac{x}{\sqrt{x^2 + b}}\Bigr)",
            keras_layer='keras.layers.Activation("squareplus")',
            parameters={"b": 4},
            family="cheap",
            notes="b = 0 gives ReLU. Keras computes x + sqrt(x^2 + b) directly: 0 instead of about "
            "b / (4|x|) for large negative x in float32, and inf once x^2 overflows.",
        ),
        # --- Output and normalising activations ------------------------------------------
        Activation(
            name="log_softmax",
            function=activations.log_softmax,
            derivative=derivatives.log_softmax_derivative,
            formula=r"\mathrm{log\_softmax}(x)_i = x_i - \log \sum_j e^{x_j}",
            derivative_formula=r"\frac{\partial\,\mathrm{log\_softmax}(x)_i}{\partial x_j} "
            r"= \delta_{ij} - \mathrm{softmax}(x)_j",
            keras_layer='keras.layers.Activation("log_softmax")',
            elementwise=False,
            parameters={"axis": -1},
            family="output",
            notes="actlib.derivative('log_softmax') returns the Jacobian's diagonal, 1 - softmax(x).",
        ),
        Activation(
            name="log_sigmoid",
            function=activations.log_sigmoid,
            derivative=derivatives.log_sigmoid_derivative,
            formula=r"\mathrm{log\_sigmoid}(x) = \log \sigma(x) = -\log\bigl(1 + e^{-x}\bigr)",
            derivative_formula=r"\mathrm{log\_sigmoid}'(x) = 1 - \sigma(x) = \sigma(-x)",
            keras_layer='keras.layers.Activation("log_sigmoid")',
            family="output",
        ),
        Activation(
            name="sparsemax",
            function=activations.sparsemax,
            derivative=derivatives.sparsemax_derivative,
            formula=r"\mathrm{sparsemax}(x)_i = \max(x_i - \tau(x), 0),\ \sum_i \mathrm{sparsemax}(x)_i = 1",
            derivative_formula=r"\frac{\partial\,\mathrm{sparsemax}(x)_i}{\partial x_j} "
            r"= s_i\,\bigl(\delta_{ij} - s_j / |S|\bigr),\ s_i = [x_i > \tau(x)]",
            keras_layer='keras.layers.Activation("sparsemax")',
            plot_range=(-3.0, 3.0),
            elementwise=False,
            parameters={"axis": -1},
            family="output",
            notes="actlib.derivative('sparsemax') returns the Jacobian's diagonal: 1 - 1/|S| on the "
            "support S, 0 elsewhere.",
        ),
        Activation(
            name="glu",
            function=activations.glu,
            derivative=derivatives.glu_derivative,
            formula=r"\mathrm{glu}(x) = a \odot \sigma(b),\ x = [a, b]",
            derivative_formula=r"\frac{\partial y}{\partial a} = \sigma(b),\ "
            r"\frac{\partial y}{\partial b} = a\,\sigma(b)\,(1 - \sigma(b))",
            keras_layer='keras.layers.Activation("glu")',
            elementwise=False,
            parameters={"axis": -1},
            family="output",
            notes="The output is half as long as the input along axis. actlib.derivative('glu') "
            "returns both partial derivatives in the input's shape (the gradient of sum(glu(x))).",
        ),
        # --- Identity, exponential, shrinkage and threshold --------------------------------
        Activation(
            name="exponential",
            function=activations.exponential,
            derivative=derivatives.exponential_derivative,
            formula=r"\mathrm{exponential}(x) = e^{x}",
            derivative_formula=r"\mathrm{exponential}'(x) = e^{x}",
            keras_layer='keras.layers.Activation("exponential")',
            plot_range=(-4.0, 3.0),
            family="other",
        ),
        Activation(
            name="linear",
            function=activations.linear,
            derivative=derivatives.linear_derivative,
            formula=r"\mathrm{linear}(x) = x",
            derivative_formula=r"\mathrm{linear}'(x) = 1",
            keras_layer='keras.layers.Activation("linear")',
            family="other",
            notes="Keras' linear returns its argument itself (a list stays a list, integers stay "
            "integers); actlib returns a new float array.",
        ),
        Activation(
            name="hard_shrink",
            function=activations.hard_shrink,
            derivative=derivatives.hard_shrink_derivative,
            formula=r"\mathrm{hard\_shrink}(x) = " + _cases(("x", r"|x| > t"), ("0", r"|x| \le t")),
            derivative_formula=r"\mathrm{hard\_shrink}'(x) = "
            + _cases(("1", r"|x| > t"), ("0", r"|x| < t")),
            keras_layer='keras.layers.Activation("hard_shrink")',
            plot_range=(-2.0, 2.0),
            parameters={"threshold": 0.5},
            family="other",
            notes="Discontinuous at +-threshold. Keras maps NaN to 0; actlib keeps NaN.",
        ),
        Activation(
            name="soft_shrink",
            function=activations.soft_shrink,
            derivative=derivatives.soft_shrink_derivative,
            formula=r"\mathrm{soft\_shrink}(x) = "
            + _cases(("x - t", "x > t"), ("x + t", "x < -t"), ("0", r"|x| \le t")),
            derivative_formula=r"\mathrm{soft\_shrink}'(x) = "
            + _cases(("1", r"|x| > t"), ("0", r"|x| < t")),
            keras_layer='keras.layers.Activation("soft_shrink")',
            plot_range=(-2.0, 2.0),
            parameters={"threshold": 0.5},
            family="other",
            notes="Keras maps NaN to 0; actlib keeps NaN.",
        ),
        Activation(
            name="tanh_shrink",
            function=activations.tanh_shrink,
            derivative=derivatives.tanh_shrink_derivative,
            formula=r"\mathrm{tanh\_shrink}(x) = x - \tanh(x)",
            derivative_formula=r"\mathrm{tanh\_shrink}'(x) = \tanh^2(x)",
            keras_layer='keras.layers.Activation("tanh_shrink")',
            plot_range=(-4.0, 4.0),
            family="other",
            notes="Keras subtracts in float32 and loses all accuracy for |x| below about 1e-3.",
        ),
        Activation(
            name="threshold",
            function=activations.threshold,
            derivative=derivatives.threshold_derivative,
            formula=r"\mathrm{threshold}(x) = " + _cases(("x", "x > t"), ("v", r"x \le t")),
            derivative_formula=r"\mathrm{threshold}'(x) = " + _cases(("1", "x > t"), ("0", "x < t")),
            keras_layer="keras.layers.Lambda(lambda x: keras.activations.threshold(x, 1.0, 0.0))",
            plot_range=(-3.0, 3.0),
            parameters={"threshold": 1.0, "default_value": 0.0},
            required_parameters=("threshold", "default_value"),
            family="other",
            notes="Both parameters are required (no defaults): the values here, threshold=1.0 and "
            "default_value=0.0, are Keras 2's ThresholdedReLU. Keras maps NaN to default_value; "
            "actlib keeps NaN.",
        ),
    )
}

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
