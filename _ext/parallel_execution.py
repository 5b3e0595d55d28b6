"""Execute the book's chapters several at a time before Sphinx reads them.

Jupyter Book 1 runs one chapter's kernel at a time while Sphinx reads the pages, so a clean
build takes the sum of every chapter's execution time and leaves the other cores idle. This
extension fills the same execution cache (jupyter-cache) first, running as many chapters at once
as the machine has cores. MyST-NB then finds each chapter in the cache and only renders it.

It changes nothing else: the notebooks are read with MyST-NB's own reader and executed with the
same settings (working folder, timeout, allow_errors). A chapter that fails here is not cached,
so MyST-NB runs it again itself and reports the error exactly as it would have. Chapters that
time code (listed in the ``parallel_execution_alone`` setting) are left to MyST-NB too, which
runs them afterwards, one at a time, so no other kernel disturbs their measurements.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.read import create_nb_reader
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)


def uncached_notebooks(env, docnames, cache, alone):
    """(path, read format, notebook) of each document to read that is a notebook not yet cached."""
    for docname in docnames:
        if docname in alone:
            continue
        path = Path(env.doc2path(docname))
        text = path.read_text(encoding="utf8")
        reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, text)
        if reader is None:
            continue
        notebook = reader.read(text)
        if not any(cell.cell_type == "code" for cell in notebook.cells):
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            yield path, reader.read_fmt, notebook


def execute_in_parallel(app, env, docnames):
    config = env.mystnb_config
    if config.execution_mode != "cache":
        return
    cache = get_cache(config.execution_cache_path)
    pending = list(uncached_notebooks(env, docnames, cache, set(app.config.parallel_execution_alone)))
    if len(pending) < 2:
        return  # nothing to gain: let MyST-NB execute it as usual
    jobs = min(len(pending), os.cpu_count() or 1)
    LOGGER.info(f"executing {len(pending)} notebooks, {jobs} at a time")

    def execute(item):
        path, _, notebook = item
        return single_nb_execution(notebook, cwd=str(path.parent), allow_errors=config.execution_allow_errors,
                                   timeout=config.execution_timeout, meta_override=True)

    with ThreadPoolExecutor(jobs) as pool:
        results = list(pool.map(execute, pending))
    for (path, read_fmt, notebook), result in zip(pending, results, strict=True):
        if result.err is not None:
            continue  # MyST-NB executes it again and reports the failure
        options = {"read_data": read_fmt} if read_fmt is not None else {}  # as MyST-NB registers it
        record = cache.add_nb_to_project(str(path), **options)
        bundle = CacheBundleIn(notebook, record.uri, data={"execution_seconds": result.time})
        cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)


def setup(app):
    app.add_config_value("parallel_execution_alone", [], "env")
    app.connect("env-before-read-docs", execute_in_parallel)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
