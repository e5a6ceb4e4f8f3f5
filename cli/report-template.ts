/**
 * The HTML of the report: one file, inline CSS and JS, no network (a CSP forbids it).
 *
 * Log data is attacker-influenced (request ids become flow ids), so it never becomes
 * markup: it travels as JSON in a `<script type="application/json">` (with `<`, `>`, `&`
 * escaped so `</script>` cannot close it), and the page script puts it into the DOM with
 * `textContent` only. The few strings in the static markup go through `escapeHtml()`.
 * The page renders one page of flow rows at a time and builds a waterfall only when a row
 * is opened, so 100,000 flows stay responsive.
 */
import { CHARTS_CSS, CHARTS_JS } from "./report-charts";
import type { ReportData } from "./report-data";

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** JSON that is safe inside a script element: no `<` (so no `</script>`), no U+2028/9 surprises. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const CSS = `
:root { --ok:#2f9e5b; --failed:#d64545; --interrupted:#e0a526; --open:#8a8f98; --ink:#1d2330; --muted:#667085;
  --line:#e4e7ec; --bg:#f7f8fa; --card:#fff; --accent:#3b5bdb; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); background:var(--bg); }
header { padding:18px 28px 8px; }
h1 { margin:0; font-size:22px; } h1 .crest { color:var(--accent); }
h2 { font-size:16px; margin:0 0 6px; }
.sub, .hint { color:var(--muted); font-size:12.5px; margin:2px 0 10px; }
code, .mono { font-family: ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:12.5px; }
main { padding:0 28px 40px; }
section.panel { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:14px 16px; margin:14px 0; }
.cards { display:flex; flex-wrap:wrap; gap:10px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:10px 14px; min-width:130px; }
.card .n { font-size:22px; font-weight:650; } .card .l { color:var(--muted); font-size:12px; }
.card.failed .n { color:var(--failed); } .card.success .n { color:var(--ok); } .card.open .n { color:var(--open); }
table { border-collapse:collapse; width:100%; }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:12px; color:var(--muted); font-weight:600; white-space:nowrap; }
th.sortable { cursor:pointer; } th.sorted::after { content:" ▾"; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
tr.flow-row { cursor:pointer; } tr.flow-row:hover td { background:#f2f4f8; } tr.flow-row.open td { background:#eef2ff; }
tr.hot-row { cursor:pointer; } tr.hot-row:hover td { background:#fff4f4; }
.badge { display:inline-block; padding:1px 8px; border-radius:999px; font-size:12px; font-weight:600; color:#fff; }
.badge.success { background:var(--ok); } .badge.failed { background:var(--failed); } .badge.open { background:var(--open); }
.share { display:inline-block; height:8px; background:var(--failed); border-radius:4px; vertical-align:middle; margin-right:6px; }
.controls { display:flex; flex-wrap:wrap; gap:8px; align-items:center; margin:6px 0 10px; }
input, select, button { font:inherit; padding:4px 8px; border:1px solid #c9ced6; border-radius:6px; background:#fff; }
button { cursor:pointer; } button:disabled { opacity:.45; cursor:default; }
.chip { background:#fde8e8; color:#9b1c1c; border-radius:999px; padding:2px 10px; font-size:12px; }
.chip button { border:0; background:none; padding:0 0 0 6px; color:inherit; }
.pager { display:flex; gap:8px; align-items:center; margin-top:10px; color:var(--muted); }
.wf { padding:8px 4px 10px; }
.wf-legend { color:var(--muted); font-size:12px; margin-bottom:6px; }
.wf-row { display:grid; grid-template-columns:minmax(90px,220px) 1fr 90px 150px; gap:8px; align-items:center; height:22px; }
.wf-name { overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
.wf-track { position:relative; height:14px; background:repeating-linear-gradient(90deg,#f4f5f7 0 1px,transparent 1px 10%); border-radius:3px; }
.bar { position:absolute; top:0; height:14px; border-radius:3px; min-width:2px; }
.st-ok { background:var(--ok); } .st-failed { background:var(--failed); } .st-interrupted, .st-running { background:var(--interrupted); }
.st-other { background:var(--open); }
.total-mark { position:absolute; top:-3px; bottom:-3px; width:0; border-left:2px dashed #475467; }
.wf-st { font-size:12px; white-space:nowrap; } .wf-st.failed { color:var(--failed); font-weight:650; }
.wf-st.interrupted { color:#a87a0b; } .wf-st.ok { color:var(--ok); }
.wf-row.failed-at .wf-name { font-weight:700; color:var(--failed); }
.wf-axis { display:grid; grid-template-columns:minmax(90px,220px) 1fr 90px 150px; gap:8px; color:var(--muted); font-size:11.5px; }
.wf-axis .ends { display:flex; justify-content:space-between; }
.wf-note { color:var(--muted); font-size:12px; margin-top:4px; }
.wf-error { margin-top:8px; padding:6px 10px; background:#fdecec; border-left:3px solid var(--failed); border-radius:4px; }
.empty { color:var(--muted); padding:10px 0; }
`;

/* The page script. Plain ES2017 without template literals (it lives in one). */
const APP = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("lc-data").textContent);
  var S = data.strings, F = data.flows, T = data.steps, M = data.meta;
  var N = F.id.length;
  var MULTI = M.services.length > 1;
  var STATUS = ["success", "failed", "open"];

  function str(i) { return i < 0 ? null : S[i]; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function cell(row, text, cls) { var td = el("td", cls, text); row.appendChild(td); return td; }
  function fmtMs(ms) {
    if (ms === null || ms === undefined || isNaN(ms)) return "–";
    if (ms >= 10000) return (ms / 1000).toFixed(1) + " s";
    if (ms >= 1000) return (ms / 1000).toFixed(2) + " s";
    return ms.toFixed(2) + " ms";
  }
  function fmtTime(off) {
    return off === null ? "unknown" : new Date(M.base + off).toISOString().replace("T", " ").replace("Z", "");
  }
  function pct(x) { return (x * 100).toFixed(x >= 0.1 ? 0 : 1) + "%"; }

  // ---- summary cards ----
  (function summary() {
    var c = M.counts, box = document.getElementById("summary");
    function card(cls, n, label) {
      var d = el("div", "card " + cls); d.appendChild(el("div", "n", n)); d.appendChild(el("div", "l", label)); box.appendChild(d);
    }
    card("", c.flows.toLocaleString("en-US"), "flows");
    card("success", c.success.toLocaleString("en-US"), "success");
    card("failed", c.failed.toLocaleString("en-US"), "failed" + (c.flows ? " (" + pct(c.failed / c.flows) + ")" : ""));
    card("open", c.open.toLocaleString("en-US"), "open (no flow_end)");
    card("", c.calls.toLocaleString("en-US"), "timed calls (success/ + error/)");
    if (M.ended) {
      var a = new Date(M.ended.first).toISOString().replace("T", " ").slice(0, 19), z = new Date(M.ended.last).toISOString().replace("T", " ").slice(0, 19);
      card("", a.slice(0, 10) === z.slice(0, 10) ? a.slice(0, 10) + " " + a.slice(11) + " → " + z.slice(11) : a + " → " + z, "flows ended (UTC)");
    }
    if (M.services.length > 1) card("", String(M.services.length), "services: " + M.services.join(", "));
    var sk = M.skipped, notes = [];
    if (sk.flows.garbageLines) notes.push(sk.flows.garbageLines + " unparseable line(s) in flows/");
    if (sk.flows.nonFlowRecords) notes.push(sk.flows.nonFlowRecords + " non-flow record(s) in flows/");
    if (sk.flows.malformedFlowRecords) notes.push(sk.flows.malformedFlowRecords + " malformed flow record(s)");
    if (sk.flows.textFiles.length) notes.push(sk.flows.textFiles.length + " text-mode flow file(s)");
    if (sk.records.garbageLines) notes.push(sk.records.garbageLines + " unparseable line(s) in success/ and error/");
    if (sk.records.textFiles.length) notes.push(sk.records.textFiles.length + " text-mode record file(s)");
    document.getElementById("skipped").textContent = notes.length ? "Skipped: " + notes.join(", ") + "." : "Nothing skipped.";
  })();

  // ---- state of the flow list ----
  var state = { status: "all", q: "", failedAt: null, sort: "newest", page: 0, size: 50 };
  var order = [];
  var openFlows = {};
  var lowerIds = null;

  // ---- over time ----
  LCCharts.timeSeries(document.getElementById("over-time"), data.series);

  // ---- latency histograms: per route (flows) and per function (calls, else steps) ----
  var EDGES = M.histEdges;
  function histCard(r) {
    var card = el("div", "hist-card");
    card.setAttribute("data-fn", r.fn); card.setAttribute("data-source", r.source);
    var h = el("h3", "mono", r.fn); h.title = r.fn; card.appendChild(h);
    card.appendChild(el("p", "sub", r.source + " · n " + r.n.toLocaleString("en-US") + " · p50 " + fmtMs(r.p50) + " · p95 " + fmtMs(r.p95) + (r.failures ? " · " + r.failures.toLocaleString("en-US") + " failed" : "")));
    LCCharts.histogram(card, EDGES, r.hist, r.fn);
    return card;
  }
  function showHistogram(r) {
    var box = document.getElementById("hist-selected");
    box.textContent = ""; box.hidden = false;
    box.appendChild(histCard(r));
    var rows = document.querySelectorAll("#latency tr.lat-row");
    for (var i = 0; i < rows.length; i++) rows[i].classList.toggle("sel", rows[i].firstChild.textContent === r.fn && rows[i].childNodes[1].textContent === r.source);
    box.scrollIntoView({ block: "nearest" });
  }
  (function histograms() {
    function top(source, k) { return data.latency.filter(function (r) { return r.source === source; }).sort(function (a, b) { return b.n - a.n || (a.fn < b.fn ? -1 : 1); }).slice(0, k); }
    var routes = top("flow", 6), fns = top("call", 6);
    if (!fns.length) fns = top("step", 6);
    var rbox = document.getElementById("hist-routes"), fbox = document.getElementById("hist-functions");
    routes.forEach(function (r) { rbox.appendChild(histCard(r)); });
    fns.forEach(function (r) { fbox.appendChild(histCard(r)); });
    if (!routes.length) rbox.appendChild(el("p", "empty", "No ended flows."));
    if (!fns.length) fbox.appendChild(el("p", "empty", "No timed calls."));
  })();

  // ---- failure hotspots ----
  (function hotspots() {
    var tbody = document.querySelector("#hotspots tbody");
    if (!data.hotspots.length) { var r = el("tr"); cell(r, "No failed flows.", "empty").colSpan = 6; tbody.appendChild(r); return; }
    data.hotspots.slice(0, 50).forEach(function (h) {
      var r = el("tr", "hot-row");
      r.title = "show the flows that failed at " + h.failedAt;
      cell(r, h.failedAt, "mono");
      cell(r, h.count.toLocaleString("en-US"), "num");
      var sh = cell(r, "", "num"); var bar = el("span", "share"); bar.style.width = Math.max(2, Math.round(h.share * 80)) + "px";
      sh.appendChild(bar); sh.appendChild(document.createTextNode(pct(h.share)));
      cell(r, h.asStep === h.count ? "step" : h.asStep === 0 ? "flow function" : "step (" + h.asStep + "), flow (" + (h.count - h.asStep) + ")");
      cell(r, h.flows.map(function (x) { return x[0] + " ×" + x[1]; }).join(", "));
      cell(r, h.errors.map(function (x) { return x[0] + " ×" + x[1]; }).join("; "));
      r.addEventListener("click", function () {
        state.failedAt = h.failedAt; state.status = "failed"; state.page = 0;
        document.getElementById("status").value = "failed";
        refresh(); document.getElementById("flows-panel").scrollIntoView();
      });
      tbody.appendChild(r);
    });
  })();

  // ---- latency table ----
  (function latency() {
    var rows = data.latency, sortKey = "p95", filter = "";
    var tbody = document.querySelector("#latency tbody"), more = document.getElementById("latency-more");
    var heads = document.querySelectorAll("#latency th.sortable");
    var LIMIT = 300;
    function render() {
      var f = filter.toLowerCase();
      var list = rows.filter(function (r) { return !f || r.fn.toLowerCase().indexOf(f) >= 0; });
      list.sort(function (a, b) {
        if (sortKey === "fn" || sortKey === "source") return a[sortKey] < b[sortKey] ? -1 : a[sortKey] > b[sortKey] ? 1 : 0;
        return b[sortKey] - a[sortKey];
      });
      tbody.textContent = "";
      list.slice(0, LIMIT).forEach(function (r) {
        var tr = el("tr", "lat-row");
        cell(tr, r.fn, "mono"); cell(tr, r.source);
        cell(tr, r.n.toLocaleString("en-US"), "num"); cell(tr, r.failures ? r.failures.toLocaleString("en-US") : "", "num");
        cell(tr, fmtMs(r.p50), "num"); cell(tr, fmtMs(r.p95), "num"); cell(tr, fmtMs(r.p99), "num"); cell(tr, fmtMs(r.max), "num");
        cell(tr, "", "dist").appendChild(LCCharts.spark(r.hist));
        tr.title = "show the latency histogram of " + r.fn;
        tr.addEventListener("click", function () { showHistogram(r); });
        tbody.appendChild(tr);
      });
      if (!list.length) { var e = el("tr"); cell(e, "No timed functions.", "empty").colSpan = 9; tbody.appendChild(e); }
      more.textContent = list.length > LIMIT ? "Showing " + LIMIT + " of " + list.length + " rows; filter to narrow." : "";
      for (var i = 0; i < heads.length; i++) heads[i].classList.toggle("sorted", heads[i].getAttribute("data-key") === sortKey);
    }
    for (var i = 0; i < heads.length; i++) heads[i].addEventListener("click", function (ev) { sortKey = ev.currentTarget.getAttribute("data-key"); render(); });
    document.getElementById("lat-filter").addEventListener("input", function (ev) { filter = ev.target.value; render(); });
    render();
  })();

  // ---- flow list ----
  function recompute() {
    var want = state.status === "all" ? -1 : STATUS.indexOf(state.status);
    var q = state.q.toLowerCase();
    var fa = state.failedAt;
    if (q && lowerIds === null) lowerIds = F.id.map(function (s) { return s.toLowerCase(); });
    var out = [];
    for (var i = 0; i < N; i++) {
      if (want >= 0 && F.status[i] !== want) continue;
      // hotspots name a flow without failed_at "?" (report-data.ts does the same)
      if (fa !== null && (F.status[i] !== 1 || (F.failedAt[i] < 0 ? "?" : S[F.failedAt[i]]) !== fa)) continue;
      if (q && lowerIds[i].indexOf(q) < 0 && S[F.name[i]].toLowerCase().indexOf(q) < 0) continue;
      out.push(i);
    }
    var st = F.start, tot = F.total;
    function startOf(i) { return st[i] === null ? -Infinity : st[i]; }
    if (state.sort === "newest") out.sort(function (a, b) { return startOf(b) - startOf(a) || b - a; });
    else if (state.sort === "oldest") out.sort(function (a, b) { return startOf(a) - startOf(b) || a - b; });
    else out.sort(function (a, b) { return (tot[b] === null ? -1 : tot[b]) - (tot[a] === null ? -1 : tot[a]) || a - b; });
    order = out;
  }

  // ---- one trace across services: the flows of the trace on one axis, each service marked ----
  var byTrace = null;
  function traceMembers(i) {
    if (F.trace[i] < 0) return [i];
    if (byTrace === null) {
      byTrace = {};
      for (var j = 0; j < N; j++) if (F.trace[j] >= 0) (byTrace[F.trace[j]] = byTrace[F.trace[j]] || []).push(j);
    }
    return byTrace[F.trace[i]];
  }
  function waterfall(i) {
    var members = traceMembers(i), services = {};
    members.forEach(function (j) { services[F.svc[j]] = true; });
    return members.length > 1 && Object.keys(services).length > 1 && members.every(function (j) { return F.start[j] !== null; })
      ? traceWaterfall(members, i) : flowWaterfall(i);
  }
  function traceWaterfall(members, opened) {
    var box = el("div", "wf wf-trace");
    members = members.slice().sort(function (a, b) { return F.start[a] - F.start[b] || a - b; });
    var t0 = F.start[members[0]], end = t0, nsvc = {};
    members.forEach(function (j) { end = Math.max(end, F.start[j] + (F.total[j] || 0)); nsvc[F.svc[j]] = true; });
    var span = Math.max(end - t0, 0.001);
    box.appendChild(el("div", "wf-legend", "One request across " + Object.keys(nsvc).length + " services (trace " + S[F.trace[opened]] +
      "): each service's flow is placed where it ran, by its start time, with its steps below it. Axis: ms since the first flow started."));
    function row(name, svc, left, width, cls, status, extra) {
      var r = el("div", "wf-row " + extra);
      var nm = el("span", "wf-name mono"); nm.title = name;
      if (svc !== null) nm.appendChild(el("span", "svc svc-" + (svc % 6), M.services[svc]));
      nm.appendChild(document.createTextNode(name));
      r.appendChild(nm);
      var track = el("span", "wf-track"), bar = el("span", "bar " + cls);
      bar.style.left = (left / span * 100) + "%"; bar.style.width = (width / span * 100) + "%";
      bar.title = name + ": " + fmtMs(width) + " (" + status + ")";
      track.appendChild(bar); r.appendChild(track);
      r.appendChild(el("span", "num mono", fmtMs(width)));
      r.appendChild(el("span", "wf-st " + status, status));
      return r;
    }
    members.forEach(function (j) {
      var st = STATUS[F.status[j]], off = F.start[j] - t0;
      var head = row(S[F.name[j]], F.svc[j], off, F.total[j] || 0, st === "failed" ? "st-failed" : st === "success" ? "st-ok" : "st-other", st, "flow-head" + (j === opened ? " opened" : ""));
      head.setAttribute("data-svc", M.services[F.svc[j]]); head.setAttribute("data-flow-id", F.id[j]);
      box.appendChild(head);
      var stepTxt = str(F.step[j]), m = stepTxt ? /^(\d+)\/\d+$/.exec(stepTxt) : null, failedIdx = m ? Number(m[1]) - 1 : -1;
      var placed = true, k, laid = 0;
      for (k = F.tl[j]; k < F.tl[j + 1]; k++) if (T.at[k] < 0) placed = false;
      for (k = F.tl[j]; k < F.tl[j + 1]; k++) {
        var stName = S[T.st[k]];
        var r = row(S[T.fn[k]], null, off + (placed ? T.at[k] : laid), T.ms[k], /^(ok|failed|interrupted|running)$/.test(stName) ? "st-" + stName : "st-other",
          stName + (k - F.tl[j] === failedIdx ? "  ◀ failed_at" : ""), "in-trace" + (k - F.tl[j] === failedIdx ? " failed-at" : ""));
        r.setAttribute("data-svc", M.services[F.svc[j]]); r.setAttribute("data-step", S[T.fn[k]]);
        box.appendChild(r);
        laid += T.ms[k];
      }
      if (F.status[j] === 1) {
        var err = el("div", "wf-error");
        err.appendChild(el("span", "svc svc-" + (F.svc[j] % 6), M.services[F.svc[j]]));
        err.appendChild(document.createTextNode("Failed at "));
        err.appendChild(el("b", "mono", str(F.failedAt[j]) || "?"));
        err.appendChild(document.createTextNode((stepTxt ? ", step " + stepTxt : "") + ": "));
        err.appendChild(el("span", "mono", str(F.error[j]) || "(no error text)"));
        box.appendChild(err);
      }
    });
    var axis = el("div", "wf-axis"); axis.appendChild(el("span"));
    var ends = el("span", "ends"); ends.appendChild(el("span", "", "0")); ends.appendChild(el("span", "", fmtMs(span)));
    axis.appendChild(ends); box.appendChild(axis);
    return box;
  }

  function flowWaterfall(i) {
    var box = el("div", "wf");
    var from = F.tl[i], to = F.tl[i + 1], n = to - from;
    var total = F.total[i], failedAt = str(F.failedAt[i]), stepTxt = str(F.step[i]);
    var m = stepTxt ? /^(\d+)\/\d+$/.exec(stepTxt) : null;
    var failedIdx = m ? Number(m[1]) - 1 : -1;
    var placed = n > 0, k;
    for (k = from; k < to; k++) if (T.at[k] < 0) placed = false;
    box.appendChild(el("div", "wf-legend", placed
      ? "Each bar is a step, placed where it ran (ms since the flow started); nested and concurrent steps overlap. The dashed line is the flow's total."
      : "Each bar is a step's duration, laid end to end in start order: this log records how long each step took, not when it started. " +
        "The dashed line is the flow's total; nested or concurrent steps make the bars run past it."));
    if (n === 0) {
      box.appendChild(el("div", "empty", F.status[i] === 2 ? "No flow_end was written: the flow is still running, or its process died." : "No tagged steps ran inside this flow."));
    } else {
      var sum = 0, reach = 0;
      for (k = from; k < to; k++) { sum += T.ms[k]; reach = Math.max(reach, T.at[k] + T.ms[k]); }
      var tot = total === null ? sum : total;
      var span = Math.max(tot, placed ? reach : sum) || 1, off = 0;
      for (k = from; k < to; k++) {
        var stName = S[T.st[k]], fn = S[T.fn[k]], ms = T.ms[k];
        var isFailed = k - from === failedIdx;
        var row = el("div", "wf-row" + (isFailed ? " failed-at" : ""));
        row.setAttribute("data-step", fn);
        var name = el("span", "wf-name mono", fn); name.title = fn; row.appendChild(name);
        var track = el("span", "wf-track");
        var bar = el("span", "bar " + (/^(ok|failed|interrupted|running)$/.test(stName) ? "st-" + stName : "st-other"));
        bar.style.left = ((placed ? T.at[k] : off) / span * 100) + "%"; bar.style.width = (ms / span * 100) + "%";
        bar.title = fn + ": " + fmtMs(ms) + " (" + stName + ")";
        track.appendChild(bar);
        var mark = el("span", "total-mark"); mark.style.left = (tot / span * 100) + "%"; track.appendChild(mark);
        row.appendChild(track);
        row.appendChild(el("span", "num mono", fmtMs(ms)));
        row.appendChild(el("span", "wf-st " + stName, stName + (isFailed ? "  ◀ failed_at" : "")));
        box.appendChild(row);
        off += ms;
      }
      var axis = el("div", "wf-axis"); axis.appendChild(el("span"));
      var ends = el("span", "ends"); ends.appendChild(el("span", "", "0")); ends.appendChild(el("span", "", fmtMs(span)));
      axis.appendChild(ends); box.appendChild(axis);
      if (!placed && sum > tot * 1.001 + 0.01) box.appendChild(el("div", "wf-note", "Steps sum to " + fmtMs(sum) + " but the flow took " + fmtMs(tot) + ": some steps were nested or ran concurrently."));
    }
    if (F.status[i] === 1) {
      var err = el("div", "wf-error");
      err.appendChild(document.createTextNode("Failed at "));
      err.appendChild(el("b", "mono", failedAt === null ? "?" : failedAt));
      err.appendChild(document.createTextNode((failedIdx < 0 ? " (the flow function itself)" : "") + (stepTxt ? ", step " + stepTxt : "") + ": "));
      err.appendChild(el("span", "mono", str(F.error[i]) || "(no error text)"));
      box.appendChild(err);
    }
    return box;
  }

  function toggle(i, tr) {
    var next = tr.nextSibling;
    if (openFlows[i]) {
      delete openFlows[i]; tr.classList.remove("open");
      if (next && next.classList.contains("wf-detail")) next.parentNode.removeChild(next);
      return;
    }
    openFlows[i] = true; tr.classList.add("open");
    var d = el("tr", "wf-detail"); var td = el("td"); td.colSpan = MULTI ? 9 : 8; td.appendChild(waterfall(i)); d.appendChild(td);
    tr.parentNode.insertBefore(d, tr.nextSibling);
  }

  function renderPage() {
    var tbody = document.querySelector("#flows tbody");
    tbody.textContent = "";
    var pages = Math.max(1, Math.ceil(order.length / state.size));
    if (state.page >= pages) state.page = pages - 1;
    var start = state.page * state.size, slice = order.slice(start, start + state.size);
    slice.forEach(function (i) {
      var tr = el("tr", "flow-row");
      tr.setAttribute("data-flow-id", F.id[i]);
      var st = STATUS[F.status[i]];
      var b = cell(tr, ""); b.appendChild(el("span", "badge " + st, st));
      cell(tr, F.id[i], "mono"); cell(tr, S[F.name[i]]);
      cell(tr, fmtTime(F.start[i]), "mono");
      cell(tr, F.total[i] === null ? "open" : fmtMs(F.total[i]), "num");
      cell(tr, String(F.tl[i + 1] - F.tl[i]), "num");
      cell(tr, str(F.failedAt[i]) || "", "mono");
      cell(tr, (F.http[i] ? String(F.http[i]) : "") + (F.aborted[i] ? " aborted" : ""), "num");
      if (MULTI) { var sv = cell(tr, ""); sv.appendChild(el("span", "svc svc-" + (F.svc[i] % 6), M.services[F.svc[i]])); }
      tr.addEventListener("click", function () { toggle(i, tr); });
      tbody.appendChild(tr);
      if (openFlows[i]) { delete openFlows[i]; toggle(i, tr); }
    });
    if (!slice.length) { var e = el("tr"); cell(e, "No flows match.", "empty").colSpan = MULTI ? 9 : 8; tbody.appendChild(e); }
    document.getElementById("page-info").textContent =
      "page " + (state.page + 1).toLocaleString("en-US") + " of " + pages.toLocaleString("en-US") + " · " + order.length.toLocaleString("en-US") + " matching flow(s) of " + N.toLocaleString("en-US");
    document.getElementById("prev").disabled = state.page === 0;
    document.getElementById("next").disabled = state.page >= pages - 1;
    var chip = document.getElementById("failed-at-chip");
    chip.hidden = state.failedAt === null;
    document.getElementById("failed-at-text").textContent = state.failedAt === null ? "" : "failed_at = " + state.failedAt;
  }

  function refresh() { recompute(); renderPage(); }

  document.getElementById("status").addEventListener("change", function (ev) { state.status = ev.target.value; state.page = 0; refresh(); });
  document.getElementById("sort").addEventListener("change", function (ev) { state.sort = ev.target.value; state.page = 0; refresh(); });
  document.getElementById("size").addEventListener("change", function (ev) { state.size = Number(ev.target.value); state.page = 0; renderPage(); });
  var timer = null;
  document.getElementById("search").addEventListener("input", function (ev) {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = ev.target.value.trim(); state.page = 0; refresh(); }, 120);
  });
  document.getElementById("prev").addEventListener("click", function () { state.page--; renderPage(); });
  document.getElementById("next").addEventListener("click", function () { state.page++; renderPage(); });
  document.getElementById("clear-failed-at").addEventListener("click", function () { state.failedAt = null; state.page = 0; refresh(); });

  // #flow=<id> opens one flow directly.
  var hash = location.hash.indexOf("#flow=") === 0 ? decodeURIComponent(location.hash.slice(6)) : "";
  if (hash) {
    var idx = F.id.indexOf(hash);
    if (idx >= 0) { state.q = hash; document.getElementById("search").value = hash; openFlows[idx] = true; }
  }
  refresh();
  document.body.setAttribute("data-ready", "1");
})();
`;

export function renderReportHtml(data: ReportData): string {
  const source = escapeHtml(data.meta.source);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>LogCrest report: ${source}</title>
<style>${CSS}${CHARTS_CSS}</style>
</head>
<body>
<header>
<h1><span class="crest">LogCrest</span> flow report</h1>
<p class="sub">From <code>${source}</code> (${escapeHtml(data.meta.sourceNote)}) · generated ${escapeHtml(data.meta.generated)}</p>
</header>
<main>
<noscript><p>This report draws its tables with JavaScript; please enable it for this file.</p></noscript>
<div id="summary" class="cards"></div>
<p id="skipped" class="hint"></p>

<section class="panel" id="time-panel">
<h2>Over time</h2>
<p class="hint">Flows by the time they ended: how many (bars), how many failed (red), and the p50 and p95 of their duration (lines, right axis). Hover a bar for its numbers.</p>
<div class="chart-legend"><span><i style="background:#b4c3f5"></i>flows</span><span><i style="background:var(--failed)"></i>failed</span><span><i style="background:var(--accent)"></i>p50</span><span><i style="background:#e8590c"></i>p95</span></div>
<div id="over-time"></div>
</section>

<section class="panel" id="hist-panel">
<h2>Latency histograms</h2>
<p class="hint">How durations spread, per route (flows: <code>total_ms</code>) and per function (calls: <code>elapsed_ms</code>, else steps), the busiest first. Click a row of the latency table for any other.</p>
<div id="hist-selected" hidden></div>
<h3 class="hint">Routes and flows</h3>
<div id="hist-routes" class="hist-grid"></div>
<h3 class="hint">Functions</h3>
<div id="hist-functions" class="hist-grid"></div>
</section>

<section class="panel" id="hotspots-panel">
<h2>Failure hotspots</h2>
<p class="hint">Where failed flows failed (<code>failed_at</code>): the step that threw first, or the flow function itself. Click a row to list those flows.</p>
<table id="hotspots"><thead><tr><th>failed_at</th><th class="num">failures</th><th class="num">share of failed flows</th><th>as</th><th>in flows</th><th>errors</th></tr></thead><tbody></tbody></table>
</section>

<section class="panel" id="latency-panel">
<h2>Latency per function</h2>
<p class="hint">Nearest-rank percentiles. Source <b>call</b>: <code>elapsed_ms</code> of the records in success/ and error/ (failures: crashed calls); <b>step</b>: the step's <code>ms</code> in flow timelines (failures: failed steps); <b>flow</b>: the flow's <code>total_ms</code> (failures: failed flows). Click a column to sort.</p>
<div class="controls"><input id="lat-filter" type="search" placeholder="filter functions" aria-label="filter functions"></div>
<table id="latency"><thead><tr>
<th class="sortable" data-key="fn">function</th><th class="sortable" data-key="source">source</th><th class="num sortable" data-key="n">n</th><th class="num sortable" data-key="failures">failures</th>
<th class="num sortable" data-key="p50">p50</th><th class="num sortable" data-key="p95">p95</th><th class="num sortable" data-key="p99">p99</th><th class="num sortable" data-key="max">max</th><th>distribution</th>
</tr></thead><tbody></tbody></table>
<p id="latency-more" class="hint"></p>
</section>

<section class="panel" id="flows-panel">
<h2>Flows</h2>
<div class="controls">
<select id="status" aria-label="status"><option value="all">all statuses</option><option value="failed">failed</option><option value="success">success</option><option value="open">open</option></select>
<input id="search" type="search" placeholder="flow id or function" aria-label="search flows">
<select id="sort" aria-label="sort"><option value="newest">newest first</option><option value="oldest">oldest first</option><option value="slowest">slowest first</option></select>
<select id="size" aria-label="page size"><option>25</option><option selected>50</option><option>100</option><option>200</option></select>
<span id="failed-at-chip" class="chip" hidden><span id="failed-at-text"></span><button id="clear-failed-at" title="clear">×</button></span>
</div>
<p class="hint">Click a flow to open its waterfall.${
    data.meta.listed.all
      ? ""
      : ` Listed: the ${data.meta.listed.slowest} slowest and the ${data.meta.listed.failed} most recent failed flows, with the other flows of their traces; the numbers above cover all ${data.meta.counts.flows.toLocaleString("en-US")} flows.`
  }</p>
<table id="flows"><thead><tr><th>status</th><th>flow_id</th><th>function</th><th>start (UTC)</th><th class="num">duration</th><th class="num">steps</th><th>failed_at</th><th class="num">HTTP</th>${data.meta.services.length > 1 ? "<th>service</th>" : ""}</tr></thead><tbody></tbody></table>
<div class="pager"><button id="prev">◀ prev</button><button id="next">next ▶</button><span id="page-info"></span></div>
</section>
</main>
<script type="application/json" id="lc-data">${embedJson(data)}</script>
<script>${CHARTS_JS}${APP}</script>
</body>
</html>
`;
}
