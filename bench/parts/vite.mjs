// Case 13: a Vite build of the generated 1,000-module project with and without
// `logcrest/vite`, cold and warm plugin cache.
import { join } from "node:path";
import { runChild } from "../lib/child.mjs";
import { QUICK, caseScript } from "../lib/config.mjs";
import { REPO } from "../lib/build-ours.mjs";
import { generateProject } from "../lib/gen-modules.mjs";
import { median } from "../lib/stats.mjs";
import { target } from "../lib/targets.mjs";

export const title = "13. Vite build: 1,000 generated TS modules, 10% tagged";

const MODULES = QUICK ? 100 : 1000;
const REPS = QUICK ? 1 : 7;
const VARIANTS = ["plain", "plugin", "plugin-warm"];

export async function run() {
  const dir = join(REPO, ".tmp/bench/vite-app");
  const info = generateProject(dir, { count: MODULES, taggedEvery: 10, app: true });
  const args = (v) => [dir, v, String(info.taggedFunctions), String(info.count)];
  // One untimed run of each first: the OS file cache is warm for every timed run.
  for (const v of VARIANTS) await runChild(caseScript("build-vite.mjs"), args(v), { timeoutMs: 600_000 });
  const runs = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  // Alternate the variants so that drifting load hits them alike.
  for (let i = 0; i < REPS; i++) {
    for (const v of VARIANTS) runs[v].push(await runChild(caseScript("build-vite.mjs"), args(v), { timeoutMs: 600_000 }));
  }
  const wall = (v) => median(runs[v].map((r) => r.ms));
  const cpu = (v) => median(runs[v].map((r) => r.cpuMs));
  const plain = wall("plain");
  const rows = [
    { what: "without logcrest", ms: plain, ratio: 1, cpu: cpu("plain"), load: undefined },
    { what: `with logcrest/vite, cold cache (${info.taggedFunctions} functions instrumented)`, ms: wall("plugin"), ratio: wall("plugin") / plain, cpu: cpu("plugin"), load: median(runs.plugin.map((r) => r.loadMs)) },
    { what: "with logcrest/vite, warm cache", ms: wall("plugin-warm"), ratio: wall("plugin-warm") / plain, cpu: cpu("plugin-warm"), load: median(runs["plugin-warm"].map((r) => r.loadMs)) },
  ];
  return {
    columns: [
      { key: "what", title: `Vite SSR build, ${MODULES} modules`, align: "left" },
      { key: "ms", title: "wall", format: "ms" },
      { key: "ratio", title: "ratio", format: "ratio" },
      { key: "cpu", title: "CPU (this process)", format: "ms" },
      { key: "load", title: "plugin load", format: "ms" },
    ],
    rows,
    legend:
      `Median of ${REPS} alternating runs, each in a fresh process, after one untimed run of each: \`vite.build()\` of src/index.ts (which re-exports every module) as an SSR build, timed from loading the plugin to the end of the build (Vite is imported before, by every variant). ` +
      "Cold: the plugin's persistent cache (node_modules/.cache/logcrest) is removed before the run; warm: a rebuild that finds it filled. " +
      "Every run checks its output: every module's function present, instrumented functions counted (0 without logcrest).",
    targets: [
      target("13-vite", "Vite build with logcrest/vite ≤ 1.3x without (wall, cold cache)", wall("plugin") / plain, 1.3, {
        detail: `warm-cache rebuild: ${(wall("plugin-warm") / plain).toFixed(2)}x`,
      }),
    ],
    raw: runs,
  };
}
