// Values part (issues 14, 15): what taking values at the call costs the caller (logArgs
// off and on, redaction, fields, an Error), and that memory stays bounded for any input.
import { runChild } from "../lib/child.mjs";
import { CALLS, callArgs, caseScript } from "../lib/config.mjs";
import { pool } from "../lib/pool.mjs";
import { fmt } from "../lib/table.mjs";

export const title = "9. Values at the call: capture, redaction, errors, bounded memory";

const LABELS = {
  "args-off": "tagged call, logArgs off (entry + exit records)",
  "args-on": "the same with logArgs: an order object (4 lines) snapshotted",
  "args-primitive": "logArgs with two primitives (no copy)",
  "args-redact": "logArgs + configure({ redact: 3 paths })",
  "args-tag-redact": "logArgs + the tag's redact= path",
  fields: 'log.info("order", { order }): fields snapshotted',
  "fields-redact": "the same + configure({ redact: 3 paths })",
  error: 'log.error("failed", err): stack and cause taken at the call',
};

export async function run() {
  const variants = Object.keys(LABELS);
  const raw = {};
  for (let p = 0; p < CALLS.processes; p++) {
    for (const v of variants) (raw[v] ??= []).push(await runChild(caseScript("values.mjs"), [v, ...callArgs()]));
  }
  const stats = Object.fromEntries(variants.map((v) => [v, pool(raw[v])]));
  const off = stats["args-off"].nsPerCall;
  const rows = variants.map((v) => ({
    variant: LABELS[v] + (v === "args-tag-redact" && raw[v][0].tagRedact === false ? " (tag not supported by this build: measured without it)" : ""),
    ns: stats[v].nsPerCall,
    over: v.startsWith("args") ? stats[v].nsPerCall - off : undefined,
    busy: stats[v].busyNsPerCall,
    noise: stats[v].noisePct,
  }));
  const memory = await runChild(caseScript("values.mjs"), ["memory"], { nodeArgs: ["--expose-gc"] });
  const sparse = await runChild(caseScript("values.mjs"), ["sparse"]);
  return {
    tables: [
      {
        caption: "Caller's cost (ns per call, median of rounds)",
        columns: [
          { key: "variant", title: "variant", align: "left" },
          { key: "ns", title: "ns/call", format: "ns" },
          { key: "over", title: "over logArgs off", format: "ns" },
          { key: "busy", title: "busy ns/call", format: "ns" },
          { key: "noise", title: "noise %", format: "pct" },
        ],
        rows,
      },
      {
        caption: "Memory: 100 records each with a fresh 10 MB string, in one burst (default caps)",
        columns: [
          { key: "what", title: "measure", align: "left" },
          { key: "value", title: "value", align: "left" },
        ],
        rows: [
          { what: "burst (100 calls)", value: `${memory.burstMs.toFixed(1)} ms` },
          { what: "peak RSS", value: `${(memory.peakRss / 1048576).toFixed(0)} MiB (before: ${(memory.rssBefore / 1048576).toFixed(0)} MiB)` },
          { what: "heap after flush + GC", value: `${(memory.heapAfterGc / 1048576).toFixed(1)} MiB` },
          { what: "lines written", value: fmt.int(memory.written) },
          { what: "one logArgs call with a sparse array of 1e7", value: `${sparse.callMs.toFixed(2)} ms` },
        ],
      },
    ],
    memory,
    sparse,
  };
}
