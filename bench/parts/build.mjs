// Case 6: build cost. 1,000 generated modules, 10% tagged: esbuild with and without the
// plugin, tspc with and without the transformer; and the same project with no tags at all,
// whose difference divided by the module count is the per-untagged-file overhead.
import { join } from "node:path";
import { runChild } from "../lib/child.mjs";
import { QUICK, caseScript } from "../lib/config.mjs";
import { REPO } from "../lib/build-ours.mjs";
import { generateProject } from "../lib/gen-modules.mjs";
import { median } from "../lib/stats.mjs";
import { target } from "../lib/targets.mjs";

export const title = "6. Build: 1,000 generated TS modules, 10% tagged";

const MODULES = QUICK ? 100 : 1000;
const REPS = QUICK ? { esbuild: 1, tspc: 1, tspcUntagged: 1 } : { esbuild: 7, tspc: 3, tspcUntagged: 2 };

async function measure(tool, dir, info, reps, variants = ["plain", "plugin"]) {
  const script = caseScript(tool === "esbuild" ? "build-esbuild.mjs" : "build-tspc.mjs");
  const runs = Object.fromEntries(variants.map((v) => [v, []]));
  // Alternate the variants so that drifting load hits them alike.
  for (let i = 0; i < reps; i++) {
    for (const variant of variants) {
      runs[variant].push(await runChild(script, [dir, variant, String(info.taggedFunctions), String(info.count)], { timeoutMs: 600_000 }));
    }
  }
  const wall = (v) => median(runs[v].map((r) => r.ms));
  const cpu = (v) => median(runs[v].map((r) => r.cpuMs ?? r.nodeCpuMs));
  const loadMs = median(runs.plugin.map((r) => r.loadMs ?? 0));
  const noop = runs.noop ? wall("noop") : undefined;
  const warm = runs["plugin-warm"] ? wall("plugin-warm") : undefined;
  return { runs, plain: wall("plain"), plugin: wall("plugin"), noop, warm, plainCpu: cpu("plain"), pluginCpu: cpu("plugin"), loadMs };
}

export async function run() {
  const base = join(REPO, ".tmp/bench");
  const tagged = generateProject(join(base, "build-tagged"), { count: MODULES, taggedEvery: 10 });
  const untagged = generateProject(join(base, "build-untagged"), { count: MODULES, taggedEvery: 0 });
  const m = {
    esbuild: await measure("esbuild", join(base, "build-tagged"), tagged, REPS.esbuild, ["plain", "plugin", "noop", "plugin-warm"]),
    esbuildUntagged: await measure("esbuild", join(base, "build-untagged"), untagged, REPS.esbuild, ["plain", "plugin", "noop"]),
    tspc: await measure("tspc", join(base, "build-tagged"), tagged, REPS.tspc),
    tspcUntagged: await measure("tspc", join(base, "build-untagged"), untagged, REPS.tspcUntagged),
  };
  const row = (what, r, cpuWhat) => ({
    what,
    plain: r.plain,
    plugin: r.plugin,
    ratio: r.plugin / r.plain,
    cpu: `${Math.round(r.plainCpu).toLocaleString("en-US")} → ${Math.round(r.pluginCpu).toLocaleString("en-US")} ms (${(r.pluginCpu / r.plainCpu).toFixed(2)}x) ${cpuWhat}`,
    noop: r.noop,
    warm: r.warm,
    warmRatio: r.warm === undefined ? undefined : r.warm / r.plain,
    load: r.loadMs,
    perFile: ((r.plugin - r.loadMs - r.plain) / MODULES) * 1000,
  });
  const rows = [
    row(`esbuild bundle, ${MODULES} modules, 10% tagged (${tagged.taggedFunctions} functions)`, m.esbuild, "Node side"),
    row(`esbuild bundle, ${MODULES} modules, no tags`, m.esbuildUntagged, "Node side"),
    row(`tspc, ${MODULES} modules, 10% tagged`, m.tspc, "process"),
    row(`tspc, ${MODULES} modules, no tags`, m.tspcUntagged, "process"),
  ];
  return {
    columns: [
      { key: "what", title: "build", align: "left" },
      { key: "plain", title: "without (wall)", format: "ms" },
      { key: "plugin", title: "with logcrest, cold (wall)", format: "ms" },
      { key: "ratio", title: "ratio", format: "ratio" },
      { key: "warm", title: "with logcrest, warm cache", format: "ms" },
      { key: "warmRatio", title: "ratio", format: "ratio" },
      { key: "noop", title: "no-op onLoad plugin", format: "ms" },
      { key: "cpu", title: "CPU without → with", align: "left" },
      { key: "load", title: "plugin load", format: "ms" },
      { key: "perFile", title: "µs per module", format: "ns1" },
    ],
    rows,
    legend:
      `Median of ${REPS.esbuild} (esbuild), ${REPS.tspc} (tspc) and ${REPS.tspcUntagged} (tspc, no tags) alternating runs, each in a fresh process. esbuild is timed from loading the plugin to the end of the build; ` +
      "Cold: the plugin's persistent cache (node_modules/.cache/logcrest) is removed before the run; warm: a rebuild that finds it filled. " +
      "tspc as the whole process. plugin load: `require(\"logcrest/esbuild\")` (tspc loads the transformer inside its own run). " +
      "no-op onLoad plugin: a plugin with the same file filter that returns nothing, the floor of esbuild's per-file round trip to Node. " +
      "µs per module = (with - plugin load - without) / modules: on the untagged project, the per-untagged-file overhead. " +
      "Every run checks its output: modules emitted and instrumented functions counted (0 without logcrest).",
    targets: [
      target("6-esbuild", "esbuild with the plugin ≤ 1.5x plain esbuild (wall, cold cache)", m.esbuild.plugin / m.esbuild.plain, 1.5, {
        detail: `warm-cache rebuild: ${(m.esbuild.warm / m.esbuild.plain).toFixed(2)}x`,
      }),
      target("6-tspc", "tspc with the transformer ≤ 1.15x tspc without (wall)", m.tspc.plugin / m.tspc.plain, 1.15),
    ],
    raw: m,
  };
}
