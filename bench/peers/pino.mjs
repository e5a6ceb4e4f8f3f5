// pino 10: a child logger per call carrying the trace id, 2x info, asynchronous
// destination (sonic-boom, sync: false) — what a pino user writes by hand.
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import pino from "pino";
import { hex8 } from "../lib/ids.mjs";
import { countFileLines } from "../lib/lines.mjs";
import { FN, FILE, LINE, body, entryMessage, exitMessage } from "../lib/workload.mjs";

export const label = "pino 10 child logger, 2x info, async destination";

export async function setup({ dir }) {
  const file = join(dir, "pino.log");
  const dest = pino.destination({ dest: file, sync: false, mkdir: true });
  const logger = pino({ base: undefined }, dest);
  const site = { function: FN, file: FILE, line: LINE };
  const sync = (x) => {
    const log = logger.child({ trace_id: hex8() });
    const t0 = performance.now();
    log.info(site, entryMessage(true));
    const r = body(x);
    const ms = performance.now() - t0;
    log.info({ ...site, elapsed_ms: ms }, exitMessage(true, ms));
    return r;
  };
  const async = async (x) => {
    const log = logger.child({ trace_id: hex8() });
    const t0 = performance.now();
    log.info(site, entryMessage(true));
    await null;
    const r = body(x);
    const ms = performance.now() - t0;
    log.info({ ...site, elapsed_ms: ms }, exitMessage(true, ms));
    return r;
  };
  // A disabled site (case 8): pino's own level check, a debug call on an info logger.
  const disabled = (x) => {
    logger.debug(site, "disabled");
    return body(x);
  };
  return {
    sync,
    async,
    disabled,
    recordsPerCall: 2,
    // Everything logged so far written to the file (sonic-boom's flush waits for the write).
    flush: () => new Promise((resolve, reject) => dest.flush((err) => (err ? reject(err) : resolve()))),
    close: () =>
      new Promise((resolve, reject) => {
        dest.flush((err) => {
          if (err) return reject(err);
          dest.end();
          dest.once("close", resolve);
        });
      }),
    count: () => countFileLines(file),
  };
}
