// Ours: functions tagged `@logcrest` in bench/src/calls.ts, built by the esbuild plugin
// (bench/lib/build-ours.mjs), writing JSON records to files through the real pipeline.
import { createRequire } from "node:module";
import { countDirLines } from "../lib/lines.mjs";
import { buildOurs } from "../lib/build-ours.mjs";

const require = createRequire(import.meta.url);

export const label = "logcrest @logcrest call (2 records to file)";

/** The built bench modules: passed by the runner in LC_BENCH_BUILD, else built here. */
export async function ourBuild() {
  if (process.env.LC_BENCH_BUILD) return JSON.parse(process.env.LC_BENCH_BUILD);
  return buildOurs();
}

/** Our runtime, configured to write under `dir` with no console and no rotation. */
export function configureOurs(dir, extra = {}) {
  const lc = require("logcrest");
  lc.configure({ dir, console: false, json: true, level: "INFO", maxSize: 0, ...extra });
  return lc;
}

export async function setup({ dir }) {
  const build = await ourBuild();
  const lc = configureOurs(dir);
  const mod = require(build.files.calls);
  return {
    sync: mod.work,
    async: mod.workAsync,
    recordsPerCall: 2,
    meta: { built: build.how },
    flush: () => lc.flush(),
    close: () => lc.flush(),
    count: () => countDirLines(dir),
  };
}
