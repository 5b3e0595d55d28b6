"""The book builds with warnings as errors, and its pages show no errors or log noise."""

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import ROOT

TENSORFLOW_NOISE = re.compile(
    r"oneDNN custom operations|absl::InitializeLog|[IWE]0000 \d|cuda_|TF_ENABLE_ONEDNN_OPTS|"
    r"tensorflow/core/|This TensorFlow binary is optimized|Unable to register cu"
)


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


@pytest.fixture(scope="module")
def pages(built_book):
    returncode, log, html = built_book
    assert returncode == 0, "the book did not build cleanly:\n" + log[-6000:]
    return {name: BeautifulSoup((html / f"{name}.html").read_text(), "html.parser") for name in toc_files()}


def test_book_builds_with_warnings_as_errors(built_book):
    returncode, log, _ = built_book
    assert returncode == 0, log[-6000:]
    assert "build succeeded" in log
    assert "WARNING" not in log.replace("[IPKernelApp] WARNING | Kernel is running over TCP", "")


def test_every_toc_entry_is_a_page(pages):
    assert len(pages) == len(toc_files()) >= 8


def test_no_tensorflow_log_lines_on_any_page(pages):
    for name, soup in pages.items():
        for output in soup.select("div.cell_output"):
            assert not TENSORFLOW_NOISE.search(output.get_text()), f"{name}: {output.get_text()[:300]}"


def test_no_stderr_and_no_unexpected_tracebacks(pages):
    for name, soup in pages.items():
        assert not soup.select("div.cell_output .stderr"), f"{name} shows a stderr output (a warning?)"
        for traceback in soup.select("div.cell_output .traceback"):
            cell = traceback.find_parent("div", class_="cell")
            assert "tag_raises-exception" in cell.get("class", []), (
                f"{name}: a cell that is not tagged raises-exception shows an error")


def test_every_figure_has_alt_text(pages):
    for name, soup in pages.items():
        for image in soup.select("div.cell_output img"):
            assert len(image.get("alt", "").strip()) >= 15, f"{name}: image without real alt text"


def test_every_activation_chapter_follows_the_template(pages):
    template = ["The idea", "Formula and derivative", "Plots", "In Keras: the function and the layer",
                "The guide’s examples, reproduced", "Pros and cons, tested", "Exercises", "Summary"]
    for name in ("chapters/relu", "chapters/sigmoid", "chapters/softmax", "chapters/tanh"):
        headings = [h.get_text().rstrip("#").strip() for h in pages[name].select("section > h2")]
        headings = [re.sub(r"^[\d.]+\s*", "", h) for h in headings]
        assert headings == template, f"{name}: {headings}"


def test_chapters_were_executed_by_the_parallel_pass(built_book):
    """Every chapter except those that time code was found in the cache the parallel pass filled.

    Had the parallel pass read or hashed a notebook differently from MyST-NB, MyST-NB would have
    executed that chapter a second time ("Executed notebook"). An incremental build reads only the
    chapters that changed, so a chapter absent from the log was not read and has nothing to check.
    """
    returncode, log, _ = built_book
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    alone = set(config["sphinx"]["config"]["parallel_execution_alone"])
    chapters = [name for name in toc_files() if name.startswith("chapters/") and name not in alone]
    for name in chapters:
        if "{code-cell}" not in (ROOT / f"{name}.md").read_text() or f"{name}.md:" not in log:
            continue
        assert f"{name}.md: Executed notebook" not in log, f"{name} was executed by MyST-NB itself"
        assert f"{name}.md: Using cached notebook" in log, name
