"""The chapters as plain Jupyter notebooks (``notebooks/``), as students open them.

- the committed notebooks equal a fresh regeneration from the ``.md`` chapters;
- their Markdown has no MyST syntax left, every link is absolute or inside the notebook, math is in
  ``$$``, solutions are collapsed, tags and alt texts are kept (checked against the ``.md`` source);
- the converter handles the MyST the chapters may use next (glossary, citations, glue, ...);
- actlib's wheel declares everything actlib imports, and every notebook runs in a fresh virtual
  environment outside the repository that has only that wheel (with its dependencies) and the
  notebook runner installed; the wheel is installed by the notebooks' own first cell;
- on the built book, every launch button opens a committed notebook, the downloaded notebook is the
  same plain notebook with outputs, and every link into the online book names a page and anchor
  that the build made.
"""

import ast
import concurrent.futures
import functools
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import textwrap
import time
import venv
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import chapter_notebooks  # noqa: E402

NOTEBOOKS = ROOT / chapter_notebooks.NOTEBOOK_FOLDER
SITE = chapter_notebooks.book_site()
CHAPTERS = chapter_notebooks.notebook_chapters()
NOTEBOOK_TIMEOUT = 900  # seconds per notebook in the fresh environment

# MyST that must not reach a Jupyter Markdown cell (each pattern is tried on every line).
MYST_SYNTAX = {
    "directive fence": r"^\s*(`{3,}|~{3,}|:{3,})\s*\{",
    "role": r"\{[a-zA-Z][\w:+-]*\}`",
    "label target": r"^\s*\([^()\s]+\)=\s*$",
    "colon fence": r"^\s*:{3,}",
    "directive option": r"^\s*:[\w-]+:(\s|$)",
    "MyST comment": r"^%",
    "block break": r"^\+\+\+",
    "labelled math": r"\$\$\s*\([^)]*\)\s*$",
    "definition list": r"^:\s",
    "substitution": r"\{\{[^}]*\}\}",
}


def read(path):
    return nbformat.read(path, as_version=4)


def markdown_cells(notebook):
    return [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]


def myst_left(text):
    """``[(name, line)]`` of the MyST syntax found in ``text``."""
    return [(name, line) for line in text.split("\n") for name, pattern in MYST_SYNTAX.items()
            if re.search(pattern, line)]


def links(text):
    """Every link target of Markdown text: ``[x](target)``, ``<target>`` and HTML ``href``/``src``."""
    return (re.findall(r"\]\(\s*<?([^)\s>]+)", text) + re.findall(r"<(https?://[^>\s]+)>", text)
            + re.findall(r"""(?:href|src)=["']([^"']+)""", text))


def anchors(notebook):
    """The ids a link inside the notebook can point to (explicit ``<a id>``/``name``)."""
    pattern = r"""(?:id|name)=["']([^"']+)"""
    return {match for text in markdown_cells(notebook) for match in re.findall(pattern, text)}


def bad_links(notebook):
    found = []
    for text in markdown_cells(notebook):
        for target in links(text):
            if target.startswith("#"):
                if target[1:] not in anchors(notebook):
                    found.append(target)
            elif not re.match(r"^(https?|mailto):", target):
                found.append(target)
    return found


def md_source(docname):
    return (ROOT / f"{docname}.md").read_text()


@pytest.fixture(scope="module")
def committed():
    return {path.name: read(path) for path in sorted(NOTEBOOKS.glob("*.ipynb"))}


# ------------------------------------------------------------------ the committed notebooks

def test_committed_notebooks_equal_a_fresh_regeneration(tmp_path):
    written = chapter_notebooks.write_notebooks(tmp_path)
    assert written == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")), "run: python3 tasks.py notebooks"
    for name in written:
        assert (NOTEBOOKS / name).read_text() == (tmp_path / name).read_text(), (
            f"notebooks/{name} is out of date: run python3 tasks.py notebooks and commit the result")


def test_one_notebook_per_executable_chapter_and_only_clone_chapters_left_out():
    executable = [d for d in chapter_notebooks.toc_docnames()
                  if chapter_notebooks.is_executable(ROOT / f"{d}.md")]
    assert set(SITE.clone_only) <= set(executable), "notebooks_clone_only names a chapter that does not exist"
    assert CHAPTERS == [d for d in executable if d not in SITE.clone_only]
    assert len(CHAPTERS) >= 10


def test_notebooks_are_committed_without_outputs(committed):
    for name, notebook in committed.items():
        nbformat.validate(notebook)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert all(cell.outputs == [] and cell.execution_count is None for cell in code), name
    assert sum(p.stat().st_size for p in NOTEBOOKS.glob("*.ipynb")) < 2_000_000


def test_markdown_cells_have_no_myst_syntax(committed):
    found = {name: myst_left(text) for name, nb in committed.items()
             for text in markdown_cells(nb) if myst_left(text)}
    assert found == {}


def test_the_battery_catches_each_kind_of_myst():
    samples = ["```{note}", ":::{tip}", "see {ref}`x`", "(label)=", ":class: dropdown", "% comment", "+++",
               "$$ (eq-1)", ": a definition", "{{ title }}", "{term}`dead unit <dead>`", "~~~{math}"]
    assert [bool(myst_left(sample)) for sample in samples] == [True] * len(samples)
    assert myst_left("Plain *text* with $x$, `code` and a [link](https://example.org).") == []


def test_every_link_is_absolute_or_inside_the_notebook(committed):
    assert {name: bad_links(nb) for name, nb in committed.items() if bad_links(nb)} == {}
    example = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "[a](relu.md) [b](#nowhere) <a id='here'></a>[c](#here) ![d](fig.png) [e](https://x.org)")])
    assert sorted(bad_links(example)) == ["#nowhere", "fig.png", "relu.md"]


def test_display_math_is_in_double_dollars(committed):
    for name, notebook in committed.items():
        for text in markdown_cells(notebook):
            assert text.count("$$") % 2 == 0, (name, text[:200])
            outside = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)
            assert "\\begin{" not in outside, (name, "an environment outside $$", text[:200])
    relu = committed["relu.ipynb"]
    assert any("\\begin{cases}" in text for text in markdown_cells(relu))


@pytest.mark.parametrize("docname", CHAPTERS)
def test_exercises_are_headings_and_solutions_collapsed(docname, committed):
    source = md_source(docname)
    notebook = committed[chapter_notebooks.notebook_name(docname)]
    text = "\n".join(markdown_cells(notebook))
    exercises = source.count("{exercise-start}")
    assert len(re.findall(r"^#{2,6} Exercise \d+", text, re.M)) == exercises
    solutions = re.findall(r"<summary>Solution to Exercise \d+(?! \(continued\))", text)
    assert len(solutions) == source.count("{solution-start}")
    assert text.count("<details>") == text.count("</details>")
    # Code cells between solution-start and solution-end in the .md are collapsed in the notebook.
    solution_code = sum(block.count("```{code-cell}") for block in
                        re.findall(r"\{solution-start\}.*?\{solution-end\}", source, re.S))
    hidden = [cell for cell in notebook.cells if cell.metadata.get("jupyter", {}).get("source_hidden")]
    assert len(hidden) == solution_code


@pytest.mark.parametrize("docname", CHAPTERS)
def test_code_cells_tags_and_alt_text_are_the_chapters(docname, committed):
    """The chapter's code cells, in order, with the same source, tags and MyST-NB metadata (alt text)."""
    source = jupytext.reads(md_source(docname), fmt="md:myst")
    notebook = committed[chapter_notebooks.notebook_name(docname)]
    expected = [cell for cell in source.cells if cell.cell_type == "code"]
    actual = [cell for cell in notebook.cells if cell.cell_type == "code"][1:]  # after the install cell
    assert [c.source for c in actual] == [c.source.replace(chapter_notebooks.GLUE_IMPORT,
                                                           chapter_notebooks.GLUE_FALLBACK) for c in expected]
    assert [c.metadata.get("tags", []) for c in actual] == [c.metadata.get("tags", []) for c in expected]
    assert [c.metadata.get("mystnb") for c in actual] == [c.metadata.get("mystnb") for c in expected]


def test_raises_exception_tags_survive(committed):
    tagged = sum(cell.metadata.get("tags", []).count("raises-exception") for nb in committed.values()
                 for cell in nb.cells)
    in_chapters = sum(len(re.findall(r"^:tags:.*raises-exception", md_source(d), re.M)) for d in CHAPTERS)
    assert tagged == in_chapters > 0


def test_first_cells_say_where_the_book_is_and_install_actlib_only_when_missing(committed):
    for name, notebook in committed.items():
        note, install = notebook.cells[:2]
        docname = next(d for d in CHAPTERS if chapter_notebooks.notebook_name(d) == name)
        assert note.cell_type == "markdown" and SITE.page_url(docname) in note.source
        assert install.metadata["tags"] == [chapter_notebooks.INSTALL_TAG]
        lines = install.source.split("\n")
        code = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
        assert code == ["try:", "    import actlib", "except ModuleNotFoundError:",
                        f'    %pip install --quiet "{SITE.pip_requirement}"'], name


def test_every_url_derives_from_the_one_repository_setting(tmp_path):
    config = (ROOT / "_config.yml").read_text()
    fork = config.replace(SITE.repository, "https://github.com/Someone/my-fork")
    assert fork != config
    (tmp_path / "_config.yml").write_text(fork)
    site = chapter_notebooks.book_site(tmp_path)
    assert site.baseurl == "https://someone.github.io/my-fork/"
    assert site.pip_requirement == f"actlib @ git+https://github.com/Someone/my-fork@{SITE.branch}"
    (tmp_path / "_config.yml").write_text(fork + "\nhtml:\n  baseurl: https://book.example.org/act\n")
    assert chapter_notebooks.book_site(tmp_path).page_url("chapters/relu", "x") == (
        "https://book.example.org/act/chapters/relu.html#x")
    # pyproject.toml cannot read _config.yml: its URLs must agree with it.
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'Homepage = "{SITE.baseurl}"' in pyproject and f'Source = "{SITE.repository}"' in pyproject


# ------------------------------------------------------------------ MyST the chapters may use next

SAMPLE_CONFIG = """\
title: A Book
repository:
  url: https://github.com/org/book
  branch: main
sphinx:
  config:
    notebooks_clone_only: [chapters/teachers]
"""
SAMPLE_TOC = """\
format: jb-book
root: index
chapters:
  - file: chapters/a
  - file: chapters/glossary
  - file: chapters/references
  - file: chapters/teachers
"""
FRONT = "---\nkernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\n---\n\n"
SAMPLE_CHAPTER = FRONT + r"""(a)=
# Chapter A

(a-section)=
## A section with `code`

A {term}`dead unit`, a {term}`saturating unit <saturation>`, {cite}`glorot2010`, {cite:p}`he2015,xu2015`
and {cite:t}`glorot2010`; see {ref}`a-section`, {ref}`the other text <a-section>`, {numref}`a-section`,
{doc}`glossary`, {doc}`Refs <references>`, [a page](glossary.md#term-dead-unit), {index}`entry <gradient>`
and {math}`x^2`. The loss is {glue:}`final_loss`, rounded {glue:text}`final_loss:.2f`, {glue}`final_loss`.

```{index} single: activation
```

```{note}
A note with {ref}`a-section`.
```

:::{admonition} Why it matters
:class: dropdown
Because.
:::

```{figure} ../images/plot.png
:alt: A plot of x squared.

The caption.
```

$$
y = x^2
$$ (eq-square)

\begin{align}
a &= b \\
c &= d
\end{align}

```{math}
e = m c^2
```

```{glue:figure} final_figure
```

term one
: its definition

% a MyST comment

```{code-cell} ipython3
from myst_nb import glue
glue("final_loss", 0.123456, display=False)
```

## Exercises

```{exercise-start}
:label: a-ex-1
```

Do it.

```{exercise-end}
```

```{solution-start} a-ex-1
:class: dropdown
```

The answer.

```{code-cell} ipython3
:tags: [raises-exception]
raise ValueError("shown")
```

More after the code.

```{solution-end}
```
"""
SAMPLE_GLOSSARY = FRONT + """(glossary)=
# Glossary

```{glossary}
dead unit
  A unit whose output is 0 for every input.

saturation
  Where the derivative is nearly 0.
```
"""
SAMPLE_REFERENCES = FRONT + "# References\n\n```{bibliography}\n```\n"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A small book using every MyST construct the converter knows; its notebooks."""
    root = tmp_path_factory.mktemp("book")
    (root / "chapters").mkdir()
    for name, text in [("_config.yml", SAMPLE_CONFIG), ("_toc.yml", SAMPLE_TOC), ("index.md", "# Home\n"),
                       ("chapters/a.md", SAMPLE_CHAPTER), ("chapters/glossary.md", SAMPLE_GLOSSARY),
                       ("chapters/references.md", SAMPLE_REFERENCES),
                       ("chapters/teachers.md", FRONT + "# Teachers\n")]:
        (root / name).write_text(text)
    out = root / "notebooks"
    names = chapter_notebooks.write_notebooks(out, root)
    return names, {name: read(out / name) for name in names}


def test_sample_book_converts_to_plain_markdown(sample):
    names, notebooks = sample
    assert names == ["a.ipynb", "glossary.ipynb", "references.ipynb"]  # teachers: clone only
    for name, notebook in notebooks.items():
        assert {name: [m for t in markdown_cells(notebook) for m in myst_left(t)]} == {name: []}
        assert bad_links(notebook) == [], name


def test_sample_book_cross_references_become_links_to_the_online_book(sample):
    text = "\n".join(markdown_cells(sample[1]["a.ipynb"]))
    base = "https://org.github.io/book/chapters/"
    for expected in [f"[dead unit]({base}glossary.html#term-dead-unit)",
                     f"[saturating unit]({base}glossary.html#term-saturation)",
                     f"[[glorot2010]]({base}references.html)", f"[[he2015, xu2015]]({base}references.html)",
                     f"[A section with `code`]({base}a.html#a-section)",
                     f"[the other text]({base}a.html#a-section)",
                     f"[Glossary]({base}glossary.html)", f"[Refs]({base}references.html)",
                     f"[a page]({base}glossary.html#term-dead-unit)", "entry\nand $x^2$",
                     "The loss is `final_loss`, rounded `final_loss`",
                     "> **Note**\n>\n> A note with [A section", "<summary>Why it matters</summary>",
                     "![A plot of x squared.](https://github.com/org/book/raw/main/images/plot.png)",
                     "*The caption.*", "$$\ny = x^2\n$$",
                     "$$\n\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}\n$$",
                     "$$\ne = m c^2\n$$", "*(`final_figure`, shown by the code above)*",
                     "- **term one**: its definition", "### Exercise 1",
                     "<summary>Solution to Exercise 1", "More after the code."]:
        assert expected in text
    assert "a MyST comment" not in text and "activation" not in text  # comments and index entries dropped
    glossary = "\n".join(markdown_cells(sample[1]["glossary.ipynb"]))
    assert "- **dead unit**: A unit whose output is 0 for every input." in glossary


def test_sample_solution_code_is_collapsed_and_keeps_its_tag(sample):
    cells = sample[1]["a.ipynb"].cells
    solution = next(c for c in cells if c.cell_type == "code" and "shown" in c.source)
    assert solution.metadata["tags"] == ["raises-exception"]
    assert solution.metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    glue_cell = next(c for c in cells if c.cell_type == "code" and "final_loss" in c.source)
    assert "jupyter" not in glue_cell.metadata


def test_glue_fallback_prints_the_value_where_myst_nb_is_missing(sample, capsys, monkeypatch):
    glue_cell = next(c for c in sample[1]["a.ipynb"].cells
                     if c.cell_type == "code" and "final_loss" in c.source)
    monkeypatch.setitem(sys.modules, "myst_nb", None)  # import myst_nb now raises ModuleNotFoundError
    exec(glue_cell.source, {})
    assert capsys.readouterr().out == "final_loss: 0.123456\n"


def test_glued_values_are_shown_in_a_notebook_with_outputs(tmp_path):
    executed = jupytext.reads(SAMPLE_CHAPTER, fmt="md:myst")
    glue_cell = next(c for c in executed.cells if c.cell_type == "code" and "final_loss" in c.source)
    scrapbook = {"scrapbook": {"name": "final_loss", "mime_prefix": ""}}
    glue_cell.outputs = [nbformat.v4.new_output("display_data", data={"text/plain": "0.123456"},
                                                metadata=scrapbook)]
    (tmp_path / "_config.yml").write_text(SAMPLE_CONFIG)
    site = chapter_notebooks.book_site(tmp_path)
    index = chapter_notebooks.BookIndex()
    index.labels = {"a-section": ("chapters/a", "a-section", "A section"),
                    "a-ex-1": ("chapters/a", "a-ex-1", "Exercise 1")}
    notebook = chapter_notebooks.plain_notebook(executed, "chapters/a", site, index)
    text = "\n".join(markdown_cells(notebook))
    assert "The loss is 0.123456, rounded 0.12, 0.123456." in text


def test_an_unknown_cross_reference_is_a_clear_error(tmp_path):
    (tmp_path / "_config.yml").write_text(SAMPLE_CONFIG)
    site = chapter_notebooks.book_site(tmp_path)
    source = jupytext.reads(FRONT + "# T\n\nSee {ref}`nowhere`.\n", fmt="md:myst")
    with pytest.raises(ValueError, match="chapters/t: no target 'nowhere'"):
        chapter_notebooks.plain_notebook(source, "chapters/t", site, chapter_notebooks.BookIndex())


# ------------------------------------------------------------------ the package

IMPORT_TO_DISTRIBUTION = {"sklearn": "scikit-learn", "IPython": "ipython", "tensorflow": "tensorflow-cpu",
                          "vl_convert": "vl-convert-python"}


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """actlib's sdist and wheel, built as ``python3 tasks.py dist`` builds them (python -m build)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], check=True,
                   capture_output=True, text=True)
    return out


def optional_imports(tree):
    """The import nodes in the body of a ``try`` that catches ModuleNotFoundError or ImportError."""
    optional = set()
    for node in ast.walk(tree):
        caught = [ast.unparse(h.type) for h in getattr(node, "handlers", []) if h.type is not None]
        import_errors = ("ModuleNotFoundError", "ImportError")
        if isinstance(node, ast.Try) and any(error in c for c in caught for error in import_errors):
            optional |= {id(inner) for statement in node.body for inner in ast.walk(statement)}
    return optional


def third_party_imports():
    """Top-level modules actlib's code needs, other than the standard library and actlib (an import
    guarded by ``except ModuleNotFoundError`` is optional)."""
    names = set()
    for path in (ROOT / "actlib").glob("*.py"):
        tree = ast.parse(path.read_text())
        optional = optional_imports(tree)
        for node in ast.walk(tree):
            if id(node) in optional:
                continue
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return sorted(names - set(sys.stdlib_module_names) - {"actlib"})


@pytest.mark.slow
def test_wheel_declares_every_import_of_actlib_with_a_range(dist):
    wheel = next(dist.glob("actlib-*.whl"))
    assert next(dist.glob("actlib-*.tar.gz"))
    with zipfile.ZipFile(wheel) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(info).decode()
        assert {n.split("/")[0] for n in archive.namelist()} == {"actlib", wheel.name.split("-")[0] + "-"
                                                                  + wheel.name.split("-")[1] + ".dist-info"}
    requires = {re.split(r"[<>=!~;\s]", line.split(": ", 1)[1])[0].lower(): line
                for line in metadata.splitlines() if line.startswith("Requires-Dist: ")}
    imports = third_party_imports()
    assert {"numpy", "tensorflow", "keras", "sklearn", "matplotlib"} <= set(imports)
    for module in imports:
        distribution = IMPORT_TO_DISTRIBUTION.get(module, module).lower()
        assert distribution in requires, f"actlib imports {module} but does not require {distribution}"
        specifier = requires[distribution].split(";")[0]
        assert ">=" in specifier and "==" not in specifier, f"a range, not a pin: {specifier}"
    assert "tensorflow" in requires  # where tensorflow-cpu has no wheel (macOS, ARM)
    for field in ("License-Expression: ", "Project-URL: Source, ", "Description-Content-Type: ", "Version: "):
        assert field in metadata


# ------------------------------------------------------------------ a fresh environment

RUNNER = textwrap.dedent('''\
    """Execute one notebook (argv[1]) here, in this folder; print its time and what raised."""
    import json, sys, time
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(sys.argv[1], as_version=4)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=int(sys.argv[2]), kernel_name="python3").execute()
    raised = [i for i, cell in enumerate(notebook.cells)
              if any(o.output_type == "error" for o in cell.get("outputs", []))]
    print(json.dumps({"seconds": time.perf_counter() - start, "raised": raised}))
''')


def run_in(folder, *command, timeout=None):
    """Run a command with ``folder`` as working directory and no trace of this repository's venv."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    return subprocess.run([str(c) for c in command], cwd=folder, env={**env, "PYTHONNOUSERSITE": "1"},
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
def test_every_notebook_runs_in_a_fresh_environment_outside_the_repository(dist, tmp_path, capsys):
    """A student's machine: an empty venv, the notebook runner, then each chapter's first cell installs
    actlib (here from the wheel instead of the repository URL), with TensorFlow and the rest as its
    dependencies; every notebook then runs from a folder that does not contain the repository."""
    wheel = next(dist.glob("actlib-*.whl"))
    env_dir, work = tmp_path / "venv", tmp_path / "work"
    work.mkdir()
    assert ROOT not in work.parents
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    tools = [f"{name}=={importlib.metadata.version(name)}" for name in ("nbclient", "nbconvert", "ipykernel")]
    start = time.perf_counter()
    result = run_in(work, python, "-m", "pip", "install", "--quiet", *tools)
    assert result.returncode == 0, result.stderr
    tools_seconds = time.perf_counter() - start
    assert run_in(work, python, "-c", "import actlib").returncode != 0, "actlib there before the first cell"
    (work / "run_notebook.py").write_text(RUNNER)

    # The first cell, as a student runs it, installs actlib and its dependencies.
    first = read(NOTEBOOKS / chapter_notebooks.notebook_name(CHAPTERS[0]))
    install = first.cells[1]
    assert SITE.pip_requirement in install.source
    install.source = install.source.replace(SITE.pip_requirement, str(wheel))
    nbformat.write(nbformat.v4.new_notebook(cells=[install], metadata=first.metadata), work / "install.ipynb")
    start = time.perf_counter()
    result = run_in(work, python, "run_notebook.py", "install.ipynb", 1800)
    install_seconds = time.perf_counter() - start
    assert result.returncode == 0, result.stderr[-3000:]
    check = run_in(work, python, "-c", "import actlib, sklearn, tensorflow, keras; print(actlib.__file__)")
    assert check.returncode == 0 and str(env_dir) in check.stdout, check.stderr[-2000:]

    def execute(docname):
        path = NOTEBOOKS / chapter_notebooks.notebook_name(docname)
        result = run_in(work, python, "run_notebook.py", path, NOTEBOOK_TIMEOUT,
                        timeout=NOTEBOOK_TIMEOUT + 120)
        return docname, result

    timings, failures = {}, {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:  # two kernels: the machine's cores
        for docname, result in pool.map(execute, CHAPTERS):
            if result.returncode != 0:
                failures[docname] = result.stderr[-3000:]
                continue
            report = json.loads(result.stdout.strip().splitlines()[-1])
            timings[docname] = report["seconds"]
            notebook = read(NOTEBOOKS / chapter_notebooks.notebook_name(docname))
            expected = [i for i, cell in enumerate(notebook.cells)
                        if "raises-exception" in cell.metadata.get("tags", [])]
            if report["raised"] != expected:
                failures[docname] = f"raised: {report['raised']}, tagged raises-exception: {expected}"
    with capsys.disabled():
        print(f"\nfresh venv: nbclient/nbconvert/ipykernel {tools_seconds:.0f} s, "
              f"actlib with its dependencies (first cell) {install_seconds:.0f} s")
        for docname, seconds in timings.items():
            print(f"  {docname}: {seconds:.1f} s")
    assert failures == {}


# ------------------------------------------------------------------ the built book

class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "id" in attrs:
            self.ids.add(attrs["id"])


@functools.cache
def parse_html(path):
    collector = LinkCollector()
    collector.feed(path.read_text())
    return collector


@pytest.fixture(scope="module")
def html(built_book):
    returncode, log, html_dir = built_book
    assert returncode == 0, log[-3000:]
    return html_dir


def launch_paths(href):
    """The repository path a Binder, Colab or JupyterHub link opens, or None for another link."""
    url = urlparse(href)
    if url.netloc == "colab.research.google.com":
        return re.sub(r"^/github/[^/]+/[^/]+/blob/[^/]+/", "", url.path)
    if url.netloc == "mybinder.org" or "/hub/user-redirect/" in url.path:
        urlpath = parse_qs(url.query)["urlpath"][0]
        return re.sub(r"^(lab/tree|tree)/", "", urlpath)
    return None


def test_launch_buttons_open_the_committed_notebook_of_each_chapter(html):
    for docname in chapter_notebooks.toc_docnames():
        page = html / f"{docname}.html"
        paths = [p for p in map(launch_paths, parse_html(page).hrefs) if p is not None]
        if docname in CHAPTERS:
            expected = f"notebooks/{chapter_notebooks.notebook_name(docname)}"
            assert sorted(paths) == [expected, expected], (docname, paths)  # Binder and Colab
            assert (ROOT / expected).is_file()
        else:
            assert paths == [], docname  # the home page, and chapters that run only in a clone


def test_pages_name_the_online_address_the_notebooks_link_to(html):
    page = (html / "chapters" / "relu.html").read_text()
    assert f'<link rel="canonical" href="{SITE.page_url("chapters/relu")}"' in page


def test_downloaded_notebook_is_the_plain_notebook_with_outputs(html, committed):
    for docname in CHAPTERS:
        name = chapter_notebooks.notebook_name(docname)
        downloaded = read(html / "notebooks" / name)
        code = [[c.source for c in nb.cells if c.cell_type == "code"] for nb in (downloaded, committed[name])]
        assert code[0] == code[1], name
        assert len(markdown_cells(downloaded)) == len(markdown_cells(committed[name])), name
        assert [m for t in markdown_cells(downloaded) for m in myst_left(t)] == [], name
        assert any(c.get("outputs") for c in downloaded.cells), f"{name}: no outputs"
        assert 'run it; its first cell installs' in (html / f"{docname}.html").read_text()


def test_links_into_the_online_book_name_built_pages_and_anchors(html, committed):
    checked, broken = 0, []
    for name, notebook in committed.items():
        for text in markdown_cells(notebook):
            for target in links(text):
                if not target.startswith(SITE.baseurl):
                    continue
                page, _, anchor = target[len(SITE.baseurl):].partition("#")
                path = html / (page or "index.html")
                checked += 1
                if not path.is_file() or (anchor and anchor not in parse_html(path).ids):
                    broken.append((name, target))
    assert broken == [] and checked > 50
