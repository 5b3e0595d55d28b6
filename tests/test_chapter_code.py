"""The chapters' code cells are linted like the library: ruff, with pyproject.toml's settings.

jupytext reads each chapter (``chapters/*.md``, MyST notebooks) and its code cells are written to a
Python file at the lines they stand on in the chapter, so that ruff's line numbers are the chapter's.
Two rules are relaxed for what notebooks need: imports in later cells (E402) and ``import actlib``
placed before TensorFlow's import, to keep TensorFlow's start-up messages out of the page (I001).
IPython magics (``%pip``, ``!ls``) are commented out by jupytext, as it does when it writes a script.
"""

import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
from jupytext.magics import comment_magic

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
NOTEBOOK_ONLY_RULES = ["E402", "I001"]


def code_at_chapter_lines(chapter):
    """The chapter's code cells as Python text whose line ``n`` is line ``n`` of the chapter file.

    Lines that hold no code (prose, cell fences, cell options) are blank.
    """
    lines = chapter.read_text().splitlines()
    code = [""] * len(lines)
    position = 0
    for cell in jupytext.read(chapter).cells:
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        source = comment_magic(cell.source.splitlines(), "python")
        first = source[0]
        while lines[position] != first:  # the cell's first line, after its fence and options
            position += 1
        code[position : position + len(source)] = source
        position += len(source)
    return "\n".join(code) + "\n"


def test_every_chapter_has_code_at_its_own_lines():
    # The extraction must not lose or shift code: each code line stands at the same line of the chapter.
    chapter = ROOT / "chapters" / "relu.md"
    lines = chapter.read_text().splitlines()
    extracted = code_at_chapter_lines(chapter).splitlines()
    filled = [number for number, line in enumerate(extracted) if line.strip()]
    assert len(filled) > 100
    assert all(extracted[number] == lines[number] for number in filled)
    assert not any(line.startswith("```") for line in extracted)


def test_chapter_code_passes_ruff(tmp_path):
    for chapter in CHAPTERS:
        (tmp_path / f"{chapter.stem}.py").write_text(code_at_chapter_lines(chapter))
    ignore = ", ".join(f'"{rule}"' for rule in NOTEBOOK_ONLY_RULES)
    result = subprocess.run(
        [Path(sys.executable).parent / "ruff", "check", "--no-cache", "--output-format", "concise",
         "--config", str(ROOT / "pyproject.toml"), "--config", f"lint.extend-ignore = [{ignore}]", "."],
        cwd=tmp_path, capture_output=True, text=True,
    )
    report = result.stdout.replace(".py:", ".md:")  # the line numbers are the chapter's
    assert result.returncode == 0, f"ruff on the chapters' code cells (chapters/<file>:line):\n{report}"


@pytest.mark.parametrize("source, expected", [("x = 1\n%pip install actlib\n", "# %pip install actlib")])
def test_magics_are_commented_out(tmp_path, source, expected):
    chapter = tmp_path / "magic.md"
    chapter.write_text("---\njupytext:\n  text_representation:\n    format_name: myst\n---\n\n"
                       f"```{{code-cell}} ipython3\n{source}```\n")
    assert expected in code_at_chapter_lines(chapter).splitlines()
