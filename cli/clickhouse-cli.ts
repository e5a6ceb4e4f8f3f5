/**
 * The `--clickhouse URL` forms of the commands: `report` (clickhouse-report.ts) and
 * `view --trace` (clickhouse-trace.ts), wired to the store's connection.
 */
import { buildStoreReport } from "./clickhouse-report";
import { openStore } from "./clickhouse-source";
import { writeReport } from "./report";

export interface StoreReportOptions {
  readonly url: string;
  readonly database: string | undefined;
  readonly service: string | undefined;
  readonly sinceMs: number | undefined;
  readonly output: string;
  readonly quiet: boolean;
}

export async function runStoreReport(opts: StoreReportOptions, env: NodeJS.ProcessEnv, err: (text: string) => void): Promise<number> {
  const started = process.hrtime.bigint();
  const store = openStore(opts, env);
  const data = await buildStoreReport(store, { slowest: 200, failed: 500 }, { service: opts.service, sinceMs: opts.sinceMs });
  writeReport(data, opts.output, opts.quiet, started, err);
  return 0;
}
