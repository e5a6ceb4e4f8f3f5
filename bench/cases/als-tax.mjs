// Case 5: what LogCrest costs *uninstrumented* awaits elsewhere in the app. Once an
// AsyncLocalStorage is in use, Node 20 tracks every promise; our storage is created on
// the first root only, so an app that loads LogCrest but never runs instrumented code
// should pay nothing.
//
//   node bench/cases/als-tax.mjs <none|loaded|after|inside>
//
//  none:   LogCrest never loaded (the baseline);
//  loaded: LogCrest loaded and configured, no instrumented code run yet;
//  after:  a sync and an async instrumented root have run and returned (outside any trace);
//  inside: the awaits run inside an active trace (an async `@logcrest` root).
// Measured: an uninstrumented `async` function called and awaited, ns per await.
import { createRequire } from "node:module";
import { measureCalls, runCase } from "../lib/harness.mjs";
import { option } from "../lib/args.mjs";
import { expectedChecksum } from "../lib/checksum.mjs";
import { countDirLines, expectCount } from "../lib/lines.mjs";
import { removeDir, scratchDir } from "../lib/scratch.mjs";
import { body } from "../lib/workload.mjs";

const require = createRequire(import.meta.url);
const mode = process.argv[2];
const EXPECTED_LINES = { none: 0, loaded: 0, after: 4, inside: 2 };

async function leaf(x) {
  return body(x);
}

runCase(async () => {
  if (!(mode in EXPECTED_LINES)) throw new Error(`unknown mode ${mode}`);
  const dir = scratchDir(`als-${mode}`);
  try {
    const opts = { isAsync: true, turns: option("turns", 50), rounds: option("rounds", 11), warmupRounds: option("warmup", 3) };
    let m;
    let lc;
    let alsCreated;
    if (mode === "none") {
      m = await measureCalls(leaf, opts);
    } else {
      const build = JSON.parse(process.env.LC_BENCH_BUILD ?? "null");
      if (build?.files === undefined) throw new Error("LC_BENCH_BUILD is not set: run through bench/run.mjs");
      lc = require("logcrest");
      lc.configure({ dir, console: false, maxSize: 0 });
      const mod = require(build.files.calls);
      if (mode === "after") {
        mod.work(1);
        await mod.workAsync(1);
      }
      m = mode === "inside" ? await mod.insideTrace(() => measureCalls(leaf, opts)) : await measureCalls(leaf, opts);
      alsCreated = globalThis[Symbol.for("logcrest.runtime.v1")]?.als !== undefined;
      await lc.flush();
    }
    expectCount(`als ${mode}: checksum`, expectedChecksum(m.calls), m.checksum);
    expectCount(`als ${mode}: lines`, EXPECTED_LINES[mode], countDirLines(dir));
    if (mode === "loaded" && alsCreated) throw new Error("als loaded: an AsyncLocalStorage exists before any instrumented code ran");
    return { mode, node: process.version, alsCreated, ...m, written: EXPECTED_LINES[mode], unit: "lines" };
  } finally {
    removeDir(dir);
  }
});
