// Case 12, one start of the generated app (bench/lib/gen-modules.mjs, `app: true`): Node
// runs src/main.ts, which imports every module and then calls each module's `price` once.
// Timed two ways: the app's own `performance.now()` on its first line after the imports
// (process start to every module loaded and evaluated: the startup), and the whole process
// (spawn to exit). Checks every module loaded and every call ran, and counts the records on
// disk: 2 per tagged module under the load hook, none without it.
//
//   node bench/cases/startup.mjs <project dir> <variant> <expected records> <modules>
//
// variant: tsx | strip (no logcrest), or hook-tsx | hook-strip (`--import logcrest/register`
// first) with a cold cache (node_modules/.cache/logcrest removed first), or hook-tsx-warm |
// hook-strip-warm (the cache an earlier run left). The app runs on this process's Node, so
// the part picks the Node version by starting this case with it (strip needs Node >= 22.18).
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { runCase } from "../lib/harness.mjs";
import { countDirLines, expectCount } from "../lib/lines.mjs";
import { removeDir, scratchDir } from "../lib/scratch.mjs";

const [dir, variant, expectedRaw, modulesRaw] = process.argv.slice(2);

const FLAGS = {
  tsx: ["--import", "tsx"],
  strip: [],
  "hook-tsx": ["--import", "logcrest/register", "--import", "tsx"],
  "hook-strip": ["--import", "logcrest/register"],
};

runCase(async () => {
  const base = variant.replace(/-warm$/, "");
  const flags = FLAGS[base];
  if (flags === undefined) throw new Error(`unknown variant ${variant}; one of ${Object.keys(FLAGS).join(", ")} (hook-* also as hook-*-warm)`);
  const hooked = base.startsWith("hook-");
  if (hooked && !variant.endsWith("-warm")) rmSync(join(dir, "node_modules/.cache/logcrest"), { recursive: true, force: true });
  const logs = scratchDir("startup");
  try {
    // Nothing from the bench's own environment may configure the hook or the runtime.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("LOGCREST_") && k !== "NODE_OPTIONS"));
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [...flags, "src/main.ts"], { cwd: dir, encoding: "utf8", env: { ...env, LC_BENCH_LOGS: logs, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 });
    const wallMs = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${variant}: the app failed (${r.status ?? r.signal}):\n${r.stderr}`);
    const line = r.stdout.split("\n").find((l) => l.startsWith("@@app "));
    if (line === undefined) throw new Error(`${variant}: the app printed no result line:\n${r.stdout}\n${r.stderr}`);
    const app = JSON.parse(line.slice("@@app ".length));
    expectCount(`${variant}: modules loaded`, Number(modulesRaw), app.modules);
    expectCount(`${variant}: calls made after the imports`, app.modules, app.called);
    expectCount(`${variant}: records on disk`, hooked ? Number(expectedRaw) : 0, countDirLines(logs));
    return { variant, node: process.version, loadedMs: app.loadedMs, wallMs, modules: app.modules, records: hooked ? Number(expectedRaw) : 0 };
  } finally {
    removeDir(logs);
  }
});
