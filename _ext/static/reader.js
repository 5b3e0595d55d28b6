/* The book's fixes to the theme's navigation and to Sphinx's search page. Loaded with `defer`:
   after searchtools.js, before the search runs (DOMContentLoaded) and before the theme's script. */

/* Phones and tablets: the ☰ and contents buttons open their panel (a modal <dialog> of
   pydata-sphinx-theme) over the button itself, so a second tap on the button hit the panel. While
   a panel is open, a close button (✕) sits exactly where its toggle is: tap ☰, tap again, closed. */
(() => {
  const PANELS = [
    [".primary-toggle", "pst-primary-sidebar-modal", "Close the menu"],
    [".secondary-toggle", "pst-secondary-sidebar-modal", "Close the contents"],
  ];
  const visibleOne = (selector) =>
    Array.from(document.querySelectorAll(selector)).find((e) => e.getClientRects().length > 0);

  const addCloseButton = (dialog, toggle, label) => {
    const box = toggle.getBoundingClientRect();
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sidebar-close";
    button.setAttribute("aria-label", label);
    button.innerHTML = '<i class="fa-solid fa-xmark" aria-hidden="true"></i>';
    Object.assign(button.style, {
      left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px`, height: `${box.height}px`,
    });
    button.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => button.remove(), { once: true });
    dialog.append(button);
  };

  const watch = () => {
    for (const [selector, id, label] of PANELS) {
      const dialog = document.getElementById(id);
      if (!dialog) continue;
      new MutationObserver(() => {
        const toggle = visibleOne(selector);
        if (dialog.open && toggle && !dialog.querySelector(".sidebar-close")) {
          addCloseButton(dialog, toggle, label);
        }
      }).observe(dialog, { attributes: true, attributeFilter: ["open"] });
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();

/* Display formulas scroll sideways when wider than their column (MathJax's overflow: auto): each
   takes the keyboard focus (tabindex 0), so that it can be scrolled without a mouse. MathJax's
   menu, which the book does not load (_ext/reader_assets.py), made every formula focusable. */
(() => {
  const focusDisplayFormulas = () =>
    document.querySelectorAll('mjx-container[display="true"]').forEach((formula) => {
      formula.tabIndex = 0;
    });
  const afterTypesetting = () => {
    const typeset = window.MathJax?.startup?.promise;  // once MathJax's (async) script has run
    if (typeset) typeset.then(focusDisplayFormulas);
    else setTimeout(afterTypesetting, 100);
  };
  document.addEventListener("DOMContentLoaded", () => {
    if (document.querySelector(".math")) afterTypesetting();
  });
})();

/* Search (does nothing on pages without Sphinx's search):
   - One result per page: Sphinx 7.4 lists a page once for its title (with the title's #anchor)
     and again for the words of its text (no anchor); the best-scored entry is kept.
   - Excerpts from the body text: the page's header buttons (".ipynb .md .pdf"), the print-only
     table of contents, the download line and the previous/next links are not text to quote, and
     the TeX source of formulas ("\sigma(x)") is replaced by an ellipsis. */
(() => {
  if (typeof Search === "undefined" || !Search.htmlToText || !Search._performSearch) return;

  const NOT_BODY_TEXT = [
    ".bd-header-article", "#jb-print-docs-body", ".download-notebook", ".prev-next-area",
    ".bd-sidebar-secondary", ".headerlink", ".figure-zoom-hint", "script", "style", "footer",
  ].join(",");

  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(NOT_BODY_TEXT).forEach((element) => element.remove());
    page.querySelectorAll(".math").forEach((formula) => formula.replaceWith("…"));
    const main = page.querySelector('[role="main"]');
    const part = (anchor && main && main.querySelector(anchor)) || main;
    return part ? part.textContent.replace(/\s+/g, " ") : "";
  };

  // Sphinx lists the results from the end of this list, the best last.
  const performSearch = Search._performSearch;
  Search._performSearch = (...args) => {
    const seen = new Set();
    const bestFirst = performSearch(...args).reverse();
    return bestFirst.filter(([docname]) => !seen.has(docname) && seen.add(docname)).reverse();
  };
})();
