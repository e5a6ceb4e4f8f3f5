// Case 2: a tagged function whose level is below the configured one.
//
//   node bench/cases/disabled.mjs <plain|filtered|filtered-esm|filtered-tspc|stripped>
//
//  plain:    the uninstrumented body;
//  filtered: `@logcrest debug` compiled in, INFO configured: filtered at run time
//            (the CommonJS bundle; filtered-esm: the same from the ESM bundle;
//            filtered-tspc: built by tspc with the transformer, CommonJS);
//  stripped: the same source built with `minLevel: "info"`: compiled out.
// Nothing may be written in any variant; the checksum proves every call ran.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { measureCalls, runCase } from "../lib/harness.mjs";
import { option } from "../lib/args.mjs";
import { expectedChecksum } from "../lib/checksum.mjs";
import { countDirLines, expectCount } from "../lib/lines.mjs";
import { removeDir, scratchDir } from "../lib/scratch.mjs";
import { body } from "../lib/workload.mjs";
import { configureOurs } from "../peers/logcrest.mjs";

const require = createRequire(import.meta.url);
const variant = process.argv[2];
const BUILDS = {
  filtered: "LC_BENCH_BUILD",
  "filtered-esm": "LC_BENCH_BUILD",
  "filtered-tspc": "LC_BENCH_BUILD_TSPC",
  stripped: "LC_BENCH_BUILD_STRIPPED",
};

runCase(async () => {
  const dir = scratchDir(`disabled-${variant}`);
  try {
    let fn = body;
    let lc;
    if (variant !== "plain") {
      if (!(variant in BUILDS)) throw new Error(`unknown variant ${variant}`);
      const build = JSON.parse(process.env[BUILDS[variant]] ?? "null");
      if (build?.files === undefined) throw new Error(`${BUILDS[variant]} is not set: run through bench/run.mjs`);
      lc = configureOurs(dir);
      fn = variant === "filtered-esm" ? (await import(pathToFileURL(build.files.callsEsm).href)).quiet : require(build.files.calls).quiet;
    }
    const m = await measureCalls(fn, { turns: option("turns", 200), rounds: option("rounds", 11), warmupRounds: option("warmup", 3) });
    if (lc) await lc.flush();
    expectCount(`disabled ${variant}: checksum`, expectedChecksum(m.calls), m.checksum);
    const written = countDirLines(dir);
    expectCount(`disabled ${variant}: lines`, 0, written);
    return { variant, ...m, written, unit: "lines" };
  } finally {
    removeDir(dir);
  }
});
