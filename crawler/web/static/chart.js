// tollwatch timeline chart: a small self-written SVG step chart (no library, no network).
// Input: <script type="application/json" id="chart-data">[{"label": ..., "values": [["ISO date", n], ...]}]
// Every label is scraped text: it only ever reaches the page through textContent.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var COLORS = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22", "#393b79", "#637939"];

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function text(parent, x, y, content, anchor) {
    var t = el("text", { x: x, y: y, "text-anchor": anchor || "start" }, parent);
    t.textContent = content;
    return t;
  }

  function niceStep(range, ticks) {
    var raw = range / ticks, mag = Math.pow(10, Math.floor(Math.log10(raw))), norm = raw / mag;
    return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
  }

  function day(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function hour(ms) { var iso = new Date(ms).toISOString(); return iso.slice(5, 10) + " " + iso.slice(11, 16); }

  function draw(box, series) {
    var W = box.clientWidth || 900, H = 360, m = { l: 64, r: 16, t: 16, b: 40 };
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img" }, null);
    var pts = [];
    series.forEach(function (s) { s.values.forEach(function (v) { pts.push([Date.parse(v[0]), v[1]]); }); });
    if (!pts.length) {
      text(svg, W / 2, H / 2, "No values to chart yet.", "middle").setAttribute("class", "empty-note");
      box.appendChild(svg);
      return 0;
    }
    var x0 = Math.min.apply(null, pts.map(function (p) { return p[0]; }));
    var x1 = Math.max.apply(null, pts.map(function (p) { return p[0]; }));
    if (x1 === x0) { x0 -= 43200000; x1 += 43200000; }
    x1 += (x1 - x0) * 0.04;
    var yMax = Math.max.apply(null, pts.map(function (p) { return p[1]; }));
    var step = niceStep(Math.max(yMax, 1), 5), y1 = Math.ceil(yMax * 1.08 / step) * step || step;
    function X(ms) { return m.l + (ms - x0) / (x1 - x0) * (W - m.l - m.r); }
    function Y(v) { return H - m.b - v / y1 * (H - m.t - m.b); }

    for (var v = 0; v <= y1 + 1e-9; v += step) {
      el("line", { x1: m.l, x2: W - m.r, y1: Y(v), y2: Y(v), "class": "grid" }, svg);
      text(svg, m.l - 6, Y(v) + 4, v.toLocaleString("en-US"), "end");
    }
    var xt = 6;
    for (var i = 0; i <= xt; i++) {
      var ms = x0 + (x1 - x0) * i / xt;
      // a span of a few days needs the hour, or neighbouring ticks read the same date
      text(svg, X(ms), H - m.b + 16, (x1 - x0 < 6 * 86400000 ? hour : day)(ms), i === xt ? "end" : i === 0 ? "start" : "middle");
    }
    el("line", { x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b, "class": "axis" }, svg);
    el("line", { x1: m.l, x2: m.l, y1: m.t, y2: H - m.b, "class": "axis" }, svg);

    var legend = el("g", { "class": "legend" }, svg);
    series.forEach(function (s, n) {
      var color = COLORS[n % COLORS.length], d = "";
      s.values.forEach(function (val, k) {
        var px = X(Date.parse(val[0])), py = Y(val[1]);
        d += (k === 0 ? "M" : "H" + px.toFixed(1) + "V") + (k === 0 ? px.toFixed(1) + "," + py.toFixed(1) : py.toFixed(1));
      });
      var last = s.values[s.values.length - 1];
      d += "H" + X(x1).toFixed(1);
      el("path", { d: d, fill: "none", stroke: color, "stroke-width": 3, "class": "series-line", "data-series": String(n) }, svg);
      s.values.forEach(function (val) {
        var c = el("circle", { cx: X(Date.parse(val[0])), cy: Y(val[1]), r: 4.5, fill: color }, svg);
        var tip = el("title", {}, c);
        tip.textContent = s.label + ": " + val[1].toLocaleString("en-US") + " (" + val[0].slice(0, 10) + ")";
      });
      el("rect", { x: m.l + 12, y: m.t + 4 + n * 18, width: 12, height: 12, fill: color }, legend);
      text(legend, m.l + 30, m.t + 14 + n * 18, s.label + " — " + last[1].toLocaleString("en-US"));
    });
    box.appendChild(svg);
    return series.length;
  }

  function start() {
    var box = document.getElementById("chart"), data = document.getElementById("chart-data");
    if (!box || !data) return;
    var series = JSON.parse(data.textContent || "[]");
    var drawn = draw(box, series);
    // a marker tests (and people) can read: the chart has been drawn, with this many lines
    box.setAttribute("data-rendered", "true");
    box.setAttribute("data-series", String(drawn));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
