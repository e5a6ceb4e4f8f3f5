// Case 2: the cost of a tagged call whose level is disabled, against the bare function.
import { runChild } from "../lib/child.mjs";
import { CALLS, callArgs, caseScript } from "../lib/config.mjs";
import { buildOurs, buildOursTspc, buildPlainCalls, functionText } from "../lib/build-ours.mjs";
import { pool } from "../lib/pool.mjs";
import { target, unmeasured } from "../lib/targets.mjs";

export const title = "2. Level disabled: compiled in and filtered at run time, or compiled out by minLevel";

const LABELS = {
  plain: "uninstrumented",
  filtered: "`@logcrest debug`, INFO configured (filtered at run time), CommonJS bundle",
  "filtered-esm": "the same, ESM bundle",
  "filtered-tspc": "the same, built by tspc + transformer (CommonJS)",
  stripped: '`@logcrest debug`, built with `minLevel: "info"` (compiled out)',
};

export async function run() {
  const build = await buildOurs();
  const strippedBuild = await buildOurs({ minLevel: "info" });
  const tspcBuild = buildOursTspc();
  const env = {
    LC_BENCH_BUILD: JSON.stringify(build),
    LC_BENCH_BUILD_STRIPPED: JSON.stringify(strippedBuild),
    LC_BENCH_BUILD_TSPC: JSON.stringify(tspcBuild),
  };
  const variants = ["plain", "filtered", "filtered-esm"];
  if (tspcBuild.files) variants.push("filtered-tspc");
  if (strippedBuild.files) variants.push("stripped");
  // A disabled call costs nanoseconds: longer rounds (1,000 turns, ~1-3 ms) keep the
  // per-turn yield and timer reads from dominating a round.
  const turns = CALLS.turns * 20;
  const raw = {};
  for (let p = 0; p < CALLS.processes; p++) {
    for (const v of variants) {
      const r = await runChild(caseScript("disabled.mjs"), [v, ...callArgs({ ...CALLS, turns })], { env });
      (raw[v] ??= []).push(r);
    }
  }
  const stats = Object.fromEntries(variants.map((v) => [v, pool(raw[v])]));
  const plain = stats.plain.nsPerCall;
  const rows = variants.map((v) => ({
    variant: LABELS[v],
    ns: stats[v].nsPerCall,
    over: stats[v].nsPerCall - plain,
    perProcess: stats[v].perProcess.map((x) => x.toFixed(1)).join(" / "),
    noise: stats[v].noisePct,
    written: `${stats[v].written} lines (${stats[v].calls.toLocaleString("en-US")} calls)`,
  }));
  // "Equal" is checked twice: the stripped function's code must be the very code esbuild emits
  // without the plugin, and its time must match the uninstrumented one within the noise.
  let strippedTarget;
  if (stats.stripped) {
    const reference = functionText(await buildPlainCalls(), "quiet");
    const identical = functionText(strippedBuild.files.calls, "quiet") === reference;
    // Same code, so any difference is measurement noise: bound it by the noisier of the two rows.
    const noiseNs = (2 * Math.max(stats.plain.noisePct, stats.stripped.noisePct) * plain) / 100;
    strippedTarget = target(
      "2-stripped",
      "minLevel build equal to uninstrumented (same code; time within 1 ns or 2x the noise)",
      Math.abs(stats.stripped.nsPerCall - plain),
      Math.max(1, noiseNs),
      { unit: "ns", detail: `stripped function ${identical ? "identical to" : "DIFFERENT from"} esbuild's output without the plugin; noise bound ${noiseNs.toFixed(1)} ns` },
    );
    if (!identical) strippedTarget.pass = false;
  } else {
    strippedTarget = unmeasured("2-stripped", "minLevel build equal to uninstrumented", strippedBuild.how);
  }
  return {
    built: `${build.how}; stripped: ${strippedBuild.how}; tspc row: ${tspcBuild.how}`,
    columns: [
      { key: "variant", title: "variant", align: "left" },
      { key: "ns", title: "ns/call", format: "ns1" },
      { key: "over", title: "over uninstrumented (ns)", format: "ns1" },
      { key: "perProcess", title: "per process", align: "left" },
      { key: "noise", title: "noise (MAD)", format: "pct" },
      { key: "written", title: "verified written", align: "left" },
    ],
    rows,
    legend: `Median ns per call over ${CALLS.processes} processes x ${CALLS.rounds} rounds of ${turns} turns x 100 calls; the harness loop and checksum are in every row alike.`,
    targets: [
      target("2-filtered", "disabled level ≤ 5 ns over uninstrumented (CommonJS bundle)", stats.filtered.nsPerCall - plain, 5, { unit: "ns" }),
      target("2-filtered-esm", "disabled level ≤ 5 ns over uninstrumented (ESM bundle)", stats["filtered-esm"].nsPerCall - plain, 5, { unit: "ns" }),
      stats["filtered-tspc"]
        ? target("2-filtered-tspc", "disabled level ≤ 5 ns over uninstrumented (tspc, CommonJS)", stats["filtered-tspc"].nsPerCall - plain, 5, { unit: "ns" })
        : unmeasured("2-filtered-tspc", "disabled level ≤ 5 ns over uninstrumented (tspc, CommonJS)", tspcBuild.how),
      strippedTarget,
    ],
    raw: stats,
  };
}
