// Case 6, one esbuild run: bundles <project>/src/index.ts (1,000 modules) with or without
// the logcrest plugin. Timed from before the plugin is loaded to the end of the build, so
// the plugin's own start-up cost counts. Checks the bundle has the expected number of
// instrumented functions (0 without the plugin).
//
//   node bench/cases/build-esbuild.mjs <project dir> <plain|plugin|plugin-warm|noop> <expected instrumented>
//
// plugin: a cold build — the plugin's persistent cache (<project>/node_modules/.cache/logcrest)
// is removed first, so every tagged file is transformed and cached; plugin-warm: the cache
// left by an earlier run is used, as in a rebuild.
// noop: a plugin with the same onLoad filter that returns nothing for every file — the
// floor any JavaScript onLoad plugin pays for esbuild's per-file round trip to Node.
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { runCase } from "../lib/harness.mjs";
import { countInstrumented } from "../lib/build-ours.mjs";
import { expectCount } from "../lib/lines.mjs";

const require = createRequire(import.meta.url);
const [dir, variant, expectedRaw] = process.argv.slice(2);

runCase(async () => {
  const esbuild = require("esbuild");
  const outfile = join(dir, `bundle-${variant}.js`);
  if (variant === "plugin") rmSync(join(dir, "node_modules/.cache/logcrest"), { recursive: true, force: true });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const plugins = [];
  let loadMs = 0;
  if (variant === "plugin" || variant === "plugin-warm") {
    const mod = require("logcrest/esbuild");
    loadMs = performance.now() - t0;
    plugins.push((mod.logcrest ?? mod.default)());
  } else if (variant === "noop") {
    plugins.push({ name: "noop", setup: (b) => b.onLoad({ filter: /\.(?:[cm]?[jt]s|[jt]sx)$/ }, () => undefined) });
  }
  await esbuild.build({
    entryPoints: [join(dir, "src/index.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["logcrest"],
    absWorkingDir: dir,
    plugins,
    logLevel: "error",
  });
  const ms = performance.now() - t0;
  // esbuild's Go workers run in a separate process: this CPU time is the Node side only
  // (plugin load, onLoad callbacks, transforms).
  const cpu = process.cpuUsage(cpu0);
  const expected = variant.startsWith("plugin") ? Number(expectedRaw) : 0;
  expectCount(`esbuild ${variant}: instrumented functions in the bundle`, expected, countInstrumented(outfile));
  return { tool: "esbuild", variant, ms, loadMs, nodeCpuMs: (cpu.user + cpu.system) / 1000, instrumented: expected };
});
