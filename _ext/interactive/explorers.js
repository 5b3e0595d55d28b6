// Draws the book's interactive figures (actlib.interactive) with Vega-Embed, which the site
// serves from _static/vega/ (loaded before this script). Each figure's Vega-Lite specification
// is the JSON in its <script class="actlib-explorer-spec">; once the chart is drawn, the figure
// gets the class actlib-explorer-live, and the stylesheet hides the static image (kept for print).
// The chart's SVG is labelled with the alt text (the specification's description).
// window.actlibExplorers holds one promise per figure, resolving to its Vega view.
"use strict";
window.actlibExplorers = Array.from(document.querySelectorAll(".actlib-explorer"), (figure) => {
  const spec = JSON.parse(figure.querySelector(".actlib-explorer-spec").textContent);
  const target = figure.querySelector(".actlib-explorer-view");
  return vegaEmbed(target, spec, { actions: false, renderer: "svg" }).then((result) => {
    // The chart is one image to a screen reader, named by the figure's alt text; the controls
    // below it are ordinary labelled inputs.
    const chart = target.querySelector("svg.marks");
    chart.setAttribute("role", "img");
    chart.setAttribute("aria-label", spec.description);
    figure.classList.add("actlib-explorer-live");
    return result.view;
  });
});
