/* Draws the ECharts charts of a page from options computed on the server.
 *
 * Markup: <div class="qsse-chart" data-chart-options="ID" style="height: 320px" role="img"
 *              aria-label="…"></div>
 *         {{ options|json_script:"ID" }}
 * The options are a complete ECharts option object (series data, axes, markLine...): nothing is
 * computed here. Every chart must come with a text alternative (a table or a summary) on the page.
 * Charts inside content swapped by htmx are drawn after the swap.
 */
(function () {
  "use strict";

  function draw(root) {
    if (typeof echarts === "undefined") {
      return;
    }
    root.querySelectorAll("[data-chart-options]").forEach(function (element) {
      if (element.dataset.chartDrawn === "yes") {
        return;
      }
      var source = document.getElementById(element.dataset.chartOptions);
      if (!source) {
        return;
      }
      var options = JSON.parse(source.textContent);
      var chart = echarts.init(element, null, { renderer: element.dataset.chartRenderer || "svg" });
      chart.setOption(options);
      element.dataset.chartDrawn = "yes";
      window.addEventListener("resize", function () {
        chart.resize();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    draw(event.target);
  });
  window.qsseDrawCharts = draw;
})();
