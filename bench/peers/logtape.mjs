// LogTape 2: file sink from @logtape/file in non-blocking mode, JSON Lines formatter,
// a contextual logger per call (`logger.with({ trace_id })`), 2x info.
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import { configure, dispose, getLogger, jsonLinesFormatter } from "@logtape/logtape";
import { getFileSink } from "@logtape/file";
import { hex8 } from "../lib/ids.mjs";
import { countFileLines } from "../lib/lines.mjs";
import { FN, FILE, LINE, body, entryMessage, exitMessage } from "../lib/workload.mjs";

export const label = "LogTape 2, file sink (nonBlocking)";

export async function setup({ dir }) {
  const file = join(dir, "logtape.log");
  await configure({
    sinks: { file: getFileSink(file, { nonBlocking: true, formatter: jsonLinesFormatter }) },
    loggers: [
      { category: ["bench"], sinks: ["file"], lowestLevel: "info" },
      { category: ["logtape", "meta"], sinks: [], lowestLevel: "warning" },
    ],
  });
  const logger = getLogger(["bench"]);
  const site = { function: FN, file: FILE, line: LINE };
  // LogTape messages are templates: braces would be placeholders, ours have none.
  const sync = (x) => {
    const log = logger.with({ trace_id: hex8() });
    const t0 = performance.now();
    log.info(entryMessage(true), site);
    const r = body(x);
    const ms = performance.now() - t0;
    log.info(exitMessage(true, ms), { ...site, elapsed_ms: ms });
    return r;
  };
  const async = async (x) => {
    const log = logger.with({ trace_id: hex8() });
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
    close: () => dispose(),
    count: () => countFileLines(file),
  };
}
