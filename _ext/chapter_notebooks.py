"""The chapters as plain Jupyter notebooks that run where readers are: Jupyter, Colab, Binder.

The ``.md`` chapters stay the single source. This module turns a chapter into a notebook whose
Markdown any Jupyter front end renders (JupyterLab, Notebook 7, VS Code, Colab):

    python _ext/chapter_notebooks.py notebooks/     # what ``python3 tasks.py notebooks`` runs

writes ``notebooks/<chapter>.ipynb`` without outputs (committed, so that Colab and Binder open them
from the repository). As a Sphinx extension it also points the launch buttons of each chapter page
at that committed notebook, and ``reader_assets`` converts the executed chapter the same way for the
"Download notebook" link (with outputs).

Every URL comes from one setting, ``repository.url`` (and ``branch``) of ``_config.yml``: the
online book is its GitHub Pages site unless ``html.baseurl`` names another, and the first cell
installs actlib from the repository itself.

Conversion rules, MyST to plain Jupyter Markdown:

- a first Markdown cell says what the notebook is and where the book is; a code cell then installs
  actlib with ``%pip`` only when ``import actlib`` fails;
- ``(label)=`` targets and ``% comments`` are dropped; cross-references (``{ref}``, ``{numref}``,
  ``{doc}``, ``{term}``, ``{eq}``) become links to the online book; ``{cite}`` roles become the
  keys, linked to the book's references page; relative Markdown links become absolute;
- admonitions become blockquotes under a bold title (``dropdown`` ones a ``<details>`` block);
- exercises become headings; each solution's text is a collapsed ``<details>`` block and its code
  cells are collapsed (``jupyter.source_hidden``), so the answer is not given away at a glance;
- ``{math}`` and labelled ``$$...$$`` become ``$$...$$``; bare ``align``/``gather`` environments
  are put in ``$$`` as ``aligned``/``gathered``;
- ``{figure}``/``{image}`` become images with their alt text; definition lists (and
  ``{glossary}``) become bullet lists with the term in bold; ``{index}`` entries are dropped;
- a glued value (``{glue}``) is shown as its name in the notebook without outputs, and as the
  value in the notebook with outputs; ``from myst_nb import glue`` gets a fallback that prints
  the value where MyST-NB is not installed;
- code cells keep their tags (``raises-exception``) and MyST-NB metadata (figure alt text).
"""

import copy
import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat
import yaml
from docutils.nodes import make_id
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from sphinx.util.nodes import _make_id as sphinx_make_id  # glossary anchors keep the term's case

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_FOLDER = "notebooks"  # at the top of the repository, committed
INSTALL_TAG = "install-actlib"  # the tag of the first code cell
MYST = create_md_parser(
    MdParserConfig(enable_extensions={"amsmath", "colon_fence", "deflist", "dollarmath", "substitution"}),
    RendererHTML,
)
ROLE = re.compile(r"(?<!`)\{(?P<name>[a-zA-Z][\w:+-]*)\}`(?P<content>[^`]+)`")
TITLED_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
MARKDOWN_LINK = re.compile(r"(?P<prefix>!?\[[^\]]*\]\()(?P<target>[^)\s]+)(?P<suffix>[^)]*\))")
AMSMATH_IN_DOLLARS = {"align": "aligned", "align*": "aligned", "gather": "gathered", "gather*": "gathered",
                      "alignat": "alignedat", "alignat*": "alignedat", "equation": "", "equation*": "",
                      "multline": "", "multline*": ""}
ADMONITION_TITLES = {"note": "Note", "tip": "Tip", "hint": "Hint", "important": "Important",
                     "warning": "Warning", "caution": "Caution", "attention": "Attention",
                     "danger": "Danger", "error": "Error", "seealso": "See also", "admonition": "",
                     "dropdown": "", "margin": "", "sidebar": "", "aside": "", "epigraph": "",
                     "topic": "", "card": "", "prf:remark": "Remark"}
DROPPED_DIRECTIVES = {"index", "tableofcontents", "toctree"}
GLUE_IMPORT = "from myst_nb import glue"
GLUE_FALLBACK = """\
try:
    from myst_nb import glue  # the book quotes this value in its text
except ModuleNotFoundError:  # outside the book: show the value, under its name

    def glue(name, value, display=True):
        print(f"{name}:", value)"""


# ------------------------------------------------------------------ settings and the book's labels

@dataclass(frozen=True)
class BookSite:
    """Where the book and its repository are, from ``_config.yml`` (one setting: repository.url)."""

    repository: str  # https://github.com/ORG/REPO
    branch: str
    baseurl: str  # the online book, ending in "/"
    title: str
    clone_only: tuple = ()  # chapters whose code reads the repository's own files

    @property
    def pip_requirement(self):
        """What ``pip install`` needs to install actlib from the repository."""
        return f"actlib @ git+{self.repository}@{self.branch}"

    def page_url(self, docname, anchor=""):
        return f"{self.baseurl}{docname}.html" + (f"#{anchor}" if anchor else "")

    def file_url(self, path):
        """A file of the repository (an image, a data file), as GitHub serves it."""
        return f"{self.repository}/raw/{self.branch}/{path}"


def github_pages_url(repository):
    """``https://github.com/ORG/REPO`` -> ``https://ORG.github.io/REPO/``."""
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)(?:\.git)?/?", repository)
    if match is None:
        raise ValueError(f"repository.url is not https://github.com/ORG/REPO: {repository}; set html.baseurl")
    return f"https://{match[1].lower()}.github.io/{match[2]}/"


def book_site(root=ROOT):
    """Read the book's URLs and notebook settings from ``root/_config.yml``."""
    config = yaml.safe_load((Path(root) / "_config.yml").read_text())
    repository = config["repository"]["url"].rstrip("/")
    baseurl = (config.get("html") or {}).get("baseurl") or github_pages_url(repository)
    sphinx_config = (config.get("sphinx") or {}).get("config") or {}
    return BookSite(
        repository=repository,
        branch=config["repository"].get("branch", "main"),
        baseurl=baseurl.rstrip("/") + "/",
        title=config["title"],
        clone_only=tuple(sphinx_config.get("notebooks_clone_only", [])),
    )


def toc_docnames(root=ROOT):
    """Every document of the table of contents, in its order."""
    def walk(entry):
        if isinstance(entry, dict):
            for key in ("root", "file"):
                if key in entry:
                    yield str(entry[key]).removesuffix(".md")
            for value in entry.values():
                if isinstance(value, list):
                    for item in value:
                        yield from walk(item)

    return list(walk(yaml.safe_load((Path(root) / "_toc.yml").read_text())))


def notebook_chapters(root=ROOT):
    """The documents that get a notebook: the executable chapters (with a kernelspec), less
    the ones that run only in a clone of the repository."""
    site = book_site(root)
    return [docname for docname in toc_docnames(root)
            if docname not in site.clone_only and is_executable(Path(root) / f"{docname}.md")]


def is_executable(path):
    return path.is_file() and "kernelspec:" in front_matter(path.read_text())


def front_matter(text):
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return match[1] if match else ""


@dataclass
class BookIndex:
    """What cross-references point to: labels, page titles, glossary terms, the references page."""

    labels: dict = field(default_factory=dict)  # label -> (docname, anchor, title)
    titles: dict = field(default_factory=dict)  # docname -> title
    terms: dict = field(default_factory=dict)  # term (lower case) -> (docname, anchor)
    bibliography: str | None = None  # docname of the page with {bibliography}


def book_index(root=ROOT):
    """Scan every document of the table of contents for its targets."""
    index = BookIndex()
    for docname in toc_docnames(root):
        path = Path(root) / f"{docname}.md"
        if path.is_file():
            index_document(index, docname, path.read_text())
    return index


def index_document(index, docname, text):
    """Add the targets of one document: ``(label)=`` before a heading takes the heading's text,
    an exercise's ``:label:`` its number; glossary terms; the references page."""
    pending, exercises, in_heading = [], 0, False
    for token in MYST.parse(text):
        if token.type == "myst_target":
            pending.append(token.content)
        elif token.type == "heading_open":
            in_heading = True
        elif pending and token.level == 0 and token.nesting >= 0:  # a target on a paragraph, figure, ...
            index.labels.update({label: (docname, make_id(label), label) for label in pending})
            pending = []
        elif token.type == "inline" and in_heading:
            title = plain_text(token.content)
            index.titles.setdefault(docname, title)  # the first heading is the page's title
            index.labels.update({label: (docname, make_id(label), title) for label in pending})
            pending, in_heading = [], False
        elif token.type in ("fence", "colon_fence") and token.info.startswith("{"):
            name, _, options, body = parse_directive(token)
            if name == "exercise-start":
                exercises += 1
                if "label" in options:
                    label = options["label"]
                    index.labels[label] = (docname, label, f"Exercise {exercises}")  # sphinx-exercise's id
            elif name == "glossary":
                for terms, _ in glossary_entries(body):
                    index.terms.update({term.lower(): (docname, sphinx_make_id(f"term-{term}"))
                                        for term in terms})
            elif name == "bibliography":
                index.bibliography = docname


def plain_text(markdown):
    """A heading's text for a link: roles reduced to their text."""
    return ROLE.sub(lambda m: role_text(m["content"]), markdown).strip()


def role_text(content):
    match = TITLED_TARGET.match(content)
    return match["text"] if match else content


# ------------------------------------------------------------------ directives

def parse_directive(token):
    """``(name, argument, options, body)`` of a directive fence token."""
    name, _, argument = token.info.strip()[1:].partition("}")
    lines = token.content.split("\n")
    options = {}
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        options = yaml.safe_load("\n".join(lines[1:end])) or {}
        lines = lines[end + 1:]
    else:
        while lines and re.match(r"^:[\w-]+:", lines[0]):
            key, _, value = lines.pop(0)[1:].partition(":")
            options[key] = value.strip()
    return name.strip(), argument.strip(), options, "\n".join(lines).strip("\n")


def glossary_entries(body):
    """``[(terms, definition), ...]`` of a glossary body: one or more unindented term lines, then
    the indented definition."""
    entries = []
    for line in body.split("\n"):
        if line.strip() and not line[0].isspace():
            if entries and not entries[-1][1].strip():
                entries[-1][0].append(line.strip())  # another term for the same definition
            else:
                entries.append([[line.strip()], ""])
        elif entries:
            entries[-1][1] += line.strip() + "\n" if line.strip() else "\n"
    return [(terms, definition.strip()) for terms, definition in entries]


def blockquote(text):
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def details(summary, body):
    return f"<details>\n<summary>{summary}</summary>\n\n{body}\n\n</details>"


class ChapterConverter:
    """Converts the Markdown cells of one chapter, in order (exercise numbers and the solution
    being read carry over from cell to cell)."""

    def __init__(self, docname, site, index, glued=None):
        self.docname = docname
        self.site = site
        self.index = index
        self.glued = glued or {}  # name -> text of the glued value (notebooks with outputs)
        self.exercises = 0
        self.heading_level = 1
        self.solution = None  # summary of the solution being read, across cells

    # --- cells

    def notebook(self, source):
        """The plain Jupyter notebook of ``source`` (a MyST notebook, with or without outputs)."""
        cells = [self.introduction(), self.install_cell()]
        for cell in source.cells:
            if cell.cell_type == "markdown":
                text = self.markdown_cell(cell.source)
                if text.strip():
                    cells.append(nbformat.v4.new_markdown_cell(text))
            elif cell.cell_type == "code":
                cells.append(self.code_cell(cell))
        for number, cell in enumerate(cells):
            cell["id"] = f"cell-{number}"
        kernelspec = source.metadata.get("kernelspec", {"display_name": "Python 3", "language": "python",
                                                          "name": "python3"})
        return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": dict(kernelspec)})

    def introduction(self):
        title = self.index.titles.get(self.docname, self.docname)
        return nbformat.v4.new_markdown_cell(
            f"*This notebook is the chapter [{title}]({self.site.page_url(self.docname)}) of the online "
            f"book [{self.site.title}]({self.site.baseurl}), where it reads best. It runs as it is in "
            "Jupyter, Colab or Binder: run the cells in order. The next one installs the book's library "
            "`actlib` (with TensorFlow, Keras and NumPy) if it is not installed yet.*"
        )

    def install_cell(self):
        return nbformat.v4.new_code_cell(
            "# Install the book's library actlib (and TensorFlow, Keras, ...) unless it is already there,\n"
            "# as in a clone of the book's repository or on Binder.\n"
            "try:\n"
            "    import actlib\n"
            "except ModuleNotFoundError:\n"
            f'    %pip install --quiet "{self.site.pip_requirement}"',
            metadata={"tags": [INSTALL_TAG]},
        )

    def code_cell(self, cell):
        new = copy.deepcopy(cell)
        new.pop("id", None)
        if GLUE_IMPORT in new.source:
            new.source = re.sub(rf"^{re.escape(GLUE_IMPORT)}[ \t]*$", GLUE_FALLBACK, new.source, flags=re.M)
        if self.solution is not None:
            new.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
        return new

    def markdown_cell(self, text):
        """A Markdown cell; inside a solution it is a collapsed block of its own."""
        continued = self.solution
        text = self.blocks(text)
        if continued is not None and text.strip():
            text = f"<details>\n<summary>{continued} (continued)</summary>\n\n{text}"
            text = re.sub(r"<details>\n<summary>[^<]*\(continued\)</summary>\s*</details>\n*", "", text)
        if self.solution is not None and text.strip():
            text += "\n\n</details>"  # the solution goes on after a code cell
        return text.strip("\n")

    # --- block level

    def blocks(self, text):
        """Replace each MyST block (directive, target, comment, labelled math, definition list)."""
        lines = text.split("\n")
        replacements = []
        for token in MYST.parse(text):
            if token.type == "heading_open":
                self.heading_level = int(token.tag[1])
            replacement = self.block(token, lines)
            if replacement is not None:
                start, end = token.map
                if token.type == "amsmath":  # the amsmath plugin's map ends one line early
                    end = start + token.content.count("\n") + 1
                indent = re.match(r"\s*", lines[start])[0]
                replacements.append((start, end, [indent + line if line else "" for line in
                                                  replacement.split("\n")] if replacement else []))
        for start, end, new_lines in reversed(replacements):
            lines[start:end] = new_lines
        return self.inline(re.sub(r"\n{3,}", "\n\n", "\n".join(lines)))

    def block(self, token, lines):
        """The Markdown replacing ``token``'s lines, or None to keep them."""
        if token.type in ("myst_target", "myst_line_comment"):
            return ""
        if token.type == "math_block_label":
            return f"$$\n{token.content.strip()}\n$$"
        if token.type == "amsmath":
            return self.amsmath(token.content)
        if token.type == "dl_open":
            return definition_list_as_bullets(lines[token.map[0]:token.map[1]])
        if token.type in ("fence", "colon_fence") and token.info.startswith("{"):
            return self.directive(*parse_directive(token))
        return None

    def amsmath(self, content):
        environment = re.match(r"\\begin\{([^}]+)\}", content)[1]
        inner = AMSMATH_IN_DOLLARS.get(environment, environment)
        body = re.sub(r"\\(begin|end)\{" + re.escape(environment) + r"\}", "", content).strip()
        if inner:
            body = f"\\begin{{{inner}}}\n{body}\n\\end{{{inner}}}"
        return f"$$\n{body}\n$$"

    def directive(self, name, argument, options, body):
        if name == "exercise-start":
            self.exercises += 1
            level = "#" * min(self.heading_level + 1, 6)
            return f"{level} Exercise {self.exercises}" + (f": {argument}" if argument else "")
        if name in ("exercise-end",):
            return ""
        if name == "solution-start":
            label = self.index.labels.get(argument)
            self.solution = f"Solution to {label[2] if label else 'the exercise'}"
            return (f"<details>\n<summary>{self.solution} (click to show; its code cells below are "
                    "collapsed too)</summary>\n")
        if name == "solution-end":
            self.solution = None
            return "</details>"
        if name in ("exercise", "solution"):  # the gated forms' one-block variants
            return self.exercise_block(name, argument, options, body)
        if name in DROPPED_DIRECTIVES:
            return ""
        if name == "math":
            return f"$$\n{body.strip()}\n$$"
        if name in ("code", "code-block", "sourcecode"):
            return f"```{argument}\n{body}\n```"
        if name in ("figure", "image"):
            return self.figure(argument, options, body)
        if name == "glossary":
            return "\n".join(f"- **{', '.join(terms)}**: " + self.blocks(definition).replace("\n", "\n  ")
                             for terms, definition in glossary_entries(body))
        if name == "bibliography":
            return f"The references are listed in the [online book]({self.site.page_url(self.docname)})."
        if name.startswith("glue"):  # a glued figure or equation: the code above shows it
            return f"*(`{argument.split(':')[0]}`, shown by the code above)*"
        if name == "raw":
            return body
        return self.admonition(name, argument, options, body)

    def exercise_block(self, name, argument, options, body):
        converted = self.blocks(body)
        if name == "exercise":
            self.exercises += 1
            return f"{'#' * min(self.heading_level + 1, 6)} Exercise {self.exercises}\n\n{converted}"
        return details("Solution", converted)

    def figure(self, argument, options, body):
        alt = options.get("alt", "")
        target = argument if re.match(r"https?://", argument) else self.site.file_url(
            posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), argument)))
        caption = f"\n\n*{self.inline(body.strip())}*" if body.strip() else ""
        return f"![{alt}]({target}){caption}"

    def admonition(self, name, argument, options, body):
        title = argument or ADMONITION_TITLES.get(name, name.replace("-", " ").capitalize())
        converted = self.blocks(body)
        if name == "dropdown" or "dropdown" in str(options.get("class", "")):
            return details(self.inline(title) or "Details", converted)
        heading = f"**{self.inline(title)}**\n\n" if title else ""
        return blockquote(heading + converted)

    # --- inline

    def inline(self, text):
        """Roles become links or text; relative links become absolute."""
        return MARKDOWN_LINK.sub(self.link, ROLE.sub(self.role, text))

    def role(self, match):
        name, content = match["name"], match["content"]
        titled = TITLED_TARGET.match(content)
        text, target = (titled["text"], titled["target"]) if titled else (None, content)
        if name in ("ref", "numref"):
            docname, anchor, title = self.index.labels.get(target, (None, make_id(target), target))
            if docname is None:
                raise ValueError(f"{self.docname}: no target {target!r} for {{{name}}}`{content}`")
            text = (text or title).replace("%s", "").replace("{number}", "").strip() or title
            return f"[{text}]({self.site.page_url(docname, anchor)})"
        if name == "doc":
            docname = posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), target))
            if target.startswith("/"):
                docname = target.lstrip("/")
            return f"[{text or self.index.titles.get(docname, docname)}]({self.site.page_url(docname)})"
        if name == "term":
            where = self.index.terms.get(target.lower())
            return f"[{text or target}]({self.site.page_url(*where)})" if where else f"**{text or target}**"
        if name.startswith("cite"):
            keys = ", ".join(key.strip() for key in target.split(","))
            if self.index.bibliography:
                return f"[[{keys}]]({self.site.page_url(self.index.bibliography)})"
            return f"[{keys}]"
        if name.startswith("glue"):
            key, _, spec = target.partition(":")
            return self.glue_text(key, spec)
        if name in ("math", "eq"):
            return f"${content}$" if name == "math" else f"({content})"
        if name in ("sub", "sup"):
            return f"<{name}>{content}</{name}>"
        if name == "kbd":
            return f"<kbd>{content}</kbd>"
        return text or role_text(content)  # {index}, {abbr}, ...: the text

    def glue_text(self, key, spec=""):
        if key not in self.glued:
            return f"`{key}`"
        value = self.glued[key]
        if spec:
            try:
                return format(float(value), spec)
            except ValueError:
                return value
        return value

    def link(self, match):
        target = match["target"]
        if re.match(r"^([a-z][a-z0-9+.-]*:|#)", target):
            return match[0]
        path, _, anchor = target.partition("#")
        path = posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), path))
        if path.endswith((".md", ".ipynb")):
            url = self.site.page_url(path.rsplit(".", 1)[0], anchor)
        else:
            url = self.site.file_url(path)
        return f"{match['prefix']}{url}{match['suffix']}"


def definition_list_as_bullets(lines):
    """A MyST definition list (``term`` / ``: definition``) -> ``- **term**: definition``."""
    out = []
    for line in lines:
        if line.startswith(": ") and out and out[-1].strip() and not out[-1].startswith("- "):
            out[-1] = f"- **{out[-1].strip()}**: {line[2:]}"
        elif line.startswith(": "):
            out.append(f"- {line[2:]}")
        else:
            out.append(line)
    return "\n".join(out)


# ------------------------------------------------------------------ whole notebooks

def glued_values(notebook):
    """``{name: text}`` of the values a chapter glued (MyST-NB's ``scrapbook`` output metadata)."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name and "text/plain" in output.get("data", {}):
                values[name] = output["data"]["text/plain"].strip("'\"")
    return values


def plain_notebook(source, docname, site, index):
    """The Jupyter-native notebook of ``source``, the chapter ``docname`` as a MyST notebook."""
    return ChapterConverter(docname, site, index, glued_values(source)).notebook(source)


def chapter_notebook(docname, root=ROOT, site=None, index=None):
    """The notebook (without outputs) of the chapter ``docname``, e.g. ``chapters/relu``."""
    site = site or book_site(root)
    index = index or book_index(root)
    source = jupytext.reads((Path(root) / f"{docname}.md").read_text(), fmt="md:myst")
    return plain_notebook(source, docname, site, index)


def notebook_name(docname):
    return f"{Path(docname).name}.ipynb"


def write_notebooks(folder, root=ROOT):
    """Write every chapter's notebook into ``folder``; remove notebooks of chapters that are gone."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    site, index = book_site(root), book_index(root)
    written = set()
    for docname in notebook_chapters(root):
        path = folder / notebook_name(docname)
        path.write_text(nbformat.writes(chapter_notebook(docname, root, site, index)) + "\n")
        written.add(path.name)
    for stale in folder.glob("*.ipynb"):
        if stale.name not in written:
            stale.unlink()
    return sorted(written)


# ------------------------------------------------------------------ Sphinx: the launch buttons

LAUNCH_GROUP = "launch-buttons"


def point_launch_buttons_at_notebooks(app, pagename, templatename, context, doctree):
    """Make the Binder, Colab and JupyterHub buttons open ``notebooks/<chapter>.ipynb``.

    sphinx-book-theme builds each launch URL from the page's source path (``chapters/relu.md``);
    Colab opens only ``.ipynb`` files, and Binder would need jupytext to open a ``.md``. Chapters that
    run only in a clone (``notebooks_clone_only``) get no launch buttons.
    """
    buttons = context.get("header_buttons") or []
    group = next((b for b in buttons if b.get("label") == LAUNCH_GROUP), None)
    if group is None:
        return
    if pagename in app.config.notebooks_clone_only:
        buttons.remove(group)
        return
    source_path = f"{pagename}{Path(app.env.doc2path(pagename)).suffix}"
    notebook_path = f"{NOTEBOOK_FOLDER}/{notebook_name(pagename)}"
    for button in group["buttons"]:
        if "url" in button:
            button["url"] = button["url"].replace(source_path, notebook_path)


def use_the_online_address(app, config):
    """Give Sphinx the online book's address (``html_baseurl``: canonical links), derived from
    ``repository.url`` as the notebooks' links are, unless ``html.baseurl`` sets it."""
    if not config.html_baseurl:
        config.html_baseurl = book_site(app.srcdir).baseurl


def setup(app):
    app.add_config_value("notebooks_clone_only", [], "html")
    app.connect("config-inited", use_the_online_address)
    app.connect("html-page-context", point_launch_buttons_at_notebooks, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: python {sys.argv[0]} FOLDER   (writes one .ipynb per chapter into FOLDER)")
    for name in write_notebooks(sys.argv[1]):
        print(f"{sys.argv[1].rstrip('/')}/{name}")
