// winston 3: JSON format with timestamp, File transport, a child logger per call carrying
// the trace id, 2x info.
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import winston from "winston";
import { hex8 } from "../lib/ids.mjs";
import { countFileLines } from "../lib/lines.mjs";
import { FN, FILE, LINE, body, entryMessage, exitMessage } from "../lib/workload.mjs";

export const label = "winston 3, File transport";

export async function setup({ dir }) {
  const file = join(dir, "winston.log");
  const transport = new winston.transports.File({ filename: file });
  const logger = winston.createLogger({
    level: "info",
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [transport],
  });
  const site = { function: FN, file: FILE, line: LINE };
  const sync = (x) => {
    const log = logger.child({ trace_id: hex8() });
    const t0 = performance.now();
    log.info(entryMessage(true), site);
    const r = body(x);
    const ms = performance.now() - t0;
    log.info(exitMessage(true, ms), { ...site, elapsed_ms: ms });
    return r;
  };
  const async = async (x) => {
    const log = logger.child({ trace_id: hex8() });
    const t0 = performance.now();
    log.info(entryMessage(true), site);
    await null;
    const r = body(x);
    const ms = performance.now() - t0;
    log.info(exitMessage(true, ms), { ...site, elapsed_ms: ms });
    return r;
  };
  return {
    sync,
    async,
    recordsPerCall: 2,
    close: async () => {
      // winston has no flush, and ending the logger while its stream still holds records
      // for a backed-up transport fails with "write after end": wait until the logger's
      // and the transport's buffers are empty first. The case then awaits the line count.
      while (logger.readableLength > 0 || transport.writableLength > 0 || (transport._dest?.writableLength ?? 0) > 0) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((resolve) => {
        transport.once("finish", resolve);
        logger.end();
      });
    },
    count: () => countFileLines(file),
  };
}
