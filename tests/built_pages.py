"""What the book tests and the browser tests both look for in the built pages: the pages of the
table of contents, TensorFlow's log lines, and output cells that show an error, stderr or a log.

One pattern and one check serve both: ``test_book.py`` reads the cells from the HTML files,
``test_browser.py`` from the pages Chromium shows. No browser is needed to import this module.
"""

import re

from chapter_notebooks import toc_docnames  # _ext/, on sys.path (conftest.py): the one TOC reader

# The docnames of the table of contents in reading order: the root page, then every chapter.
TOC_PAGES = toc_docnames()

# TensorFlow's and absl's C++ log lines, the oneDNN notice and CUDA probing messages.
TF_LOG_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] |[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ \w+\.cc:\d+\])"
    r"|WARNING: All log messages before absl::InitializeLog|oneDNN custom operations are on"
    r"|TF_ENABLE_ONEDNN_OPTS|This TensorFlow binary is optimized|Unable to register cu\w+ factory"
    r"|Could not find cuda drivers|TF-TRT Warning|tensorflow/core/\S+\.cc:\d+",
    re.MULTILINE,
)
TRACEBACK = "Traceback (most recent call last)"


def bad_output_lines(cells):
    """What is wrong with a page's output cells, as readable lines (empty when all is well).

    ``cells`` comes from the page: for each code cell, its tags and its outputs' classes and text.
    A traceback is expected only in cells tagged ``raises-exception``; stderr output (where Python
    warnings go) and TensorFlow log lines are never expected. A chapter may print a caught
    warning's or error's message on purpose: that is stdout and allowed.
    """
    problems = []
    for number, cell in enumerate(cells, start=1):
        may_raise = "raises-exception" in cell["tags"]
        for output in cell["outputs"]:
            text, classes = output["text"], output["classes"]
            where = f"code cell {number}: {text.strip()[:160]!r}"
            if ("traceback" in classes or TRACEBACK in text) and not may_raise:
                problems.append(f"error output in {where}")
            if "stderr" in classes:
                problems.append(f"stderr output in {where}")
            if TF_LOG_LINE.search(text):
                problems.append(f"TensorFlow log line in {where}")
    return problems
