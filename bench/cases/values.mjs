// Values part (issue 14/15): the caller's cost of taking values at the call, and the
// memory bound.
//
//   node bench/cases/values.mjs <variant>
//
//   args-off, args-on, args-primitive   a tagged call without / with logArgs (an order
//                                       object of 4 lines; two primitives)
//   args-redact                         logArgs with configure({ redact: [3 paths] })
//   args-tag-redact                     logArgs with the tag's redact= path (if the build supports it)
//   fields, fields-redact               log.info("order", { order }) without / with redaction
//   error                               log.error("failed", err): the error's text taken at the call
//   memory                              100 log.info calls each with a fresh 10 MB string field,
//                                       in one burst: peak RSS and the heap after a collection
//   sparse                              one logArgs call with a sparse array of length 1e7
import { performance } from "node:perf_hooks";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { measureCalls, runCase } from "../lib/harness.mjs";
import { option } from "../lib/args.mjs";
import { REPO, loadPlugin } from "../lib/build-ours.mjs";
import { countDirLines } from "../lib/lines.mjs";
import { removeDir, scratchDir } from "../lib/scratch.mjs";
import { configureOurs } from "../peers/logcrest.mjs";

const require = createRequire(import.meta.url);
const variant = process.argv[2];
const REDACT = ["customer.password", "*.email", "order.customer.password"];

async function build() {
  const esbuild = require("esbuild");
  const factory = loadPlugin();
  if (factory === undefined) throw new Error("logcrest/esbuild is not built: npm run build");
  const outdir = join(REPO, ".tmp/bench/values");
  mkdirSync(outdir, { recursive: true });
  const one = async (name) => {
    const outfile = join(outdir, `${name}.cjs`);
    await esbuild.build({ entryPoints: [join(REPO, `bench/src/${name}.ts`)], outfile, bundle: true, platform: "node", format: "cjs", target: "node20", external: ["logcrest"], absWorkingDir: REPO, plugins: [factory({})], logLevel: "silent" });
    return require(outfile);
  };
  const mod = await one("values");
  let tagged;
  try {
    tagged = await one("values-tag-redact");
  } catch (err) {
    // A transformer from before `redact=` refuses the option (LC001): measure without the
    // tag, and the table says so. Any other failure is a failure.
    if (!err?.errors?.some((e) => /^LC001: unknown option 'redact=/.test(e.text))) throw err;
    tagged = undefined;
  }
  return { mod: { ...mod, argsTagRedact: tagged?.argsTagRedact ?? mod.argsOn }, tagRedact: tagged !== undefined };
}

function order(i) {
  return {
    id: `ord-${i}`,
    qty: i % 7,
    customer: { name: "Ann Example", email: "ann@example.com", password: "hunter2" },
    lines: [
      { sku: "A-1", price: 9.99 },
      { sku: "B-2", price: 19.5 },
      { sku: "C-3", price: 4.25 },
      { sku: "D-4", price: 100 },
    ],
  };
}

runCase(async () => {
  const dir = scratchDir(`values-${variant}`);
  try {
    const redacted = variant.endsWith("-redact") && variant !== "args-tag-redact";
    const lc = configureOurs(dir, redacted ? { redact: REDACT } : {});
    if (variant === "memory") {
      lc.log.info("warm-up");
      await lc.flush();
      const rss0 = process.memoryUsage.rss();
      const t0 = performance.now();
      for (let i = 0; i < option("records", 100); i++) lc.log.info("big", { i, body: String(i % 10).repeat(10 * 1024 * 1024) });
      const burstMs = performance.now() - t0;
      await lc.flush();
      globalThis.gc?.();
      return { variant, burstMs, rssBefore: rss0, peakRss: process.resourceUsage().maxRSS * 1024, heapAfterGc: process.memoryUsage().heapUsed, written: countDirLines(dir) };
    }
    if (variant === "sparse") {
      const { mod } = await build();
      const sparse = [];
      sparse[0] = 1;
      sparse[9_999_999] = 2;
      const t0 = performance.now();
      mod.argsOn({ qty: 1, sparse });
      const callMs = performance.now() - t0;
      await lc.flush();
      return { variant, callMs, written: countDirLines(dir) };
    }
    const orders = Array.from({ length: 100 }, (_, i) => order(i));
    let fn;
    let tagRedact = true;
    if (variant === "fields" || variant === "fields-redact") {
      fn = (i) => {
        lc.log.info("order", { order: orders[i] });
        return i;
      };
    } else if (variant === "error") {
      const errors = Array.from({ length: 100 }, (_, i) => new Error(`payment ${i} failed`, { cause: new TypeError("declined") }));
      fn = (i) => {
        lc.log.error("failed", errors[i]);
        return i;
      };
    } else {
      const built = await build();
      tagRedact = built.tagRedact;
      const m = built.mod;
      const f = { "args-off": m.argsOff, "args-on": m.argsOn, "args-redact": m.argsOn, "args-tag-redact": m.argsTagRedact, "args-primitive": null }[variant];
      if (variant === "args-primitive") fn = (i) => m.argsPrimitive(i % 7, orders[i].id);
      else if (f === undefined) throw new Error(`unknown variant ${variant}`);
      else fn = (i) => f(orders[i]);
    }
    const m = await measureCalls(fn, { turns: option("turns", 50), rounds: option("rounds", 11), warmupRounds: option("warmup", 3) });
    await lc.flush();
    return { variant, tagRedact, ...m, written: countDirLines(dir), unit: "lines" };
  } finally {
    removeDir(dir);
  }
});
