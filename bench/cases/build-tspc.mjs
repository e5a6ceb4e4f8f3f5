// Case 6, one tspc run: ts-patch's compiler on the generated project, with or without the
// logcrest transformer in tsconfig. Timed as the whole `tspc -p` process (wall time, and its CPU time),
// the way a user's build runs it. Checks every module was emitted and the instrumented
// function count (0 without the transformer).
//
//   node bench/cases/build-tspc.mjs <project dir> <plain|plugin> <expected instrumented> <modules>
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { runCase } from "../lib/harness.mjs";
import { REPO } from "../lib/build-ours.mjs";
import { expectCount } from "../lib/lines.mjs";

const [dir, variant, expectedRaw, modulesRaw] = process.argv.slice(2);
const TSPC = join(REPO, "node_modules/ts-patch/bin/tspc.js");
const CPU_PRELOAD = fileURLToPath(new URL("../lib/cpu-at-exit.cjs", import.meta.url));

runCase(async () => {
  const outDir = join(dir, variant === "plugin" ? "out-plugin" : "out-plain");
  rmSync(outDir, { recursive: true, force: true });
  const t0 = performance.now();
  const cpuOut = join(dir, `cpu-${variant}.json`);
  const r = spawnSync(process.execPath, ["-r", CPU_PRELOAD, TSPC, "-p", join(dir, `tsconfig.${variant}.json`)], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, LC_BENCH_CPU_OUT: cpuOut },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`tspc ${variant} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const files = readdirSync(outDir).filter((f) => f.endsWith(".js"));
  expectCount(`tspc ${variant}: emitted modules (+ index)`, Number(modulesRaw) + 1, files.length);
  let instrumented = 0;
  for (const f of files) instrumented += (readFileSync(join(outDir, f), "utf8").match(/\.enter\(/g) ?? []).length;
  expectCount(`tspc ${variant}: instrumented functions`, variant === "plugin" ? Number(expectedRaw) : 0, instrumented);
  const cpu = JSON.parse(readFileSync(cpuOut, "utf8"));
  return { tool: "tspc", variant, ms, cpuMs: cpu.userMs + cpu.systemMs, instrumented };
});
