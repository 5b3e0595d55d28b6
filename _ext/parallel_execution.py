"""Execute the book's chapters before Sphinx reads them: several at a time, each cached as it ends.

Jupyter Book 1 (MyST-NB) executes a chapter while Sphinx reads it, one at a time, so a clean
build takes the sum of every chapter's execution time and leaves the other cores idle. This
extension executes first every chapter whose outputs are not in MyST-NB's execution cache
(jupyter-cache, at the folder MyST-NB uses: see ``fresh_outputs.py``), as many at once as the
machine has cores, the longest first (``parallel_execution_first``) so that no core idles at the
end. The chapters that time code (``parallel_execution_alone``) run among the others, but each
of their cells that times code (source matching ``parallel_execution_timing``) waits until no other
kernel is running a cell, and no other cell starts until it ends: the measurements are undisturbed
by the book's own kernels, and the rest of those chapters still runs in parallel. Each chapter is
cached the moment it finishes, so an interrupted build keeps the chapters that finished. MyST-NB
then finds every chapter in the cache and only renders it. The log names each chapter's slowest
cells by their line in the ``.md`` file.

The notebooks are read with MyST-NB's own reader and executed with its settings (working folder,
timeout, allow_errors, a notebook's own ``mystnb`` overrides), so they hash as MyST-NB hashes them.

A chapter that fails is reported like a compiler error (``chapters/tanh.md:123: ERROR:
ZeroDivisionError: ...``, with the cell and the traceback of the chapter's code: see
``cell_errors.py``), and the build fails. It is not cached, and MyST-NB does not execute it a
second time: its page is rendered without outputs, under an error box naming the failure.
"""

import glob
import os
import re
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from tempfile import TemporaryDirectory

from cell_errors import describe_failure, first_source_line
from docutils import nodes
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import ExecutionResult
from myst_nb.core.config import NbParserConfig
from myst_nb.core.read import create_nb_reader
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from nbformat import NotebookNode
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
EXECUTED_BY = "parallel_execution"  # recorded with each notebook this extension caches
SLOWEST_CELLS_LOGGED = 3


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
    alone_cells: frozenset = frozenset()  # indices of the cells that time code
    cell_seconds: dict = field(default_factory=dict)  # cell index -> seconds it ran


class CellGate:
    """Lets the cells of several kernels run at once, except a cell that times code: that one waits
    until no other cell is running, and no other cell starts until it has ended (a readers-writer
    lock that prefers the writer)."""

    def __init__(self):
        self._condition = threading.Condition()
        self._running = 0  # cells running now
        self._alone_waiting = 0  # cells that time code, waiting for the others to end
        self._alone = False  # a cell that times code is running

    @contextmanager
    def together(self):
        with self._condition:
            self._condition.wait_for(lambda: not self._alone and not self._alone_waiting)
            self._running += 1
        try:
            yield
        finally:
            with self._condition:
                self._running -= 1
                self._condition.notify_all()

    @contextmanager
    def alone(self):
        with self._condition:
            self._alone_waiting += 1
            self._condition.wait_for(lambda: not self._alone and not self._running)
            self._alone_waiting -= 1
            self._alone = True
        try:
            yield
        finally:
            with self._condition:
                self._alone = False
                self._condition.notify_all()


class GatedClient(NotebookClient):
    """nbclient's client that passes each code cell through a ``CellGate`` and times it."""

    def __init__(self, chapter, gate, **kwargs):
        super().__init__(chapter.notebook, **kwargs)
        self.chapter, self.gate = chapter, gate

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code":
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        with self.gate.alone() if cell_index in self.chapter.alone_cells else self.gate.together():
            start = time.perf_counter()
            try:
                return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
            finally:
                self.chapter.cell_seconds[cell_index] = time.perf_counter() - start


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


def execute(chapter, gate):
    """Run the chapter's notebook in place, as MyST-NB (jupyter-cache's ``single_nb_execution``)
    would, its cells passing through ``gate``; return jupyter-cache's result."""
    config, notebook = chapter.config, chapter.notebook
    settings = notebook.metadata.get("execution", {})  # the notebook's overrides, as jupyter-cache reads them
    timeout = settings.get("timeout", config.execution_timeout)
    allow_errors = settings.get("allow_errors", config.execution_allow_errors)
    folder = TemporaryDirectory() if config.execution_in_temp else nullcontext(str(chapter.path.parent))
    error = error_text = None
    with folder as cwd:
        client = GatedClient(chapter, gate, timeout=timeout, allow_errors=allow_errors, record_timing=False,
                             resources={"metadata": {"path": cwd}})
        start = time.perf_counter()
        try:
            client.execute()
        except (CellExecutionError, CellTimeoutError) as err:
            error, error_text = err, traceback.format_exc()
        return ExecutionResult(notebook, cwd, time.perf_counter() - start, error, error_text)


def slowest_cells(chapter):
    """The chapter's slowest cells as ``line N: S s``, N the line of the ``.md`` file its code starts at."""
    fence_lines = chapter.notebook.metadata.get("source_map", [])
    slowest = sorted(chapter.cell_seconds.items(), key=lambda item: -item[1])[:SLOWEST_CELLS_LOGGED]
    described = []
    for index, seconds in slowest:
        fence_line = fence_lines[index] if index < len(fence_lines) else 1
        line = first_source_line(chapter.text, fence_line, chapter.notebook.cells[index].source)
        described.append(f"line {line}: {seconds:.1f} s")
    return ", ".join(described)


def keep_outputs(cache, chapter, result):
    """Cache the executed notebook under the key MyST-NB will look it up by."""
    options = {"read_data": chapter.read_fmt} if chapter.read_fmt is not None else {}  # as MyST-NB does
    record = cache.add_nb_to_project(str(chapter.path), **options)
    data = {"execution_seconds": result.time, "executed_by": EXECUTED_BY}
    cache.cache_notebook_bundle(CacheBundleIn(chapter.notebook, record.uri, data=data),
                                check_validity=False, overwrite=True)
    LOGGER.info(f"{chapter.relative_path}: executed in {result.time:.1f} s "
                f"(slowest cells: {slowest_cells(chapter)})")


def report_failure(env, chapter, result):
    """Log the failure like a compiler; keep MyST-NB from executing the chapter a second time."""
    failure = describe_failure(chapter.notebook, chapter.text, result.err)
    LOGGER.error(f"{failure.headline}\n{failure.details}", location=f"{chapter.relative_path}:{failure.line}")
    env.failed_executions[chapter.docname] = f"{chapter.relative_path}:{failure.line}: {failure.headline}"
    patterns = [*env.mystnb_config.execution_excludepatterns, glob.escape(chapter.path.as_posix())]
    env.mystnb_config = env.mystnb_config.copy(execution_excludepatterns=patterns)


def execute_together(env, cache, chapters, jobs):
    """Execute ``chapters``, ``jobs`` at a time, in their order, settling each as soon as it ends."""
    gate = CellGate()
    pool = ThreadPoolExecutor(jobs)
    try:
        futures = {pool.submit(execute, chapter, gate): chapter for chapter in chapters}
        for future in as_completed(futures):
            settle(env, cache, futures[future], future.result())
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # after Ctrl-C, start no other chapter


def timing_cells(notebook, pattern):
    """The indices of the code cells whose source matches ``pattern`` (they time code)."""
    return frozenset(index for index, cell in enumerate(notebook.cells)
                     if cell.cell_type == "code" and re.search(pattern, cell.source))


def longest_first(chapters, first):
    """``chapters`` with those named in ``first`` at the front, in its order; the rest as they were."""
    rank = {docname: position for position, docname in enumerate(first)}
    return sorted(chapters, key=lambda chapter: rank.get(chapter.docname, len(rank)))


def execute_before_reading(app, env, docnames):
    """Execute the notebooks among ``docnames`` that are not cached, the longest first; the cells
    that time code in the chapters listed as ``parallel_execution_alone``, alone."""
    env.failed_executions = {}  # docname: "path:line: error", for the page's error box
    if env.mystnb_config.execution_mode != "cache":
        return
    cache = get_cache(env.mystnb_config.execution_cache_path)
    pending = longest_first(chapters_to_execute(env, docnames, cache), app.config.parallel_execution_first)
    if not pending:
        return
    pattern = app.config.parallel_execution_timing
    for chapter in pending:
        if chapter.docname in app.config.parallel_execution_alone:
            chapter.alone_cells = timing_cells(chapter.notebook, pattern)
            if not chapter.alone_cells:
                LOGGER.warning(f"{chapter.relative_path} is in parallel_execution_alone, but none of its "
                               f"cells matches parallel_execution_timing {pattern!r}",
                               location=chapter.relative_path)
    jobs = min(len(pending), os.cpu_count() or 1)
    alone = sum(len(c.alone_cells) for c in pending)
    LOGGER.info(f"executing {len(pending)} notebook(s), {jobs} at a time; {alone} timing cells alone")
    execute_together(env, cache, pending, jobs)


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
    app.add_config_value("parallel_execution_timing", r"timeit|perf_counter|best_time", "env")
    app.add_config_value("parallel_execution_first", [], "env")
    app.connect("env-before-read-docs", execute_before_reading)
    app.connect("doctree-read", mark_failed_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
