"""The guide's claims and the book's verdicts: the one source the ledger and the chapters read.

Every chapter that gives a verdict calls :func:`glue_verdicts` once and writes
``**Verdict:** {glue:md}`verdict-<key>` `` where it states one; the ledger of the
choosing chapter is :func:`show_ledger`. A verdict is therefore typed in exactly one
place, this file, and two chapters cannot disagree (``tests/test_claims.py`` checks
that no chapter types one).
"""

from collections import Counter
from dataclasses import dataclass

from actlib.display import markdown_table

VERDICTS = ("confirmed", "needs nuance", "wrong")
"""*Confirmed*: holds as stated. *Needs nuance*: true only under conditions the source does not
state, or a true part mixed with an unsupported one. *Wrong*: the evidence contradicts it."""


@dataclass(frozen=True)
class Claim:
    """One claim, paraphrased, with the book's verdict, the reason and where the evidence is."""

    key: str  # glued as verdict-<key>
    claim: str
    verdict: str
    why: str
    evidence: tuple  # labels of the sections whose code shows it
    source: str = "guide"  # "guide": the beginner's guide; otherwise who else makes the claim


def _claim(key, claim, verdict, why, *evidence, source="guide"):
    if verdict not in VERDICTS:
        raise ValueError(f"claim {key!r}: verdict {verdict!r} is not one of {VERDICTS}")
    return Claim(key, claim, verdict, why, evidence, source)


CLAIMS = tuple(
    (
        _claim(
            "nonlinearity",
            "Activations must make the network non-linear",
            "confirmed",
            "without them, stacked `Dense` layers collapse into one affine map",
            "introduction-claim-nonlinearity",
        ),
        _claim(
            "differentiable",
            "Activations must be differentiable for backpropagation",
            "needs nuance",
            "differentiable almost everywhere suffices; at a kink the framework picks one slope, and "
            "which one can matter",
            "introduction-claim-differentiable",
        ),
        _claim(
            "relu-efficient",
            "ReLU is computationally efficient, so networks converge faster",
            "needs nuance",
            "ReLU is among the cheapest activations, but the activation is a small share of a layer's "
            "cost, and training speed is a separate question",
            "relu-claim-efficient",
            "comparison-cost",
            "comparison-race",
        ),
        _claim(
            "relu-differentiable",
            "ReLU is non-linear and differentiable",
            "needs nuance",
            "non-linear yes; not differentiable at 0, where TensorFlow uses the slope 0",
            "relu-claim-differentiable",
        ),
        _claim(
            "relu-no-vanishing",
            "ReLU has no vanishing-gradient problem",
            "needs nuance",
            "its slope is 1 or 0, so it does not shrink gradients, but it can zero them, and the "
            "initialiser still decides the gradient's size",
            "relu-claim-no-vanishing",
            "vanishing_gradients-depth",
        ),
        _claim(
            "relu-dying",
            "ReLU neurons die: whenever the input is negative, the gradient is zero",
            "needs nuance",
            "a unit dies only if its input is non-positive for every example; negative "
            "inputs on some examples are harmless",
            "relu-claim-dying",
            "dying_relu-learning-rate",
            "dying_relu-born-dead",
        ),
        _claim(
            "sigmoid-differentiable",
            "Sigmoid is non-linear and differentiable",
            "confirmed",
            "smooth everywhere, with a closed-form derivative",
            "sigmoid-claim-differentiable",
        ),
        _claim(
            "sigmoid-probability",
            "Sigmoid's output in (0, 1) is a probability for binary output",
            "needs nuance",
            "right range and use, but in float32 it rounds to exactly 0 and 1",
            "sigmoid-claim-probability",
        ),
        _claim(
            "sigmoid-heavy",
            "Sigmoid is computationally heavy; networks may converge slowly",
            "needs nuance",
            "an exponential per element, but in a layer the matrix product dominates; slow "
            "convergence comes from its small derivative, not its cost",
            "sigmoid-claim-heavy",
            "comparison-cost",
            "choosing-shallow-experiment",
        ),
        _claim(
            "sigmoid-vanishing",
            "Sigmoid's gradient vanishes for large or small inputs",
            "confirmed",
            "its derivative is at most 1/4 and tiny in both tails",
            "sigmoid-claim-vanishing",
            "vanishing_gradients-depth",
            "vanishing_gradients-training",
        ),
        _claim(
            "softmax-distribution",
            "Softmax outputs lie in (0, 1) and sum to 1",
            "needs nuance",
            "true in exact arithmetic; float32 gives exact 0s and 1s and sums a few ulps off",
            "softmax-claim-distribution",
        ),
        _claim(
            "softmax-multiclass",
            "Softmax is the output layer for multi-class classification",
            "confirmed",
            "yes, for exactly-one-class targets; pair it with `from_logits=True`",
            "softmax-claim-multiclass",
        ),
        _claim(
            "tanh-differentiable",
            "Tanh is non-linear and differentiable",
            "confirmed",
            r"smooth everywhere; $\tanh' = 1 - \tanh^2$",
            "tanh-claim-differentiable",
        ),
        _claim(
            "tanh-negative-outputs",
            "Tanh's output in (-1, 1) allows negative outputs",
            "confirmed",
            "zero-centred; it is a rescaled sigmoid",
            "tanh-claim-negative-outputs",
        ),
        _claim(
            "tanh-vanishing",
            "Tanh suffers vanishing gradients for too low or too high inputs",
            "confirmed",
            "it saturates in both tails, faster than the sigmoid; near 0 its slope reaches 1, so a "
            "well-initialised tanh stack copes with depth far better than a sigmoid one",
            "tanh-claim-vanishing",
            "choosing-shallow-experiment",
        ),
        _claim(
            "avoid-sigmoid-tanh-hidden",
            "Avoid sigmoid and tanh in hidden layers (vanishing gradients)",
            "needs nuance",
            "true for deep plain stacks of sigmoids; tanh with Glorot initialisation, "
            "shallow nets and sigmoids with batch normalisation train, and recurrent gates need them",
            "choosing-shallow-experiment",
            "vanishing_gradients-training",
            "choosing-recurrent-gates",
        ),
        _claim(
            "sigmoid-binary-output",
            "Use sigmoid in the output layer for binary classification",
            "confirmed",
            "one sigmoid unit (or its logit with `from_logits=True`)",
            "sigmoid-claim-probability",
            "choosing-output-checks",
        ),
        _claim(
            "relu-ideal-hidden",
            "ReLU is ideal for hidden layers: no vanishing gradient, fast",
            "needs nuance",
            "the right default, with dying units and smooth alternatives to know about",
            "relu-claim-no-vanishing",
            "dying_relu-learning-rate",
            "comparison-race",
        ),
        _claim(
            "softmax-multiclass-output",
            "Use softmax in the output layer for multi-class classification",
            "confirmed",
            "but not for multi-label targets, which need one sigmoid per label",
            "softmax-claim-multiclass",
            "choosing-output-checks",
        ),
        _claim(
            "forty-percent-dead",
            "As much as 40% of a ReLU network can be dead",
            "confirmed",
            "with a learning rate far above the default, the measured dead share is of that order",
            "dying_relu-learning-rate",
            source="CS231n",
        ),
    )
)

_BY_KEY = {c.key: c for c in CLAIMS}


def claim(key):
    """The :class:`Claim` called ``key``; a ValueError names the known keys otherwise."""
    if key not in _BY_KEY:
        raise ValueError(f"no claim {key!r}; known claims: {', '.join(_BY_KEY)}")
    return _BY_KEY[key]


def guide_claims():
    """The claims of the beginner's guide, in the guide's order (the ledger's rows)."""
    return [c for c in CLAIMS if c.source == "guide"]


def verdict_counts():
    """How many of the guide's claims earn each verdict, as ``{verdict: count}`` (zeros included)."""
    counts = Counter(c.verdict for c in guide_claims())
    return {v: counts.get(v, 0) for v in VERDICTS}


def ledger_markdown():
    """The ledger as a MyST Markdown table: number, claim, verdict, why, evidence links."""
    rows = [
        {"#": str(number), "The guide's claim (paraphrased)": c.claim, "Verdict": c.verdict, "Why": c.why,
         "Evidence": ", ".join(f"{{ref}}`{label}`" for label in c.evidence)}
        for number, c in enumerate(guide_claims(), start=1)
    ]
    return markdown_table(rows)


def show_ledger():
    """Display :func:`ledger_markdown` in a notebook (rendered as MyST by the book)."""
    from IPython.display import Markdown, display

    display(Markdown(ledger_markdown()))


def glue_verdicts():
    """Glue every claim's verdict as ``verdict-<key>`` (and the counts as ``verdicts-<verdict>``).

    Prose then writes ``{glue:md}`verdict-relu-dying` `` instead of typing the verdict. Outside the
    book (a chapter run as a plain notebook, without MyST-NB) there is no prose to fill: nothing to do.
    """
    from IPython.display import Markdown

    try:
        from myst_nb import glue
    except ModuleNotFoundError:
        return

    for c in CLAIMS:
        glue(f"verdict-{c.key}", Markdown(c.verdict), display=False)
    for verdict, count in verdict_counts().items():
        glue(f"verdicts-{verdict.replace(' ', '-')}", count, display=False)
