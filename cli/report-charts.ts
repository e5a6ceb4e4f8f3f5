/**
 * The report's charts, as page script: requests, failures and p50/p95 over time, and
 * latency histograms. Drawn as SVG by hand rather than with a vendored chart library:
 * the charts are bars and two lines, which take ~150 lines here, while a library
 * (uPlot ~50 KB, Chart.js ~200 KB) would be inlined into every report, would need a CSP
 * exception for its canvas/styles, and would be third-party code rendering hostile data.
 * Text in the charts is set with textContent only, like the rest of the page.
 *
 * Plain ES2017 without template literals (it is embedded in one). Defines `LCCharts`.
 */
export const CHARTS_JS = String.raw`
var LCCharts = (function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    for (var k in attrs) e.setAttribute(k, String(attrs[k]));
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(parent, x, y, s, cls, anchor) {
    var t = svg("text", { x: x, y: y, "class": cls || "ax", "text-anchor": anchor || "start" }, parent);
    t.textContent = s;
    return t;
  }
  function title(parent, s) { var t = svg("title", {}, parent); t.textContent = s; }
  function fmtMs(ms) {
    if (ms >= 10000) return (ms / 1000).toFixed(1) + " s";
    if (ms >= 1000) return (ms / 1000).toFixed(2) + " s";
    if (ms >= 100) return ms.toFixed(0) + " ms";
    return ms.toFixed(ms >= 10 ? 1 : 2) + " ms";
  }
  // Short tick labels: 0.5, 2.5, 100, 1s, 2.5s (the axis title gives the unit); counts 15k.
  function tickMs(ms) { return ms >= 1000 ? String(ms / 1000) + "s" : String(ms); }
  function tickN(n) { return n >= 10000 ? Math.round(n / 1000) + "k" : n >= 1000 ? (n / 1000).toFixed(1).replace(/\.0$/, "") + "k" : String(n); }
  function hhmm(t) { return new Date(t).toISOString().slice(11, 16); }
  function day(t) { return new Date(t).toISOString().slice(0, 10); }
  function niceMax(v) {
    if (v <= 0) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v))), m = v / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }

  // Requests (bars), failures (red bars in front) per bucket; p50 and p95 (lines, right axis).
  function timeSeries(box, s) {
    box.textContent = "";
    if (!s.t.length) { var e = document.createElement("p"); e.className = "empty"; e.textContent = "No ended flows."; box.appendChild(e); return; }
    var W = 1000, H = 244, L = 52, R = 60, T = 26, B = 34, pw = W - L - R, ph = H - T - B;
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, "class": "chart ts", role: "img", "aria-label": "requests, failures and latency over time" }, box);
    var t0 = s.t[0], t1 = s.t[s.t.length - 1] + s.stepMs, span = Math.max(s.stepMs, t1 - t0);
    var nMax = niceMax(Math.max.apply(null, s.n)), msMax = niceMax(Math.max.apply(null, s.p95.concat(s.p50)));
    function x(t) { return L + (t - t0) / span * pw; }
    function yN(n) { return T + ph - n / nMax * ph; }
    function yMs(ms) { return T + ph - ms / msMax * ph; }
    for (var g = 0; g <= 4; g++) {
      var gy = T + ph * g / 4;
      svg("line", { x1: L, x2: L + pw, y1: gy, y2: gy, "class": "grid" }, root);
      text(root, L - 6, gy + 4, tickN(Math.round(nMax * (4 - g) / 4)), "ax", "end");
      text(root, L + pw + 6, gy + 4, fmtMs(msMax * (4 - g) / 4), "ax");
    }
    var bw = Math.max(1, pw * s.stepMs / span - (pw * s.stepMs / span > 4 ? 1 : 0));
    var bars = svg("g", { "class": "bars" }, root);
    for (var i = 0; i < s.t.length; i++) {
      var g1 = svg("g", { "class": "bucket" }, bars);
      svg("rect", { x: x(s.t[i]), y: yN(s.n[i]), width: bw, height: T + ph - yN(s.n[i]), "class": "req" }, g1);
      if (s.failed[i]) svg("rect", { x: x(s.t[i]), y: yN(s.failed[i]), width: bw, height: T + ph - yN(s.failed[i]), "class": "fail" }, g1);
      title(g1, day(s.t[i]) + " " + hhmm(s.t[i]) + " UTC: " + s.n[i] + " flow(s), " + s.failed[i] + " failed, p50 " + fmtMs(s.p50[i]) + ", p95 " + fmtMs(s.p95[i]));
    }
    function line(values, cls) {
      var d = "", prev = null;
      for (var i = 0; i < s.t.length; i++) {
        var px = x(s.t[i]) + bw / 2, py = yMs(values[i]);
        d += (prev === null || s.t[i] - prev > s.stepMs ? "M" : "L") + px.toFixed(1) + " " + py.toFixed(1) + " ";
        prev = s.t[i];
      }
      svg("path", { d: d, "class": "line " + cls }, root);
      if (s.t.length === 1) svg("circle", { cx: x(s.t[0]) + bw / 2, cy: yMs(values[0]), r: 3, "class": "dot " + cls }, root);
    }
    line(s.p95, "p95"); line(s.p50, "p50");
    svg("line", { x1: L, x2: L + pw, y1: T + ph, y2: T + ph, "class": "axis" }, root);
    var ticks = 6;
    for (var k = 0; k <= ticks; k++) {
      var tt = t0 + span * k / ticks;
      text(root, L + pw * k / ticks, H - B + 16, hhmm(tt), "ax", k === 0 ? "start" : k === ticks ? "end" : "middle");
    }
    text(root, L, H - 4, day(t0) + (day(t0) === day(t1 - 1) ? "" : " → " + day(t1 - 1)) + " (UTC), one bar per " + (s.stepMs >= 3600000 ? s.stepMs / 3600000 + " h" : s.stepMs / 60000 + " min"), "ax");
    text(root, L - 6, 12, "flows", "ax lbl", "end");
    text(root, L + pw + 6, 12, "duration", "ax lbl");
  }

  // Counts per bucket of edges (bucket b: edges[b-1] <= v < edges[b]); empty ends trimmed.
  function histogram(box, edges, counts, label) {
    var lo = 0, hi = counts.length - 1;
    while (lo < hi && !counts[lo]) lo++;
    while (hi > lo && !counts[hi]) hi--;
    var W = 420, H = 130, L = 36, R = 6, T = 8, B = 30, pw = W - L - R, ph = H - T - B;
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, "class": "chart hist", role: "img", "aria-label": "latency histogram of " + label }, box);
    var n = hi - lo + 1, max = niceMax(Math.max.apply(null, counts)), bw = pw / n;
    for (var g = 0; g <= 2; g++) {
      var gy = T + ph * g / 2;
      svg("line", { x1: L, x2: L + pw, y1: gy, y2: gy, "class": "grid" }, root);
      text(root, L - 4, gy + 4, tickN(Math.round(max * (2 - g) / 2)), "ax", "end");
    }
    for (var b = lo; b <= hi; b++) {
      var h = counts[b] / max * ph, g1 = svg("g", { "class": "hbar" }, root);
      svg("rect", { x: L + (b - lo) * bw + 1, y: T + ph - h, width: Math.max(1, bw - 2), height: h, "class": "req" }, g1);
      var range = b === 0 ? "< " + fmtMs(edges[0]) : b === edges.length ? ">= " + fmtMs(edges[b - 1]) : fmtMs(edges[b - 1]) + " to < " + fmtMs(edges[b]);
      title(g1, label + ": " + counts[b] + " in " + range);
      if (n <= 9 || (b - lo) % 2 === 0) text(root, L + (b - lo) * bw + bw / 2, H - B + 14, b === 0 ? "<" + tickMs(edges[0]) : tickMs(edges[b - 1]), "ax", "middle");
    }
    svg("line", { x1: L, x2: L + pw, y1: T + ph, y2: T + ph, "class": "axis" }, root);
    text(root, L, H - 3, "duration in ms, from the bucket's lower edge", "ax");
    return root;
  }

  // A 90x18 sparkline of a histogram, for table rows.
  function spark(counts) {
    var root = svg("svg", { viewBox: "0 0 90 18", width: 90, height: 18, "class": "spark" });
    var max = Math.max.apply(null, counts) || 1, bw = 90 / counts.length;
    for (var b = 0; b < counts.length; b++) {
      if (!counts[b]) continue;
      var h = Math.max(1, counts[b] / max * 17);
      svg("rect", { x: b * bw, y: 18 - h, width: Math.max(1, bw - 1), height: h }, root);
    }
    return root;
  }

  return { timeSeries: timeSeries, histogram: histogram, spark: spark };
})();
`;

export const CHARTS_CSS = `
.chart { width:100%; height:auto; display:block; }
.chart .grid { stroke:#eef0f3; } .chart .axis { stroke:#98a2b3; }
.chart .ax { font-size:11px; fill:#667085; } .chart .lbl { font-weight:600; }
.chart .req { fill:#b4c3f5; } .chart .fail { fill:var(--failed); }
.chart .bucket:hover .req, .chart .hbar:hover .req { fill:#7c93e6; }
.chart .line { fill:none; stroke-width:2; } .chart .line.p50 { stroke:var(--accent); } .chart .line.p95 { stroke:#e8590c; }
.chart .dot.p50 { fill:var(--accent); } .chart .dot.p95 { fill:#e8590c; }
.chart-legend { display:flex; gap:14px; font-size:12px; color:var(--muted); margin:2px 0 6px; }
.chart-legend i { display:inline-block; width:12px; height:10px; border-radius:2px; margin-right:5px; vertical-align:-1px; }
#hist-selected { max-width:560px; margin-bottom:8px; }
.hist-grid { display:grid; grid-template-columns:repeat(auto-fill,minmax(300px,1fr)); gap:10px; }
.hist-card { border:1px solid var(--line); border-radius:8px; padding:8px 10px; }
.hist-card h3 { font-size:13px; margin:0; font-weight:600; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.hist-card .sub { margin:0 0 4px; }
.spark rect { fill:#8da2ea; }
tr.lat-row { cursor:pointer; } tr.lat-row.sel td { background:#eef2ff; }
.svc { display:inline-block; padding:0 6px; border-radius:4px; font-size:11.5px; color:#fff; margin-right:6px; }
.svc-0 { background:#3b5bdb; } .svc-1 { background:#0c8599; } .svc-2 { background:#9c36b5; } .svc-3 { background:#e8590c; }
.svc-4 { background:#2b8a3e; } .svc-5 { background:#5c7cfa; }
.wf-row.flow-head .wf-name { font-weight:650; }
.wf-row.in-trace .wf-name { padding-left:14px; }
`;
