/**
 * The two tables of the fleet store and their DDL, per server version.
 *
 * The names are fixed (`logcrest_flows`, `logcrest_records`): the CLI's report and the
 * checks users write depend on them.
 *
 * Times: Debian's clickhouse-server 18.16 has no DateTime64, so a time is a
 * `DateTime('UTC')` (seconds) plus `time_ms` (0..999). Nested data (a flow's timeline, a
 * record's extra fields) is kept as JSON text, since 18.16 has no JSONExtract*; the steps
 * are also kept as parallel arrays (`step_fn`, `step_ms`, `step_status`), so per-step
 * latency is an ARRAY JOIN instead of JSON parsing at query time.
 *
 * Layout, chosen for the report's queries (cli/clickhouse-report.ts):
 * - PARTITION BY day: `--since 1h` reads today's part only, and retention is
 *   `ALTER TABLE ... DROP PARTITION` per day, without rewriting data.
 * - logcrest_flows ORDER BY (service, function, time): `--service` is a key prefix; the
 *   report groups by function (route templates for HTTP flows), so each group is one
 *   contiguous range; time last, so within a function `--since` skips the older granules.
 * - logcrest_records ORDER BY (service, trace_id, time): the records' main lookups are one
 *   trace (`view --trace`) and the per-function call latency, which scans `function` and
 *   `elapsed_ms` columns whatever the order; a trace's records then sit together.
 *
 * Newer servers (version detected with `SELECT version()`): LowCardinality(String) for
 * the few-valued columns (service, host, function, status, level) and a bloom_filter
 * index on the flows' trace_id. Same columns, same queries, so both kinds of server answer
 * the same report.
 */
export const FLOWS_TABLE = "logcrest_flows";
export const RECORDS_TABLE = "logcrest_records";

export interface ServerFeatures {
  /** LowCardinality(String) without the experimental setting (19.x and later). */
  readonly lowCardinality: boolean;
  /** `INDEX ... TYPE bloom_filter` on MergeTree without experimental settings. */
  readonly bloomFilter: boolean;
}

/** What a server of this version can do beyond 18.16. */
export function featuresOf(version: readonly [number, number, number]): ServerFeatures {
  const [major, minor] = version;
  const atLeast = (a: number, b: number) => major > a || (major === a && minor >= b);
  return { lowCardinality: atLeast(19, 9), bloomFilter: atLeast(20, 3) };
}

export function createStatements(database: string, f: ServerFeatures): string[] {
  const few = f.lowCardinality ? "LowCardinality(String)" : "String";
  const db = `\`${database}\``;
  const traceIndex = f.bloomFilter ? ",\n  INDEX trace_idx trace_id TYPE bloom_filter GRANULARITY 4" : "";
  const statements: string[] = [];
  if (database !== "default") statements.push(`CREATE DATABASE IF NOT EXISTS ${db}`);
  statements.push(`CREATE TABLE IF NOT EXISTS ${db}.${FLOWS_TABLE} (
  time DateTime('UTC'),
  time_ms UInt16,
  service ${few},
  host ${few},
  pid UInt32,
  flow_id String,
  function ${few},
  route String,
  flow_status ${few},
  failed UInt8,
  total_ms Float64,
  steps UInt32,
  failed_at String,
  step String,
  flow_error String,
  trace_id String,
  span_id String,
  parent_span_id String,
  http_status UInt16,
  aborted UInt8,
  file String,
  line UInt32,
  timeline String,
  step_offsets String,
  step_fn Array(String),
  step_ms Array(Float64),
  step_status Array(String),
  fields String${traceIndex}
) ENGINE = MergeTree
PARTITION BY toDate(time)
ORDER BY (service, function, time)`);
  statements.push(`CREATE TABLE IF NOT EXISTS ${db}.${RECORDS_TABLE} (
  time DateTime('UTC'),
  time_ms UInt16,
  service ${few},
  host ${few},
  pid UInt32,
  level ${few},
  level_no UInt8,
  logger ${few},
  trace_id String,
  span_id String,
  parent_span_id String,
  flow_id String,
  flow_type ${few},
  function String,
  file String,
  line UInt32,
  message String,
  elapsed_ms Nullable(Float64),
  crashed UInt8,
  exception String,
  fields String
) ENGINE = MergeTree
PARTITION BY toDate(time)
ORDER BY (service, trace_id, time)`);
  return statements;
}
