/* ParVaiPret dashboards: clicking a chart opens the list behind it; the filter form shows only
   the fields of the chosen period. Works on the figures that dashboards.figure_html renders. */
(function () {
  "use strict";

  function clickTarget(box, customdata) {
    var ids = Array.isArray(customdata) ? customdata : [customdata];
    if (ids.length === 0 || ids.some(function (id) { return id === null || id === undefined; })) {
      return null;
    }
    if (box.dataset.click === "pair" && String(ids[0]) === String(ids[1])) {
      return null; // a faction with itself never splits
    }
    var url = box.dataset.clickUrl;
    ids.forEach(function (id, k) {
      url = url.split("__" + k + "__").join(encodeURIComponent(id));
    });
    return url;
  }

  function wireClicks() {
    document.querySelectorAll("[data-click-url]").forEach(function (box) {
      var plot = box.querySelector(".plotly-graph-div");
      if (!plot || typeof plot.on !== "function") {
        return;
      }
      plot.classList.add("clickable");
      plot.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        if (!point) {
          return;
        }
        var url = clickTarget(box, point.customdata);
        if (url) {
          window.location.assign(url);
        }
      });
    });
  }

  function wirePeriod() {
    var form = document.querySelector("form.dashboard-filters");
    var period = form && form.querySelector("select[name=period]");
    if (!period) {
      return;
    }
    var fields = { year: ["year"], month: ["month"], custom: ["start", "end"] };
    function show() {
      var inferred = period.value || "term";
      ["year", "month", "start", "end"].forEach(function (name) {
        var box = form.querySelector(".filter-" + name);
        var visible = (fields[inferred] || []).indexOf(name) >= 0 || box.classList.contains("has-error");
        box.hidden = !visible;
      });
    }
    period.addEventListener("change", show);
    if (!period.value) {
      ["month", "year", "start", "end"].some(function (name) {
        var input = form.querySelector("[name=" + name + "]");
        if (input && input.value) {
          period.value = name === "start" || name === "end" ? "custom" : name;
          return true;
        }
        return false;
      });
    }
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireClicks();
    wirePeriod();
  });
})();
