// How much each part measures. BENCH_QUICK=1 shrinks everything for debugging the
// harness; recorded numbers always come from the full settings.
import { fileURLToPath } from "node:url";

export const QUICK = process.env.BENCH_QUICK === "1";

export const CALLS = QUICK
  ? { processes: 1, rounds: 3, warmup: 1, turns: 10 }
  : { processes: 3, rounds: 11, warmup: 3, turns: 50 };

export const caseScript = (name) => fileURLToPath(new URL(`../cases/${name}`, import.meta.url));

/** Options for cases/call.mjs-style scripts. */
export const callArgs = (c = CALLS) => ["--rounds", String(c.rounds), "--warmup", String(c.warmup), "--turns", String(c.turns)];

/** Every part, in the order `npm run bench` runs them (issue 7 numbering; 12-14 are issue 11's). */
export const PARTS = ["call", "disabled", "flow", "throughput", "als", "build", "http", "mixed", "values", "clickhouse", "tracing", "startup", "vite", "install"];
