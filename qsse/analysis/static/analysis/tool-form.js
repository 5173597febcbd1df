/* Tool forms: show only the fields that the chosen control chart uses.
 *
 * A field whose widget has data-analysis-charts="xbar_r xbar_s" is shown when the select #id_chart
 * holds one of those values. Without JavaScript every field stays visible (the labels say which chart
 * they are for).
 */
(function () {
  "use strict";

  function update(root) {
    var chart = root.querySelector("#id_chart");
    if (!chart) {
      return;
    }
    root.querySelectorAll("[data-analysis-charts]").forEach(function (widget) {
      var wanted = widget.dataset.analysisCharts.split(" ");
      var container = widget.closest(".mb-2");
      if (container) {
        container.hidden = wanted.indexOf(chart.value) === -1;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    update(document);
  });
  document.addEventListener("htmx:afterSettle", function () {
    update(document);
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "id_chart") {
      update(document);
    }
  });
})();
