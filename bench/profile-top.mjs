// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self
// time, as file:line, so a missed target can be traced to the code that costs it.
//
//   node bench/profile-top.mjs <file.cpuprofile> [--top 25] [--filter logcrest] [--inclusive 1]
//
// --inclusive 1 ranks by total time (the function and everything it called), counting a
// recursive function once per sample.
import { readFileSync } from "node:fs";
import { option } from "./lib/args.mjs";

const file = process.argv[2];
if (!file) throw new Error("usage: profile-top.mjs <file.cpuprofile> [--top N] [--filter text]");
const top = option("top", 25);
const filter = option("filter", "");
const prof = JSON.parse(readFileSync(file, "utf8"));

// Self time per node: the sampling interval times the samples that hit it.
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const hits = new Map();
for (const id of prof.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
const totalSamples = prof.samples.length;
const totalMs = (prof.endTime - prof.startTime) / 1000;

function keyOf(n) {
  const cf = n.callFrame;
  const where = cf.url ? `${cf.url.replace(/^file:\/\//, "").replace(/.*\/(dist|node_modules|bench)\//, "$1/")}:${cf.lineNumber + 1}` : "(native)";
  return `${cf.functionName || "(anonymous)"}  ${where}`;
}

const agg = new Map();
if (option("inclusive", 0)) {
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  for (const [id, count] of hits) {
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const key = keyOf(byId.get(cur));
      if (seen.has(key)) continue;
      seen.add(key);
      agg.set(key, (agg.get(key) ?? 0) + count);
    }
  }
} else {
  for (const [id, count] of hits) {
    const key = keyOf(byId.get(id));
    agg.set(key, (agg.get(key) ?? 0) + count);
  }
}
const rows = [...agg].filter(([k]) => k.includes(filter)).sort((a, b) => b[1] - a[1]).slice(0, top);
console.log(`${file}: ${totalSamples} samples over ${totalMs.toFixed(0)} ms`);
for (const [k, c] of rows) console.log(`${((c / totalSamples) * 100).toFixed(1).padStart(5)}%  ${k}`);
