// Records/s into a local ClickHouse through clickhouseHandler: `--records N` flows' worth
// of records handed to the handler as the pipeline would (batches of 8,192, endBatch
// after each), timed until shutdown has every row acknowledged, then counted in the server.
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { runCase } from "../lib/harness.mjs";
import { fleetRecords } from "../lib/fleet-data.mjs";

const require = createRequire(import.meta.url);
const { clickhouseHandler } = require("../../dist/cjs/runtime/clickhouse/index.js");
const { values } = parseArgs({ options: { flows: { type: "string" }, url: { type: "string" }, database: { type: "string" } } });

runCase(async () => {
  const records = [];
  for (const [, , rec] of fleetRecords(Number(values.flows), ["api", "worker"])) records.push(rec);
  // Every record is handed over at once, far faster than the server takes them: the buffer
  // bounds (rows and bytes) are for outages and must not drop here.
  const handler = clickhouseHandler({ url: values.url, database: values.database, closeTimeoutMs: 300_000, maxBufferRows: records.length + 1, maxBufferBytes: 2 ** 31 });
  const t0 = performance.now();
  for (let i = 0; i < records.length; i++) {
    handler.handle(records[i]);
    if (i % 8192 === 8191) {
      handler.endBatch();
      await new Promise((r) => setImmediate(r)); // the pipeline's drain turns
    }
  }
  handler.endBatch();
  const handedMs = performance.now() - t0;
  await handler.close();
  const totalMs = performance.now() - t0;
  const count = async (table) => Number(await (await fetch(`${values.url}/?query=${encodeURIComponent(`SELECT count() FROM ${values.database}.${table}`)}`)).text());
  const stored = (await count("logcrest_flows")) + (await count("logcrest_records"));
  return { records: records.length, stored, dropped: handler.droppedRows, handedMs, totalMs, recordsPerSec: records.length / (totalMs / 1000) };
});
