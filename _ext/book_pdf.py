"""The book as PDF: one file for the whole book and one per page, printed by Debian's Chromium.

Two halves in one module, so that they agree on where the files are:

- A Sphinx extension. Once the PDFs exist in the site (``pdf/``, made by ``python3 tasks.py pdf``),
  each page's download menu links the page's PDF (instead of the theme's ".pdf" entry, which only
  opens the print dialog) and the sidebar links the book's PDF; the sidebar always links the index.
  Without the PDFs nothing links to them, so a site built with ``python3 tasks.py book`` alone has
  no dead link.
- The printer (``python _ext/book_pdf.py _build/html``, needs Playwright and pypdf from
  requirements-pdf.txt). Chromium opens the built site and joins the pages' articles into one
  document: a cover, a table of contents, then every page of ``_toc.yml`` in order, each starting
  on a new sheet, with the numbers Sphinx gave the chapters. A link between two pages becomes a
  link inside the document, so Chromium writes it as an internal PDF link; the headings become the
  PDF's bookmarks. The site's print stylesheet (static/reader.css, print-colours.css) decides the
  look. A page's own PDF is the same document with that page alone (links to other pages are left
  as plain text there). No LaTeX, nothing from the network.
"""

import argparse
import datetime
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

PDF_FOLDER = "pdf"  # under the site's root
BOOK_PDF = "book.pdf"
CHROMIUM = Path("/usr/bin/chromium")
ORIGIN = "http://book.localhost"  # served from the site's folder by Playwright, not by a server
ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- the Sphinx extension

def page_pdf_name(docname):
    """The file name of ``docname``'s own PDF, e.g. ``relu.pdf`` for ``chapters/relu``."""
    return f"{Path(docname).name}.pdf"


def note_pdf_state(app, config):
    """Record whether the site has the book's PDF; a change rewrites every page (rebuild='html')."""
    config.book_pdf_available = (Path(app.outdir) / PDF_FOLDER / BOOK_PDF).is_file()


def link_pdfs(app, pagename, templatename, context, doctree):
    """Link the page's PDF from its download menu and the book's PDF from the sidebar."""
    pdf_folder = Path(app.outdir) / PDF_FOLDER
    book_pdf = pdf_folder / BOOK_PDF
    has_book_pdf = app.config.book_pdf_available and book_pdf.is_file()
    context["book_pdf_url"] = context["pathto"](f"{PDF_FOLDER}/{BOOK_PDF}", 1) if has_book_pdf else None
    page_pdf = pdf_folder / page_pdf_name(pagename)
    if doctree is None or not page_pdf.is_file():
        return
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        for index, button in enumerate(group["buttons"]):
            if button.get("label") == "download-pdf-button":
                group["buttons"][index] = {
                    "type": "link",
                    "url": context["pathto"](f"{PDF_FOLDER}/{page_pdf.name}", 1),
                    "text": ".pdf",
                    "tooltip": "Download this page as PDF",
                    "icon": "fas fa-file-pdf",
                    "label": "download-pdf-button",
                }


def setup(app):
    app.add_config_value("book_pdf_available", False, "html", bool)
    app.connect("config-inited", note_pdf_state)
    app.connect("html-page-context", link_pdfs, priority=600)  # after the theme's buttons (501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# ---------------------------------------------------------------- the printer

def toc_parts(root=ROOT):
    """The table of contents as [(part caption or None, [docname, ...]), ...], the root page first."""
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    parts = [(None, [toc["root"]])]

    def files(entries):
        for entry in entries or []:
            if "file" in entry:
                yield str(Path(entry["file"]).with_suffix(""))
            yield from files(entry.get("sections"))

    for part in toc.get("parts", [{"chapters": toc.get("chapters")}]):
        parts.append((part.get("caption"), list(files(part.get("chapters")))))
    return parts


# Runs in the page: fetch the pages, join their articles into this page's article, link inside.
ASSEMBLE = r"""async ({pages, parts, cover}) => {
  const pageId = (docname) => 'page--' + docname.replace(/[^A-Za-z0-9]+/g, '-');
  const byPath = new Map(pages.map(p => [new URL(p.url).pathname, p.docname]));
  const parser = new DOMParser();
  const fetched = [];
  for (const p of pages) {
    const doc = parser.parseFromString(await (await fetch(p.url)).text(), 'text/html');
    const article = doc.querySelector('article.bd-article');
    const title = article.querySelector('h1')?.textContent.replace(/#\s*$/, '').trim() ?? p.docname;
    fetched.push({...p, article, title});
  }
  const unwrap = (a) => a.replaceWith(...a.childNodes);
  const chapters = fetched.map(({docname, url, article}) => {
    const section = document.createElement('section');
    section.className = 'book-page';
    section.id = pageId(docname);
    article.querySelectorAll('script, .download-notebook, .figure-zoom-hint, .headerlink')
      .forEach(e => e.remove());
    article.querySelectorAll('[id]').forEach(e => { e.id = pageId(docname) + '--' + e.id; });
    article.querySelectorAll('img').forEach(img => {
      img.src = new URL(img.getAttribute('src'), url).href;
      img.loading = 'eager';
    });
    article.querySelectorAll('a[href]').forEach(a => {
      const target = new URL(a.getAttribute('href'), url);
      if (target.origin !== location.origin) return;  // another site: keep
      const docnameThere = byPath.get(target.pathname);
      if (docnameThere === undefined) return unwrap(a);  // a file of the site, not a page
      const fragment = decodeURIComponent(target.hash.slice(1));
      a.setAttribute('href', '#' + pageId(docnameThere) + (fragment ? '--' + fragment : ''));
    });
    section.append(...article.childNodes);
    return section;
  });
  const book = document.createElement('div');
  book.id = 'book';
  if (cover) {
    const front = document.createElement('section');
    front.className = 'book-cover';
    front.innerHTML = `<h1></h1><p class="book-author"></p><p class="book-date"></p>`;
    front.querySelector('h1').textContent = cover.title;
    front.querySelector('.book-author').textContent = cover.author;
    front.querySelector('.book-date').textContent = cover.date;
    const contents = document.createElement('nav');
    contents.className = 'book-contents';
    contents.innerHTML = '<h2>Contents</h2>';
    for (const [caption, docnames] of parts) {
      if (caption) contents.append(Object.assign(document.createElement('h3'), {textContent: caption}));
      const list = contents.appendChild(document.createElement('ol'));
      for (const docname of docnames) {
        const link = list.appendChild(document.createElement('li')).appendChild(document.createElement('a'));
        link.href = '#' + pageId(docname);
        link.textContent = fetched.find(p => p.docname === docname).title;
      }
    }
    book.append(front, contents);
  }
  book.append(...chapters);
  const style = document.createElement('style');
  style.textContent = `
    @page { size: A4; margin: 18mm 16mm 20mm 16mm; }
    .book-page, .book-contents { break-before: page; }
    .book-cover { text-align: center; padding-top: 30vh; }
    .book-cover h1 { font-size: 2.6em; display: block !important; }
    .book-contents ol { list-style: none; padding-left: 0; }
    .book-contents li { margin: .3em 0; display: flex; justify-content: space-between; gap: 1em; }
    .book-page h1 { display: block !important; }`;
  document.head.append(style);
  document.querySelector('article.bd-article').replaceChildren(book);
  document.title = cover ? cover.title : document.title;
}"""

# Runs in the page: MathJax (if the page loads it) typesets what was added, every image is decoded.
TYPESET = """async () => {
  if (window.MathJax && MathJax.startup) {
    await MathJax.startup.promise;
    MathJax.typesetClear();
    await MathJax.typesetPromise();
  }
  await Promise.all(Array.from(document.images).map(img => img.decode().catch(() => null)));
  await document.fonts.ready;
}"""


# Runs in the page: each entry of the contents gets the page its chapter starts on.
NUMBER_CONTENTS = """(pages) => {
  for (const link of document.querySelectorAll('.book-contents a')) {
    const page = pages[link.textContent.replace(/\\s+/g, '')];
    const number = Object.assign(document.createElement('span'), {className: 'page', textContent: page});
    if (page) link.after(number);
  }
}"""

FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#444;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


def serve_site(context, html_dir):
    """Answer the browser's requests to ORIGIN with the files of ``html_dir``."""
    html_dir = Path(html_dir).resolve()

    def fulfil(route):
        path = (html_dir / unquote(urlsplit(route.request.url).path).lstrip("/")).resolve()
        if path.is_dir():
            path = path / "index.html"
        if html_dir in path.parents and path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404, body="not found")

    context.route(f"{ORIGIN}/**", fulfil)


def cover_of(root):
    """Title, author and date for the cover, from _config.yml; the date is today's."""
    config = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8"))
    return {
        "title": config.get("title", "The book"),
        "author": config.get("author", ""),
        "date": datetime.date.today().strftime("%d %B %Y"),
    }


def loads_mathjax(html_dir, docname):
    """Whether the built page of ``docname`` loads MathJax (Sphinx adds it to pages with math)."""
    return "mathjax/" in (Path(html_dir) / f"{docname}.html").read_text(encoding="utf-8")


def print_document(context, html_dir, docnames, parts, target, cover=None):
    """Join ``docnames`` into one document in Chromium and print it to ``target`` (A4). The
    document is built in the first of those pages that loads MathJax, to typeset them all."""
    shell = next((docname for docname in docnames if loads_mathjax(html_dir, docname)), docnames[0])
    page = context.new_page()
    page.goto(f"{ORIGIN}/{shell}.html", wait_until="load")
    pages = [{"docname": d, "url": f"{ORIGIN}/{d}.html"} for d in docnames]
    page.evaluate(ASSEMBLE, {"pages": pages, "parts": parts, "cover": cover})
    page.evaluate(TYPESET)
    page.emulate_media(media="print")
    print_a4(page, target)
    if cover:  # the contents get their page numbers from the bookmarks of the first print
        page.evaluate(NUMBER_CONTENTS, bookmark_pages(target))
        print_a4(page, target)
    page.close()


def print_a4(page, target):
    """Print ``page`` to the PDF file ``target``: A4, page numbers in the footer, bookmarks from the
    headings, tagged (structure for screen readers)."""
    page.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
             header_template="<span></span>", footer_template=FOOTER, outline=True, tagged=True,
             prefer_css_page_size=True)


def bookmark_pages(pdf):
    """{title without whitespace: page number} of the top-level bookmarks of the PDF file ``pdf``
    (for a title that appears twice, the later page). Chromium drops the space where a long title
    wraps ("histograms andgates"), so titles are compared without whitespace."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    return {"".join(item.title.split()): reader.get_destination_page_number(item) + 1
            for item in reader.outline if not isinstance(item, list)}


def print_pdfs(browser, html_dir, root=ROOT):
    """Print the book's PDF and each page's into ``html_dir``/pdf with ``browser`` (Playwright's
    Chromium); return the book's path."""
    html_dir = Path(html_dir)
    if not (html_dir / "index.html").is_file():
        raise FileNotFoundError(f"no built book in {html_dir}: run `python3 tasks.py book` first")
    parts = toc_parts(root)
    docnames = [docname for _, names in parts for docname in names]
    out = html_dir / PDF_FOLDER
    out.mkdir(exist_ok=True)
    context = browser.new_context(color_scheme="light")
    serve_site(context, html_dir)
    print_document(context, html_dir, docnames, parts, out / BOOK_PDF, cover=cover_of(root))
    for docname in docnames:
        print_document(context, html_dir, [docname], [], out / page_pdf_name(docname))
    context.close()
    return out / BOOK_PDF


def make_pdfs(html_dir, root=ROOT):
    """Start Debian's Chromium and print the PDFs (``print_pdfs``); return the book's path."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise FileNotFoundError(f"Chromium is needed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            return print_pdfs(browser, html_dir, root)
        finally:
            browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html_dir", type=Path, help="the built site, e.g. _build/html")
    args = parser.parse_args()
    started = time.perf_counter()
    book = make_pdfs(args.html_dir)
    from pypdf import PdfReader

    pages = len(PdfReader(book).pages)
    print(f"{book}: {pages} pages, {book.stat().st_size / 1e6:.2f} MB, "
          f"printed in {time.perf_counter() - started:.0f} s (with one PDF per page in {book.parent})")


if __name__ == "__main__":
    main()
