"""The glossary defines every term the chapters link, and every term it defines is linked somewhere."""

import re

from tests.conftest import ROOT

TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")


def glossary_terms():
    """The terms of glossary.md: the unindented lines inside its ``{glossary}`` directive."""
    text = (ROOT / "glossary.md").read_text()
    body = re.search(r"^```\{glossary\}\n(.*?)^```$", text, flags=re.S | re.M).group(1)
    return {line.strip().lower() for line in body.splitlines() if line.strip() and not line.startswith(" ")}


def linked_terms():
    """(page, term) for every {term} role in the chapters and the glossary ("text <term>" counts as term)."""
    for path in sorted((ROOT / "chapters").glob("*.md")) + [ROOT / "glossary.md"]:
        for target in TERM_ROLE.findall(path.read_text()):
            match = re.fullmatch(r".*<(.+)>", target)
            yield path.name, (match.group(1) if match else target).strip().lower()


def test_every_linked_term_is_defined():
    undefined = sorted({(page, term) for page, term in linked_terms() if term not in glossary_terms()})
    assert not undefined, f"{{term}} roles without a glossary entry: {undefined}"


def test_every_defined_term_is_linked_from_a_chapter():
    linked = {term for page, term in linked_terms() if page != "glossary.md"}
    unused = sorted(glossary_terms() - linked)
    assert not unused, f"glossary terms no chapter links with {{term}}: {unused}"


def test_the_glossary_has_the_terms_the_issue_lists():
    required = {"logits", "cross-entropy", "epoch", "optimiser", "adam", "initialiser",
                "glorot initialisation", "he initialisation", "ulp", "subnormal", "jacobian",
                "frobenius norm"}
    assert required <= glossary_terms()
