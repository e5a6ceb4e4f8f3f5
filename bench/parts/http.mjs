// Case 7: autocannon against a plain `http` server and a Fastify app, each uninstrumented,
// with `instrument()` from logcrest/http, and with pino-http as the peer. The server runs
// in its own process, on Node 20 and (when its binary is there) on Node 24; autocannon
// runs here (one core each on a 2-core machine).
import { createRequire } from "node:module";
import { QUICK, caseScript } from "../lib/config.mjs";
import { latencyProbe } from "../lib/latency-probe.mjs";
import { NODE24_DEFAULT, node24 } from "../lib/node24.mjs";
import { startServer } from "../lib/server-child.mjs";
import { median } from "../lib/stats.mjs";
import { target, unmeasured } from "../lib/targets.mjs";

const require = createRequire(import.meta.url);
export const title = "7. HTTP: autocannon against node:http and Fastify";

const FRAMEWORKS = ["http", "fastify"];
const VARIANTS = ["plain", "logcrest", "pino-http"];
const LABELS = { plain: "uninstrumented", logcrest: "logcrest `instrument()`", "pino-http": "pino-http" };
const CONNECTIONS = 50;
const DURATION = QUICK ? 2 : 6;
const WARMUP = QUICK ? 1 : 2;
const REPS = QUICK ? 1 : 2;
const PROBE_RATE = 5000;
const PROBE_SECONDS = QUICK ? 1 : 4;

function cannon(port, duration) {
  const autocannon = require("autocannon");
  return autocannon({ url: `http://127.0.0.1:${port}/orders/42`, connections: CONNECTIONS, duration });
}

async function once(framework, variant, node) {
  const server = startServer(caseScript("http-server.mjs"), [framework, variant], { node });
  const port = await server.port;
  await cannon(port, WARMUP);
  const r = await cannon(port, DURATION);
  const probe = await latencyProbe(port, { rate: PROBE_RATE, seconds: PROBE_SECONDS });
  const report = await server.stop();
  if (probe.errors > 0 || probe.non2xx > 0) throw new Error(`${framework} ${variant}: latency probe saw ${probe.errors} errors, ${probe.non2xx} non-2xx`);
  const ok = r["2xx"];
  if (r.errors > 0 || r.non2xx > 0 || r.timeouts > 0) {
    throw new Error(`${framework} ${variant}: ${r.errors} errors, ${r.non2xx} non-2xx, ${r.timeouts} timeouts`);
  }
  if (report.handled < ok + probe.requests) {
    throw new Error(`${framework} ${variant}: server handled ${report.handled} < ${ok + probe.requests} responses counted`);
  }
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    avgLatency: r.latency.average,
    responses: ok,
    probeP50: probe.p50us,
    probeP99: probe.p99us,
    probeRate: probe.rate,
    ...report,
  };
}

/** Server CPU µs per request that a logger adds over the uninstrumented server. */
function added(stat, f, v) {
  return stat(f, v, "cpuUsPerRequest") - stat(f, "plain", "cpuUsPerRequest");
}

export async function run() {
  const n24 = node24();
  const nodes = [["Node 20", process.execPath], ...(n24 ? [["Node 24", n24]] : [])];
  const raw = {};
  for (let rep = 0; rep < REPS; rep++) {
    for (const [nodeName, node] of nodes) {
      for (const framework of FRAMEWORKS) {
        for (const variant of VARIANTS) (((raw[nodeName] ??= {})[framework] ??= {})[variant] ??= []).push(await once(framework, variant, node));
      }
    }
  }
  const rows = [];
  const targets = [];
  for (const [nodeName] of nodes) {
    const stat = (f, v, k) => median(raw[nodeName][f][v].map((r) => r[k]));
    const onNode = raw[nodeName];
    for (const f of FRAMEWORKS) {
      const baseRps = stat(f, "plain", "rps");
      const baseP99 = stat(f, "plain", "p99");
      for (const v of VARIANTS) {
        rows.push({
          server: `${nodeName} ${f === "http" ? "node:http" : "Fastify"}: ${LABELS[v]}`,
          node: onNode[f][v][0].node,
          rps: stat(f, v, "rps"),
          rpsRatio: stat(f, v, "rps") / baseRps,
          avg: stat(f, v, "avgLatency"),
          p99: stat(f, v, "p99"),
          p99Ratio: stat(f, v, "p99") / baseP99,
          probeP50: stat(f, v, "probeP50"),
          probeP99: stat(f, v, "probeP99"),
          probeRatio: stat(f, v, "probeP99") / stat(f, "plain", "probeP99"),
          cpu: stat(f, v, "cpuUsPerRequest"),
          cpuAdded: v === "plain" ? undefined : added(stat, f, v),
          busy: stat(f, v, "busyUsPerRequest"),
          written: `${onNode[f][v].reduce((a, r) => a + r.written, 0).toLocaleString("en-US")} ${onNode[f][v][0].unit} / ${onNode[f][v].reduce((a, r) => a + r.handled, 0).toLocaleString("en-US")} requests`,
        });
      }
      const name = `${nodeName} ${f === "http" ? "node:http" : "Fastify"}`;
      const id = `7-${nodeName === "Node 20" ? "n20" : "n24"}-${f}`;
      // Issue 13: the CPU instrument() adds per request, against what pino-http adds.
      const ours = added(stat, f, "logcrest");
      const peer = added(stat, f, "pino-http");
      const share = nodeName === "Node 20" ? 1 : 0.5;
      const cpuText = `${name}: server CPU instrument() adds per request ≤ ${share === 1 ? "" : "half of "}what pino-http adds`;
      const cpuDetail = `+${ours.toFixed(1)} µs vs pino-http +${peer.toFixed(1)} µs over ${stat(f, "plain", "cpuUsPerRequest").toFixed(1)} µs uninstrumented`;
      // A peer that measured no added CPU (noise on a busy machine) gives no ratio to judge by.
      targets.push(peer > 0 ? target(`${id}-cpu`, cpuText, ours / peer, share, { detail: cpuDetail }) : unmeasured(`${id}-cpu`, cpuText, `pino-http added no measurable CPU in this run (${cpuDetail})`));
      targets.push(
        target(`${id}-p50-fixed`, `${name}: p50 latency with instrument() ≤ pino-http's, at a fixed ${PROBE_RATE} req/s`, stat(f, "logcrest", "probeP50") / stat(f, "pino-http", "probeP50"), 1, {
          detail: `${Math.round(stat(f, "logcrest", "probeP50"))} µs vs ${Math.round(stat(f, "pino-http", "probeP50"))} µs`,
        }),
      );
      if (nodeName !== "Node 20") continue;
      // Issue 7's targets, against the uninstrumented server (Node 20).
      const short = f === "http" ? "node:http" : "Fastify";
      targets.push(target(`7-${f}-rps`, `${short}: requests/s with instrument() ≥ 0.9x uninstrumented`, stat(f, "logcrest", "rps") / baseRps, 0.9, { higherIsBetter: true }));
      targets.push(target(`7-${f}-p99`, `${short}: p99 latency with instrument() ≤ 1.1x uninstrumented`, stat(f, "logcrest", "p99") / baseP99, 1.1, {
        detail: `${stat(f, "logcrest", "p99")} ms vs ${baseP99} ms (autocannon reports whole milliseconds)`,
      }));
      const probeBase = stat(f, "plain", "probeP99");
      targets.push(target(`7-${f}-p99-fixed`, `${short}: p99 latency with instrument() ≤ 1.1x uninstrumented, at a fixed ${PROBE_RATE} req/s`, stat(f, "logcrest", "probeP99") / probeBase, 1.1, {
        detail: `${Math.round(stat(f, "logcrest", "probeP99"))} µs vs ${Math.round(probeBase)} µs`,
      }));
    }
  }
  const notes = n24 ? [] : [`Node 24 not measured: no binary at $LOGCREST_NODE24 or ${NODE24_DEFAULT}.`];
  return {
    columns: [
      { key: "server", title: "server", align: "left" },
      { key: "node", title: "node", align: "left" },
      { key: "rps", title: "requests/s", format: "int" },
      { key: "rpsRatio", title: "vs uninstrumented", format: "ratio" },
      { key: "avg", title: "mean latency (ms)", format: "ns1" },
      { key: "p99", title: "p99 (ms)", format: "ns1" },
      { key: "p99Ratio", title: "p99 vs uninstrumented", format: "ratio" },
      { key: "probeP50", title: `p50 µs at ${PROBE_RATE}/s`, format: "int" },
      { key: "probeP99", title: `p99 µs at ${PROBE_RATE}/s`, format: "int" },
      { key: "probeRatio", title: "vs uninstrumented", format: "ratio" },
      { key: "cpu", title: "server CPU µs/request", format: "ns1" },
      { key: "cpuAdded", title: "CPU added µs/request", format: "ns1" },
      { key: "busy", title: "main thread µs/request", format: "ns1" },
      { key: "written", title: "verified written", align: "left" },
    ],
    rows,
    legend:
      `autocannon 8, ${CONNECTIONS} connections, ${WARMUP}s warm-up then ${DURATION}s measured, GET /orders/42; median of ${REPS} runs per row, interleaved. ` +
      `Then an open-loop probe (bench/lib/latency-probe.mjs) sends ${PROBE_RATE} requests/s for ${PROBE_SECONDS}s, below every server's capacity, and times each in µs: ` +
      "autocannon's p99 is in whole milliseconds and, at saturation, mostly measures queueing. " +
      "server CPU: the server process's CPU time (all threads, file writes included) per request handled; main thread: its event-loop busy time per request. " +
      "CPU added: server CPU per request minus the uninstrumented server's on the same Node. " +
      "Each server checks its log lines against the requests it handled (logcrest: flow_start + flow_end per request; pino-http: one line per response)." +
      (notes.length > 0 ? ` ${notes.join(" ")}` : ""),
    targets,
    raw,
  };
}
