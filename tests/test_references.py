"""The bibliography: every work in references.bib is cited, every citation resolves, and no chapter
names a paper (author and year, "et al.", "the ... paper") without a {cite} role nearby."""

import re

import pytest
from pybtex.database import parse_file

from tests.conftest import ROOT

PAGES = sorted((ROOT / "chapters").glob("*.md")) + [ROOT / "glossary.md", ROOT / "index.md"]
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
# How prose names a work: "He et al.", "Glorot and Bengio (2010)", "Krizhevsky (2012)", "(2015)",
# "the GELU paper", "the original paper" (but not "solve on paper").
NAMED_WORK = re.compile(
    r"\b[A-Z][\w'-]+ et al\b"
    r"|\b[A-Z][\w'-]+ and [A-Z][\w'-]+,? \(?(19|20)\d\d\b"
    r"|\b[A-Z][\w'-]+,? \((19|20)\d\d\b"
    r"|\((19|20)\d\d\)"
    r"|\b[Tt]he (\w+ ){0,2}paper\b"
)
NEARBY = 300  # characters on either side, within the same paragraph


def bib_keys():
    return set(parse_file(str(ROOT / "references.bib")).entries)


def prose_paragraphs(path):
    """The page's paragraphs outside code cells and fenced blocks (code may say anything)."""
    text = re.sub(r"^```\{code-cell\}.*?^```$", "", path.read_text(), flags=re.S | re.M)
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def cited_keys():
    keys = set()
    for path in PAGES:
        for group in CITE_ROLE.findall(path.read_text()):
            keys |= {k.strip() for k in group.split(",")}
    return keys


def test_the_bibliography_lists_at_least_fifteen_works():
    assert len(bib_keys()) >= 15


def test_every_work_in_the_bibliography_is_cited():
    uncited = sorted(bib_keys() - cited_keys())
    assert not uncited, f"references.bib entries no page cites: {uncited}"


def test_every_citation_names_a_work_in_the_bibliography():
    unknown = sorted(cited_keys() - bib_keys())
    assert not unknown, f"{{cite}} keys missing from references.bib: {unknown}"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_no_paper_is_named_without_a_citation(path):
    for paragraph in prose_paragraphs(path):
        for match in NAMED_WORK.finditer(paragraph):
            window = paragraph[max(0, match.start() - NEARBY) : match.end() + NEARBY]
            assert "{cite" in window, (
                f"{path.name}: {match.group(0)!r} names a work without a {{cite}} role nearby:\n"
                f"{paragraph.strip()[:400]}"
            )


def test_the_pattern_catches_an_uncited_paper():
    assert NAMED_WORK.search("as He et al. showed, the variance doubles")
    assert NAMED_WORK.search("Glorot and Bengio (2010) followed the activations")
    assert NAMED_WORK.search("from the GELU paper, once cheaper")
    assert not NAMED_WORK.search("the ReLU network trains in 10 epochs; solve it on paper")


def test_the_references_page_lists_every_work(built_book):
    from bs4 import BeautifulSoup

    returncode, log, html = built_book
    assert returncode == 0, log[-3000:]
    soup = BeautifulSoup((html / "references.html").read_text(), "html.parser")
    entries = soup.select("div.citation-list > div.citation")
    assert len(entries) == len(bib_keys()) >= 15
    assert all(entry.get("role") == "listitem" for entry in entries), "entries lost their list-item role"
