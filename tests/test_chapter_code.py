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
        first = cell.source.splitlines()[0]
        while lines[position] != first:  # the cell's first line, after its fence and options
            position += 1
        source = comment_magic(cell.source.splitlines(), "python")
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


def ruff_on_chapters(chapters, folder):
    """Run ruff on the chapters' code (extracted into ``folder``); return (exit code, report)."""
    for chapter in chapters:
        (folder / f"{chapter.stem}.py").write_text(code_at_chapter_lines(chapter))
    ignore = ", ".join(f'"{rule}"' for rule in NOTEBOOK_ONLY_RULES)
    result = subprocess.run(
        [Path(sys.executable).parent / "ruff", "check", "--no-cache", "--output-format", "concise",
         "--config", str(ROOT / "pyproject.toml"), "--config", f"lint.extend-ignore = [{ignore}]", "."],
        cwd=folder, capture_output=True, text=True,
    )
    return result.returncode, result.stdout.replace(".py:", ".md:")  # the line numbers are the chapter's


def test_chapter_code_passes_ruff(tmp_path):
    returncode, report = ruff_on_chapters(CHAPTERS, tmp_path)
    assert returncode == 0, f"ruff on the chapters' code cells (chapters/<file>:line):\n{report}"


def write_chapter(folder, source):
    """A one-cell chapter with the chapters' jupytext header; its code cell starts at the returned line."""
    header = (ROOT / "chapters" / "relu.md").read_text().split("\n---\n")[0]  # the chapters' jupytext header
    chapter = folder / "made_up.md"
    chapter.write_text(f"{header}\n---\n\n```{{code-cell}} ipython3\n{source}```\n")
    return chapter, header.count("\n") + 5


def test_a_long_line_is_reported_at_its_chapter_line(tmp_path):
    (tmp_path / "code").mkdir()
    source = "import os\n\nx = 1  # " + "long " * 30 + "\nprint(os.sep, x)\n"
    chapter, first_line = write_chapter(tmp_path, source)
    returncode, report = ruff_on_chapters([chapter], tmp_path / "code")
    assert returncode == 1
    assert f"made_up.md:{first_line + 2}:111: E501" in report


def test_magics_are_commented_out(tmp_path):
    chapter, first_line = write_chapter(tmp_path, "x = 1\n%pip install actlib\n")
    code = code_at_chapter_lines(chapter).splitlines()
    assert code[first_line - 1 : first_line + 1] == ["x = 1", "# %pip install actlib"]
