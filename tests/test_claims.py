"""Verdicts on claims come from one table (actlib/claims.py): no chapter types one of its own."""

import re

import pytest

from actlib.claims import CLAIMS, VERDICTS, claim, guide_claims
from tests.conftest import ROOT

CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
VERDICT_WORDS = "|".join(re.escape(v) for v in VERDICTS)
# How a chapter would type a verdict by hand: after "Verdict:", in bold, in parentheses after a
# claim ("cheap (needs nuance: ...)"), or in a table cell.
TYPED_VERDICT = re.compile(
    rf"\*\*Verdict:\*\*(?!\s*\{{glue:md\}})"
    rf"|\*\*\s*({VERDICT_WORDS})\b"
    rf"|\(\s*({VERDICT_WORDS})\s*[:;,)]"
    rf"|\|\s*({VERDICT_WORDS})\s*\|",
    re.IGNORECASE,
)
GLUED_VERDICT = re.compile(r"\{glue:md\}`verdict-([a-z0-9-]+)`")


def prose(path):
    """A chapter's Markdown without its code cells (code may print any word it likes)."""
    return re.sub(r"^```\{code-cell\}.*?^```$", "", path.read_text(), flags=re.S | re.M)


def test_the_claim_table_is_well_formed():
    keys = [c.key for c in CLAIMS]
    assert len(keys) == len(set(keys)), "two claims share a key"
    assert all(c.verdict in VERDICTS for c in CLAIMS)
    assert len(guide_claims()) >= 19, "the ledger lost rows of the guide"


def test_every_evidence_label_exists_in_a_chapter():
    labels = set()
    for path in CHAPTERS:
        labels |= set(re.findall(r"^\(([\w-]+)\)=$", path.read_text(), flags=re.M))
    for c in CLAIMS:
        missing = [label for label in c.evidence if label not in labels]
        assert not missing, f"claim {c.key!r} cites sections that do not exist: {missing}"


def test_a_verdict_outside_the_three_is_refused():
    from actlib.claims import _claim

    with pytest.raises(ValueError, match="verdict 'mostly right' is not one of"):
        _claim("x", "a claim", "mostly right", "why", "introduction")


def test_the_ledger_table_has_one_row_per_guide_claim_and_escapes_pipes():
    from actlib.claims import ledger_markdown

    lines = ledger_markdown().splitlines()
    assert len(lines) == 2 + len(guide_claims())
    assert all(line.count(" | ") == 4 for line in lines[2:]), "a cell splits the table"


def test_an_unknown_claim_is_a_clear_error():
    with pytest.raises(ValueError, match="no claim 'relu-is-magic'; known claims: nonlinearity"):
        claim("relu-is-magic")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_chapter_types_a_verdict(path):
    text = prose(path)
    for match in TYPED_VERDICT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        pytest.fail(
            f"{path.name}, near line {line} of its prose: a typed verdict {match.group(0)!r}; "
            "write {glue:md}`verdict-<key>` (keys in actlib/claims.py)"
        )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_glued_verdict_names_a_claim_the_chapter_glues(path):
    text = path.read_text()
    keys = GLUED_VERDICT.findall(text)
    if not keys:
        return
    assert "glue_verdicts()" in text, f"{path.name} quotes verdicts but never calls glue_verdicts()"
    for key in keys:
        claim(key)  # raises for an unknown key


def test_the_ledger_page_shows_the_table_of_claims(built_book):
    from bs4 import BeautifulSoup

    returncode, log, html = built_book
    assert returncode == 0, log[-3000:]
    soup = BeautifulSoup((html / "chapters" / "choosing.html").read_text(), "html.parser")
    ledger = next(
        t
        for t in soup.select("table")
        if "The guide’s claim" in t.get_text() or "The guide's claim" in t.get_text()
    )
    shown = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")] for row in ledger.select("tbody tr")
    ]
    assert [row[2] for row in shown] == [c.verdict for c in guide_claims()]
    assert all(row[4] for row in shown), "a ledger row links to no evidence"


def test_every_verdict_on_a_page_is_one_of_the_three(built_book):
    from bs4 import BeautifulSoup

    _, _, html = built_book
    pattern = re.compile(rf"Verdict:\s*({VERDICT_WORDS})\b")
    for page in (html / "chapters").glob("*.html"):
        text = BeautifulSoup(page.read_text(), "html.parser").get_text(" ")
        assert "{glue" not in text, f"{page.name}: a glue role was not replaced"
        stated = text.count("Verdict:")
        assert len(pattern.findall(text)) == stated, f"{page.name}: a 'Verdict:' not followed by a verdict"
