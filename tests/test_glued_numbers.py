"""Numbers that prose states about an output are glued from it, not typed (a heuristic).

After every code cell, the prose up to the next code cell describes that cell's output. A decimal
number or a percentage typed there is suspect unless it is also written in the code of that cell
or of the next one (a parameter, such as a learning rate of 0.003, described before or after the
cell that uses it), sits in math, inline code or an exercise's question, is an exact float such as
1.0, or is on the allow-list below with the reason it is not an output.
"""

import re

import pytest

from tests.conftest import ROOT

CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```$", re.S | re.M)
# 0.0986, 1.5, 27%, 27 %, 65 ms, 3 ulps, 1.5×; not bare integers (depths, epochs and seeds are inputs).
TYPED_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?\s?(?:%|ms|ns|ulps?|×)(?!\w)|\d+\.\d+(?![\w.]))"
)
NOT_PROSE = re.compile(
    r"\{glue(?::\w+)?\}`[^`]*`"  # a glued value
    r"|`[^`]*`"  # inline code
    r"|\$\$.*?\$\$|\$[^$]*\$"  # math
    r"|\{cite(?::\w+)?\}`[^`]*`"  # a citation (the literature's own numbers may follow it)
    r"|^```\{exercise-start\}.*?^```\{exercise-end\}\n```$"  # an exercise's question: its inputs
    r"|^```.*?^```$"  # directives (admonitions)
    r"|\b(TensorFlow|Keras|NumPy|Python) \d+(\.\d+)*"  # versions
    r"|^\|.*$",  # typed tables
    re.S | re.M,
)
# Numbers that are not outputs of the preceding cell, with the reason.
ALLOWED = {
    ("relu", "25%"): "Krizhevsky et al. (2012), Figure 1: the literature's number, cited",
    ("dying_relu", "40%"): "the CS231n quote under test, cited",
    ("smooth_activations", "0.044715"): "a constant of the GELU approximation's formula",
    ("cheap_approximations", "0.2"): "Keras 2's hard_sigmoid formula, clip(0.2x + 0.5, 0, 1)",
    ("cheap_approximations", "0.5"): "Keras 2's hard_sigmoid formula, clip(0.2x + 0.5, 0, 1)",
    ("keras2_to_keras3", "0.2"): "Keras 2's hard_sigmoid formula, clip(0.2x + 0.5, 0, 1)",
    ("keras2_to_keras3", "0.5"): "Keras 2's hard_sigmoid formula, clip(0.2x + 0.5, 0, 1)",
    ("keras2_to_keras3", "0.3"): "LeakyReLU's documented default slope, read from the signature in the cell",
    ("relu_family", "0.3"): "LeakyReLU's documented default slope, read from the signature in the cell",
    ("relu_family", "0.2"): "leaky_relu's documented default slope, read from the signature in the cell",
    ("sigmoid", "15.72"): "the clamp written in the old Eigen kernel's source, which the cell re-implements",
}
EXACT_FLOATS = {"0.0", "1.0", "0.5"}


def suspect_numbers(path):
    """(number, the prose around it) for each typed number after a code cell that its code lacks."""
    text = path.read_text()
    cells = list(CODE_CELL.finditer(text))
    found = []
    for cell, following in zip(cells, cells[1:] + [None], strict=True):
        end = following.start() if following else len(text)
        prose = NOT_PROSE.sub(" ", text[cell.end():end])
        prose = prose.split("\n## ")[0]  # a new section starts a new subject
        code = cell.group(1) + (following.group(1) if following else "")
        for match in TYPED_NUMBER.finditer(prose):
            number = match.group(1).replace(" ", "")
            digits = re.match(r"[\d.]+", number).group(0)
            if digits in EXACT_FLOATS or re.search(rf"(?<![\w.]){re.escape(digits)}(?![\d.])", code):
                continue
            if (path.stem, number) in ALLOWED:
                continue
            found.append((number, " ".join(prose[max(0, match.start() - 80): match.end() + 40].split())))
    return found


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_numbers_about_outputs_are_glued(path):
    suspects = suspect_numbers(path)
    assert not suspects, f"{path.name}: typed numbers next to code outputs (glue them): " + "; ".join(
        f"{number!r} in '...{context}...'" for number, context in suspects)


def test_the_heuristic_finds_a_typed_number(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```{code-cell} ipython3\nprint(ratio)\n```\n\nThe ratio is 0.0986, glued as "
                    "{glue:text}`ratio:.3g`, with $x = 0.25$ in math and `1.5` in code.\n")
    assert [n for n, _ in suspect_numbers(page)] == ["0.0986"]
