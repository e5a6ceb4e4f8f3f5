// Case 13, one Vite build: bundles <project>/src/index.ts (the generated modules) as an SSR
// build with or without `logcrest/vite`. Timed from before the plugin is loaded to the end
// of the build, so the plugin's own start-up counts (Vite itself is imported first, by both).
// Checks every module is in the output (one `price` function each) and the number of
// instrumented functions (0 without the plugin).
//
//   node bench/cases/build-vite.mjs <project dir> <plain|plugin|plugin-warm> <expected instrumented> <modules>
//
// plugin: a cold build, the plugin's persistent cache (<project>/node_modules/.cache/logcrest)
// removed first; plugin-warm: the cache an earlier run left, as in a rebuild.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { runCase } from "../lib/harness.mjs";
import { countInstrumented } from "../lib/build-ours.mjs";
import { expectCount } from "../lib/lines.mjs";

const require = createRequire(import.meta.url);
const [dir, variant, expectedRaw, modulesRaw] = process.argv.slice(2);

runCase(async () => {
  if (!["plain", "plugin", "plugin-warm"].includes(variant)) throw new Error(`unknown variant ${variant}`);
  const { build } = await import("vite");
  const outDir = join(dir, `vite-${variant}`);
  rmSync(outDir, { recursive: true, force: true });
  if (variant === "plugin") rmSync(join(dir, "node_modules/.cache/logcrest"), { recursive: true, force: true });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const plugins = [];
  let loadMs = 0;
  if (variant !== "plain") {
    const mod = require("logcrest/vite");
    loadMs = performance.now() - t0;
    plugins.push((mod.default ?? mod.logcrest)());
  }
  await build({
    root: dir,
    configFile: false,
    logLevel: "silent",
    plugins,
    build: { ssr: "src/index.ts", outDir, emptyOutDir: true, target: "node20", rollupOptions: { external: [/^logcrest(?:\/|$)/] } },
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const files = readdirSync(outDir, { recursive: true, encoding: "utf8" }).filter((f) => /\.[cm]?js$/.test(f));
  const instrumented = files.reduce((n, f) => n + countInstrumented(join(outDir, f)), 0);
  const modules = files.reduce((n, f) => n + (readFileSync(join(outDir, f), "utf8").match(/function price\d+\(/g) ?? []).length, 0);
  expectCount(`vite ${variant}: modules in the output`, Number(modulesRaw), modules);
  expectCount(`vite ${variant}: instrumented functions in the output`, variant === "plain" ? 0 : Number(expectedRaw), instrumented);
  return { tool: "vite", variant, ms, loadMs, cpuMs: (cpu.user + cpu.system) / 1000, instrumented, files: files.length };
});
