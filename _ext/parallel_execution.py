"""Execute the book's chapters before Sphinx reads them: several at a time, each cached as it ends.

Jupyter Book 1 (MyST-NB) executes a chapter while Sphinx reads it, one at a time, so a clean
build takes the sum of every chapter's execution time and leaves the other cores idle. This
extension executes first every chapter whose outputs are not in MyST-NB's execution cache
(jupyter-cache, at the folder MyST-NB uses: see ``fresh_outputs.py``), as many at once as the
machine has cores; then the chapters that time code (the ``parallel_execution_alone`` setting) one
at a time, alone, so that no other kernel disturbs their measurements. Each chapter is cached the
moment it finishes, so an interrupted build keeps the chapters that finished. MyST-NB then finds
every chapter in the cache and only renders it.

The notebooks are read with MyST-NB's own reader and executed with its settings (working folder,
timeout, allow_errors, a notebook's own ``mystnb`` overrides), so they hash as MyST-NB hashes them.

A chapter that fails is reported like a compiler error (``chapters/tanh.md:123: ERROR:
ZeroDivisionError: ...``, with the cell and the traceback of the chapter's code: see
``cell_errors.py``), and the build fails. It is not cached, and MyST-NB does not execute it a
second time: its page is rendered without outputs, under an error box naming the failure.
"""

import glob
import os
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from tempfile import TemporaryDirectory

from cell_errors import describe_failure
from docutils import nodes
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.config import NbParserConfig
from myst_nb.core.read import create_nb_reader
from nbformat import NotebookNode
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
EXECUTED_BY = "parallel_execution"  # recorded with each notebook this extension caches


@dataclass
class Chapter:
    """A notebook to execute, read as MyST-NB reads it."""

    docname: str
    path: Path
    relative_path: str
    text: str
    read_fmt: dict | None
    notebook: NotebookNode
    config: NbParserConfig


def is_excluded(path, config):
    """Whether MyST-NB's ``execution_excludepatterns`` exclude ``path`` from execution."""
    posix_path = PurePosixPath(path.as_posix())
    return any(posix_path.match(pattern) for pattern in config.execution_excludepatterns)


def chapters_to_execute(env, docnames, cache):
    """Each document among ``docnames`` that is a notebook whose outputs are not in ``cache``."""
    for docname in docnames:
        path = Path(env.doc2path(docname))
        text = path.read_text(encoding="utf8")
        reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, text)
        if reader is None or is_excluded(path, env.mystnb_config):
            continue
        notebook = reader.read(text)
        try:  # the notebook's own settings, as MyST-NB applies them (it warns about bad ones)
            config = env.mystnb_config.copy(**notebook.metadata.get(env.mystnb_config.metadata_key, {}))
        except (TypeError, ValueError):
            config = env.mystnb_config
        if config.execution_mode != "cache":
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            relative_path = path.relative_to(env.srcdir).as_posix()
            yield Chapter(docname, path, relative_path, text, reader.read_fmt, notebook, config)


def execute(chapter):
    """Run the chapter's notebook in place, as MyST-NB would; return jupyter-cache's result."""
    config = chapter.config
    folder = TemporaryDirectory() if config.execution_in_temp else nullcontext(str(chapter.path.parent))
    with folder as cwd:
        return single_nb_execution(chapter.notebook, cwd=cwd, allow_errors=config.execution_allow_errors,
                                   timeout=config.execution_timeout, meta_override=True)


def keep_outputs(cache, chapter, result):
    """Cache the executed notebook under the key MyST-NB will look it up by."""
    options = {"read_data": chapter.read_fmt} if chapter.read_fmt is not None else {}  # as MyST-NB does
    record = cache.add_nb_to_project(str(chapter.path), **options)
    data = {"execution_seconds": result.time, "executed_by": EXECUTED_BY}
    cache.cache_notebook_bundle(CacheBundleIn(chapter.notebook, record.uri, data=data),
                                check_validity=False, overwrite=True)
    LOGGER.info(f"{chapter.relative_path}: executed in {result.time:.1f} s")


def report_failure(env, chapter, result):
    """Log the failure like a compiler; keep MyST-NB from executing the chapter a second time."""
    failure = describe_failure(chapter.notebook, chapter.text, result.err)
    LOGGER.error(f"{failure.headline}\n{failure.details}", location=f"{chapter.relative_path}:{failure.line}")
    env.failed_executions[chapter.docname] = f"{chapter.relative_path}:{failure.line}: {failure.headline}"
    patterns = [*env.mystnb_config.execution_excludepatterns, glob.escape(chapter.path.as_posix())]
    env.mystnb_config = env.mystnb_config.copy(execution_excludepatterns=patterns)


def execute_together(env, cache, chapters, jobs):
    """Execute ``chapters``, ``jobs`` at a time, settling each as soon as it ends."""
    pool = ThreadPoolExecutor(jobs)
    try:
        futures = {pool.submit(execute, chapter): chapter for chapter in chapters}
        for future in as_completed(futures):
            settle(env, cache, futures[future], future.result())
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # after Ctrl-C, start no other chapter


def execute_before_reading(app, env, docnames):
    """Execute the notebooks among ``docnames`` that are not cached: together first, then alone."""
    env.failed_executions = {}  # docname: "path:line: error", for the page's error box
    if env.mystnb_config.execution_mode != "cache":
        return
    cache = get_cache(env.mystnb_config.execution_cache_path)
    pending = list(chapters_to_execute(env, docnames, cache))
    alone = set(app.config.parallel_execution_alone)
    together = [chapter for chapter in pending if chapter.docname not in alone]
    if together:
        jobs = min(len(together), os.cpu_count() or 1)
        LOGGER.info(f"executing {len(together)} notebook(s), {jobs} at a time")
        execute_together(env, cache, together, jobs)
    for chapter in pending:
        if chapter.docname in alone:
            LOGGER.info(f"{chapter.relative_path}: executing alone (it times code)")
            settle(env, cache, chapter, execute(chapter))


def settle(env, cache, chapter, result):
    """Cache the outputs of a chapter that ran through, report one that failed."""
    if result.err is None:
        keep_outputs(cache, chapter, result)
    else:
        report_failure(env, chapter, result)


def mark_failed_page(app, doctree):
    """Put an error box at the top of a page whose chapter failed to execute in this build."""
    failure = getattr(app.env, "failed_executions", {}).get(app.env.docname)
    if failure is None:
        return
    text = f"This chapter failed to execute when the book was built, so its outputs are missing. {failure}"
    box = nodes.error("", nodes.paragraph(text=text))
    section = doctree.next_node(nodes.section)
    if section is None:
        doctree.insert(0, box)
    else:
        section.insert(1, box)  # after the title


def setup(app):
    app.add_config_value("parallel_execution_alone", [], "env")
    app.connect("env-before-read-docs", execute_before_reading)
    app.connect("doctree-read", mark_failed_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
