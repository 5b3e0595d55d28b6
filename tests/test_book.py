"""The book builds with warnings as errors, and its pages show no errors or log noise."""

import re

import pytest
from bs4 import BeautifulSoup
from built_pages import TOC_PAGES, bad_output_lines
from jupyter_cache import get_cache
from myst_nb.core.read import create_nb_reader
from parallel_execution import EXECUTED_BY

from tests.conftest import ROOT

pytestmark = pytest.mark.book


def output_cells(soup):
    """A page's code cells as ``bad_output_lines`` reads them: tags, and each output's classes and text."""
    return [
        {
            "tags": [c.removeprefix("tag_") for c in cell.get("class", []) if c.startswith("tag_")],
            "outputs": [
                {"classes": output.get("class", []), "text": output.get_text()}
                for output in cell.select(".cell_output .output")
            ],
        }
        for cell in soup.select("div.cell")
    ]


@pytest.fixture(scope="module")
def pages(built_book):
    returncode, log, html = built_book
    assert returncode == 0, "the book did not build cleanly:\n" + log[-6000:]
    return {name: BeautifulSoup((html / f"{name}.html").read_text(), "html.parser") for name in TOC_PAGES}


def test_book_builds_with_warnings_as_errors(built_book):
    returncode, log, _ = built_book
    assert returncode == 0, log[-6000:]
    assert "build succeeded" in log
    assert "WARNING" not in log.replace("[IPKernelApp] WARNING | Kernel is running over TCP", "")


def test_every_toc_entry_is_a_page(pages):
    assert len(pages) == len(TOC_PAGES) >= 8


def test_no_error_stderr_or_tensorflow_log_in_any_output(pages):
    """Tracebacks only in cells tagged raises-exception; no stderr, no TensorFlow log line."""
    problems = {name: bad_output_lines(output_cells(soup)) for name, soup in pages.items()}
    assert {name: lines for name, lines in problems.items() if lines} == {}


def test_every_figure_has_alt_text(pages):
    for name, soup in pages.items():
        for image in soup.select("div.cell_output img"):
            assert len(image.get("alt", "").strip()) >= 15, f"{name}: image without real alt text"


def test_every_activation_chapter_follows_the_template(pages):
    template = [
        "The idea",
        "Formula and derivative",
        "Plots",
        "In Keras: the function and the layer",
        "The guide’s examples, reproduced",
        "Pros and cons, tested",
        "Exercises",
        "Summary",
    ]
    for name in ("chapters/relu", "chapters/sigmoid", "chapters/softmax", "chapters/tanh"):
        headings = [h.get_text().rstrip("#").strip() for h in pages[name].select("section > h2")]
        headings = [re.sub(r"^[\d.]+\s*", "", h) for h in headings]
        assert headings == template, f"{name}: {headings}"


def test_every_chapter_shows_the_outputs_of_the_execution_pass(build_environment):
    """The outputs MyST-NB finds for each chapter are those _ext/parallel_execution.py cached.

    Had that pass read or hashed a notebook differently from MyST-NB, MyST-NB would not have
    found it and would have executed the chapter a second time, replacing the cached record with
    its own. The cache is the state of the last build, whatever builds came before it.
    """
    env = build_environment
    cache = get_cache(env.mystnb_config.execution_cache_path)
    notebooks = 0
    for name in TOC_PAGES:
        path = ROOT / f"{name}.md"
        text = path.read_text()
        reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, text)
        if reader is None:
            continue
        notebooks += 1
        try:
            record = cache.match_cache_notebook(reader.read(text))
        except KeyError:
            pytest.fail(f"{name}: its outputs are not in the execution cache the build used")
        assert record.data.get("executed_by") == EXECUTED_BY, f"{name} was executed by MyST-NB itself"
    assert notebooks >= 8
