"""Print in light colours whatever the reader's colour mode (the PDF is printed the same way).

Paper is white: a reader in dark mode who printed a page got light-grey titles and light code on a
dark background. After the build, the theme's rules for its light mode are copied into
``_static/print-colours.css`` with ``dark`` for ``light``, inside ``@media print``. Same selectors
have the same specificity, so this stylesheet, loaded after the theme's, wins when printing.
"""

import re
from pathlib import Path

from sphinx.errors import ExtensionError

PRINT_COLOURS = "print-colours.css"  # under _static/, written by write_print_colours
# The theme's rules for dark mode only, with nothing in light mode to copy: dimmed images, and a
# frame in the text colour behind figures (dark once the light colours apply).
DARK_ONLY_RULES_UNDONE = """  html[data-theme="dark"] img { filter: none; }
  html[data-theme="dark"] .bd-content div.cell_output img,
  html[data-theme="dark"] .bd-content div.cell_output .text_html { background-color: transparent; }"""
LIGHT_THEME_RULE = re.compile(r'([^{}]*html\[data-theme="?light"?\][^{}]*)\{([^{}]*)\}')


def light_rules_for_dark_print(css):
    """The rules of stylesheet ``css`` that select the light theme, rewritten for the dark one."""
    rules = []
    for selector, declarations in LIGHT_THEME_RULE.findall(css):
        dark = re.sub(r'html\[data-theme="?light"?\]', 'html[data-theme="dark"]', selector.strip())
        rules.append(f"{dark} {{{declarations}}}")
    return rules


def write_print_colours(app, exception):
    """Write ``_static/print-colours.css``: the light theme's rules for the dark theme, in print."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    rules = []
    for stylesheet in sorted(static.rglob("*.css")):
        if stylesheet.name != PRINT_COLOURS and "mathjax" not in stylesheet.relative_to(static).parts:
            rules += light_rules_for_dark_print(stylesheet.read_text(encoding="utf-8"))
    if not rules:
        raise ExtensionError("no light-theme rules found in the theme's stylesheets: print colours unknown")
    body = "\n".join(f"  {rule}" for rule in rules)
    (static / PRINT_COLOURS).write_text(
        "/* Written by _ext/reader_assets.py: the theme's light colours in print, for dark mode too. */\n"
        f"@media print {{\n{body}\n{DARK_ONLY_RULES_UNDONE}\n}}\n",
        encoding="utf-8",
    )



def setup(app):
    app.add_css_file(PRINT_COLOURS, media="print")
    # After pydata-sphinx-theme has written its pygments.css (also at build-finished).
    app.connect("build-finished", write_print_colours, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
