/**
 * Loads log directories into a ClickHouse through a real clickhouseHandler, in this
 * process: every JSON line of flows/, success/ and error/ is handed to the handler as the
 * record the pipeline would give it, then flushed. So the store holds exactly the flows and
 * records the file-based report reads.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { LogRecord } from "../../runtime/handlers/types";
import { clickhouseHandler } from "../../runtime/clickhouse/index";

export async function loadLogDir(opts: { url: string; password: string; database: string; service: string; dir: string }): Promise<number> {
  const handler = clickhouseHandler({ url: opts.url, password: opts.password, database: opts.database, service: opts.service, closeTimeoutMs: 60_000 });
  let n = 0;
  for (const sub of ["flows", "success", "error"]) {
    let names: string[];
    try {
      names = readdirSync(join(opts.dir, sub));
    } catch {
      continue;
    }
    for (const name of names) {
      for (const line of readFileSync(join(opts.dir, sub, name), "utf8").split("\n")) {
        if (!line.startsWith("{")) continue;
        let rec: LogRecord;
        try {
          rec = JSON.parse(line) as LogRecord;
        } catch {
          continue; // the fixtures' deliberately truncated lines
        }
        handler.handle(rec);
        n++;
        if (n % 5000 === 0) handler.endBatch();
      }
    }
  }
  handler.endBatch();
  await handler.close();
  if (handler.droppedRows !== 0) throw new Error(`loading ${opts.dir}: ${handler.droppedRows} rows dropped`);
  return n;
}
