"""Pages as fresh as the code they show: outputs keyed by the library, no success after a failure.

1. **Outputs keyed by the code they ran.** MyST-NB finds a chapter's outputs in its execution cache
   (jupyter-cache) by the chapter's code cells alone, so after an edit to ``actlib`` the pages would
   keep showing what the old code computed. This extension digests every file under the paths
   listed in the ``execution_depends_on`` setting (e.g. ``[actlib, requirements.txt]``) and gives
   each digest its own cache folder, ``_build/.jupyter_cache/<digest>``, by setting MyST-NB's
   ``nb_execution_cache_path``. A change to any of those files changes that setting; Sphinx then
   reads every page again ("config changed") and the chapters, not found in the new folder, are
   executed again. A revert finds the earlier folder and shows its outputs without executing. The
   ``KEPT_CACHE_FOLDERS`` most recently used folders are kept.
2. **No success after a failure.** Sphinx reads again only the pages whose source changed, so a
   build that failed (a chapter that raised, a broken reference) would, run again unchanged, skip
   the failing pages and report success. After a build that ended with warnings or errors, the
   next build reads every page again: the same problems are found and reported again until fixed.
"""

import hashlib
import re
import shutil
from pathlib import Path

from sphinx.errors import ConfigError
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
KEPT_CACHE_FOLDERS = 4
DIGEST_LENGTH = 16
FAILED_BUILD_MARKER = "last-build-failed"


def dependency_files(root, names):
    """Every file under the paths ``names`` (relative to ``root``), sorted; no caches, no hidden files."""
    for name in names:
        top = root / name
        if not top.exists():
            raise ConfigError(f"execution_depends_on: {name!r} is neither a file nor a folder in {root}")
        candidates = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in candidates:
            parts = path.relative_to(root).parts
            hidden = any(part.startswith(".") or part == "__pycache__" for part in parts)
            if path.is_file() and not hidden and path.suffix != ".pyc":
                yield path


def dependency_digest(root, names):
    """A short hex digest of the names and contents of ``dependency_files(root, names)``."""
    digest = hashlib.sha256()
    for path in dependency_files(root, names):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:DIGEST_LENGTH]


def forget_old_cache_folders(base, keep):
    """Delete all but the ``keep`` most recently used digest folders in ``base``."""
    is_digest = re.compile(rf"[0-9a-f]{{{DIGEST_LENGTH}}}").fullmatch
    folders = [path for path in base.iterdir() if path.is_dir() and is_digest(path.name)]
    folders.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    for old in folders[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def key_cache_by_dependencies(app, config):
    """Point MyST-NB's execution cache at the folder of the current dependency digest."""
    if not config.execution_depends_on:
        return
    base = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    digest = dependency_digest(Path(app.srcdir), config.execution_depends_on)
    folder = base / digest
    folder.mkdir(parents=True, exist_ok=True)
    folder.touch()  # most recently used
    forget_old_cache_folders(base, KEPT_CACHE_FOLDERS)
    config.nb_execution_cache_path = str(folder)
    LOGGER.info(f"execution cache for {', '.join(config.execution_depends_on)} as they are now: {folder}")


def failed_build_marker(app):
    """The file whose presence says that the last build failed (next to Sphinx's saved environment)."""
    return Path(app.doctreedir) / FAILED_BUILD_MARKER


def reread_after_failed_build(app, env, added, changed, removed):
    """Every page, when the previous build ended with warnings or errors; else none."""
    if not failed_build_marker(app).exists():
        return []
    LOGGER.info("the previous build failed: reading every page again")
    return sorted(env.found_docs - added - removed)


def remember_build_outcome(app, exception):
    """Leave the marker that ``reread_after_failed_build`` looks for when this build failed."""
    marker = failed_build_marker(app)
    if exception is not None or app._warncount:  # Sphinx's count of this build's warnings and errors
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    else:
        marker.unlink(missing_ok=True)


def setup(app):
    app.add_config_value("execution_depends_on", [], "env", [list])
    app.connect("config-inited", key_cache_by_dependencies)
    app.connect("env-get-outdated", reread_after_failed_build)
    app.connect("build-finished", remember_build_outcome)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
