/**
 * The fleet store as the CLI's input: the connection (`--clickhouse URL`, `--database`,
 * password from the URL or LOGCREST_CLICKHOUSE_PASSWORD so it need not sit in argv), the
 * common WHERE clause of `--service` / `--since`, and `logcrest_flows` rows as the same
 * `Flow` objects the log files give.
 */
import { InputError } from "./args";
import { type ClickHouseTarget, ClickHouseError, resolveTarget, select } from "../runtime/clickhouse/http";
import { FLOWS_TABLE, RECORDS_TABLE } from "../runtime/clickhouse/schema";
import { type Flow, readTimeline } from "./read-flows";

export interface StoreOptions {
  readonly url: string;
  readonly database?: string;
  readonly service?: string;
  readonly sinceMs?: number;
}

export interface Store {
  readonly target: ClickHouseTarget;
  readonly flows: string;
  readonly records: string;
  /** ` AND ...` for --service and --since (both tables have service, time, time_ms). */
  readonly where: string;
  /** ` AND ...` for --service alone. */
  readonly whereService: string;
  /** ` AND ...` for --since alone. */
  readonly whereSince: string;
  query<T>(sql: string): Promise<T[]>;
}

/** A SQL string literal: backslash and quote escaped (ClickHouse's rules). */
export function sqlString(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** Epoch ms of a row's time: the DateTime seconds and the milliseconds column. */
export const END_MS = "(toUInt64(time) * 1000 + time_ms)";

export function openStore(opts: StoreOptions, env: NodeJS.ProcessEnv): Store {
  let target: ClickHouseTarget;
  try {
    target = resolveTarget({ url: opts.url, database: opts.database, password: env.LOGCREST_CLICKHOUSE_PASSWORD || undefined });
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  const db = `\`${target.database}\``;
  const whereService = opts.service === undefined ? "" : ` AND service = ${sqlString(opts.service)}`;
  let whereSince = "";
  if (opts.sinceMs !== undefined) {
    const ms = Math.max(0, Math.floor(opts.sinceMs));
    // the first condition lets the server skip whole days (partitions) and granules
    whereSince = ` AND time >= toDateTime(${Math.floor(ms / 1000)}) AND ${END_MS} >= ${ms}`;
  }
  const where = whereService + whereSince;
  return {
    target,
    flows: `${db}.${FLOWS_TABLE}`,
    records: `${db}.${RECORDS_TABLE}`,
    where,
    whereService,
    whereSince,
    async query<T>(sql: string): Promise<T[]> {
      try {
        return await select<T>(target, sql);
      } catch (err) {
        if (err instanceof ClickHouseError) {
          if (err.code === 60 || err.code === 81) {
            throw new InputError(`no logcrest tables in database '${target.database}' at ${target.origin} (has clickhouseHandler written there yet?)`);
          }
          throw new InputError(`ClickHouse: ${err.message}`);
        }
        throw err;
      }
    },
  };
}

/** The columns `flowOf` reads. */
export const FLOW_COLUMNS = `flow_id, function, flow_status, ${END_MS} AS end_ms, total_ms, timeline, step_offsets, failed_at, step,
  flow_error, http_status, aborted, trace_id, span_id, parent_span_id, file, line, service`;

export interface FlowRow {
  flow_id: string;
  function: string;
  flow_status: string;
  end_ms: number;
  total_ms: number;
  timeline: string;
  step_offsets: string;
  failed_at: string;
  step: string;
  flow_error: string;
  http_status: number;
  aborted: number;
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  file: string;
  line: number;
  service: string;
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A row as the Flow the log files would give (the start is the end minus total_ms: the store keeps flow_end only). */
export function flowOf(row: FlowRow): Flow {
  return {
    id: row.flow_id,
    name: row.function,
    status: row.flow_status === "failed" ? "failed" : "success",
    startMs: row.end_ms - row.total_ms,
    endMs: row.end_ms,
    totalMs: row.total_ms,
    timeline: readTimeline(parseJson(row.timeline), parseJson(row.step_offsets)),
    failedAt: row.failed_at === "" ? null : row.failed_at,
    step: row.step === "" ? null : row.step,
    error: row.flow_error === "" ? null : row.flow_error,
    httpStatus: row.http_status === 0 ? null : row.http_status,
    aborted: row.aborted === 1,
    traceId: row.trace_id === "" ? null : row.trace_id,
    file: row.file === "" ? null : row.file,
    line: row.line === 0 ? null : row.line,
  };
}
