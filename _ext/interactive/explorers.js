// Draws the book's interactive figures (actlib.interactive) with Vega-Embed. The site serves
// Vega, Vega-Lite and Vega-Embed as one file, _static/vega/vega-bundle.js (0.9 MB); this script
// loads it only when a figure comes near the screen (or on window.actlibDrawAllExplorers()), so a
// page's first visit does not pay for figures the reader never scrolls to, and the browser
// caches it for every later page. Each figure's Vega-Lite specification is in its
// <script class="actlib-explorer-spec">, as gzip-compressed JSON in base64; once the chart is drawn, the figure gets the class
// actlib-explorer-live, and the stylesheet hides the static image (kept for print and no-JS).
// The chart's SVG is labelled with the alt text (the specification's description).
// window.actlibExplorers holds one promise per figure, resolving to its Vega view once drawn.
"use strict";
(function () {
  const bundleUrl = new URL("vega/vega-bundle.js", document.currentScript.src).href;
  let bundle = null;
  const loadVega = () => bundle || (bundle = new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = bundleUrl;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`the figures' script ${bundleUrl} did not load`));
    document.head.appendChild(script);
  }));

  // The specification is gzip-compressed JSON in base64 (actlib.book_figures.packed_spec).
  function unpack(text) {
    const bytes = Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).json();
  }

  async function draw(figure) {
    const spec = await unpack(figure.querySelector(".actlib-explorer-spec").textContent);
    const target = figure.querySelector(".actlib-explorer-view");
    return window.vegaEmbed(target, spec, { actions: false, renderer: "svg" }).then((result) => {
      // The chart is one image to a screen reader, named by the figure's alt text; the controls
      // below it are ordinary labelled inputs.
      const chart = target.querySelector("svg.marks");
      chart.setAttribute("role", "img");
      chart.setAttribute("aria-label", spec.description);
      figure.classList.add("actlib-explorer-live");
      return result.view;
    });
  }

  const figures = Array.from(document.querySelectorAll(".actlib-explorer"));
  const starts = new Map();
  window.actlibExplorers = figures.map((figure) => new Promise((resolve, reject) => {
    starts.set(figure, () => loadVega().then(() => draw(figure)).then(resolve, reject));
  }));
  const start = (figure) => {
    const go = starts.get(figure);
    starts.delete(figure);
    if (go) go();
  };
  window.actlibDrawAllExplorers = () => {
    figures.forEach(start);
    return Promise.all(window.actlibExplorers);
  };
  if (!("DecompressionStream" in window)) return;  // an old browser keeps the static images
  figures.forEach((figure) => figure.classList.add("actlib-explorer-js"));
  if (!("IntersectionObserver" in window)) {
    figures.forEach(start);
    return;
  }
  const observer = new IntersectionObserver((entries) => entries.forEach((entry) => {
    if (entry.isIntersecting) {
      observer.unobserve(entry.target);
      start(entry.target);
    }
  }), { rootMargin: "300px 0px" });
  figures.forEach((figure) => observer.observe(figure));
})();
