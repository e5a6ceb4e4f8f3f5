// Case 3: a flow with 10 steps, ours against OpenTelemetry creating the same 11 spans
// (a root span and 10 child spans, each active while it runs).
//
//   node bench/cases/flow.mjs <logcrest|bridge|otel|plain> <sync|async> [--turns 10] [--rounds 11]
//
// `bridge`: ours with `configure({ otel: true })` and the same OpenTelemetry provider as the
// `otel` side registered: the same 11 spans (made by the bridge), plus our 22 records.
//
// Ours writes per flow: flow_start + flow_end in flows/, and each step's entry and exit
// record in success/ (22 lines). OpenTelemetry exports 11 spans.
import { createRequire } from "node:module";
import { join } from "node:path";
import { measureCalls, runCase } from "../lib/harness.mjs";
import { option } from "../lib/args.mjs";
import { expectedChecksum } from "../lib/checksum.mjs";
import { countDirLines, expectCount, settleCount } from "../lib/lines.mjs";
import { removeDir, scratchDir } from "../lib/scratch.mjs";
import { configureOurs, ourBuild } from "../peers/logcrest.mjs";
import { makeTracer } from "../peers/otel.mjs";

const require = createRequire(import.meta.url);
const [who, mode] = process.argv.slice(2);
const flowResult = (x) => (x + 55) & 0xffff;

async function ours(dir, bridged = false) {
  const build = await ourBuild();
  const tracing = bridged ? makeTracer() : undefined;
  const lc = configureOurs(dir, bridged ? { otel: true } : {});
  const mod = require(build.files.flow);
  return {
    fn: mode === "sync" ? mod.checkout : mod.checkoutAsync,
    built: build.how,
    close: async () => {
      await lc.flush();
      if (tracing !== undefined) await tracing.provider.forceFlush();
    },
    verify: async (calls) => {
      if (tracing !== undefined) expectCount("flow bridge: spans exported", calls * 11, tracing.exported.spans);
      expectCount("flow logcrest: flow records (flows/)", calls * 2, await settleCount(() => countDirLines(join(dir, "flows")), calls * 2));
      expectCount("flow logcrest: step records (success/)", calls * 20, countDirLines(join(dir, "success")));
      expectCount("flow logcrest: error records", 0, countDirLines(join(dir, "error")));
      return { written: calls * 22, unit: "lines" };
    },
  };
}

function otel() {
  const { tracer, provider, exported } = makeTracer();
  const steps = Array.from({ length: 10 }, (_, i) => `step${i + 1}`);
  const sync = (x) =>
    tracer.startActiveSpan("checkout", (root) => {
      try {
        let v = x;
        for (let k = 1; k <= 10; k++) {
          v = tracer.startActiveSpan(steps[k - 1], (span) => {
            try {
              return v + k;
            } finally {
              span.end();
            }
          });
        }
        return v & 0xffff;
      } finally {
        root.end();
      }
    });
  const async = (x) =>
    tracer.startActiveSpan("checkout", async (root) => {
      try {
        let v = x;
        for (let k = 1; k <= 10; k++) {
          v = await tracer.startActiveSpan(steps[k - 1], async (span) => {
            try {
              await null;
              return v + k;
            } finally {
              span.end();
            }
          });
        }
        return v & 0xffff;
      } finally {
        root.end();
      }
    });
  return {
    fn: mode === "sync" ? sync : async,
    close: async () => {
      await provider.forceFlush();
      await provider.shutdown();
    },
    verify: async (calls) => {
      expectCount("flow otel: spans exported", calls * 11, exported.spans);
      return { written: exported.spans, unit: "spans exported" };
    },
  };
}

/** The same flow with no instrumentation: what the body itself costs. */
function plain() {
  const step = (v, k) => v + k;
  const astep = async (v, k) => {
    await null;
    return v + k;
  };
  const sync = (x) => {
    let v = x;
    for (let k = 1; k <= 10; k++) v = step(v, k);
    return v & 0xffff;
  };
  const async = async (x) => {
    let v = x;
    for (let k = 1; k <= 10; k++) v = await astep(v, k);
    return v & 0xffff;
  };
  return {
    fn: mode === "sync" ? sync : async,
    close: async () => {},
    verify: async () => ({ written: 0, unit: "lines" }),
  };
}

runCase(async () => {
  if (mode !== "sync" && mode !== "async") throw new Error("usage: flow.mjs <logcrest|bridge|otel|plain> <sync|async>");
  const dir = scratchDir(`flow-${who}`);
  try {
    const side = who === "logcrest" ? await ours(dir) : who === "bridge" ? await ours(dir, true) : who === "otel" ? otel() : who === "plain" ? plain() : undefined;
    if (side === undefined) throw new Error(`unknown side ${who}`);
    const m = await measureCalls(side.fn, {
      isAsync: mode === "async",
      turns: option("turns", 10),
      rounds: option("rounds", 11),
      warmupRounds: option("warmup", 3),
    });
    await side.close();
    expectCount(`flow ${who} ${mode}: checksum`, expectedChecksum(m.calls, 100, flowResult), m.checksum);
    return { who, mode, ...m, ...(await side.verify(m.calls)), built: side.built };
  } finally {
    removeDir(dir);
  }
});
