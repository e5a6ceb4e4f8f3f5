/**
 * The rows clickhouseHandler writes (runtime/clickhouse/rows.ts): a column whose value is
 * its type's default is left out of the JSONEachRow line, and the seconds of a timestamp
 * are cached. Both must store exactly what a row with every column spelled out would: the
 * first is checked against a real clickhouse-server (Debian's 18.16 in CI), which fills
 * the omitted columns itself; the second against Date.parse.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogRecord } from "../runtime/handlers/types";
import { RowWriter } from "../runtime/clickhouse/rows";
import { createStatements, featuresOf, FLOWS_TABLE, RECORDS_TABLE } from "../runtime/clickhouse/schema";

const startClickHouse = async () => (await import("./helpers/clickhouse-server.mjs")).startClickHouse();
type ClickHouseServer = Awaited<ReturnType<typeof startClickHouse>>;

const rec = (fields: Record<string, unknown>): LogRecord => ({ timestamp: "2026-11-25T09:00:00.250Z", level: "INFO", logger: "app", trace_id: "", message: "", ...fields }) as LogRecord;

/** Records that leave many columns at their defaults, and some that set every one. */
const RECORDS: LogRecord[] = [
  rec({ message: "bare" }),
  rec({ message: "zero elapsed is 0, not NULL", function: "f", elapsed_ms: 0 }),
  rec({ message: "no elapsed is NULL", function: "f" }),
  rec({ message: "crash", function: "g", elapsed_ms: 1.25, exception: "Error: x\n  at g", line: 7, file: "a.ts", level: "ERROR" }),
  rec({ message: "ref crash", exception_ref: "abc", span_id: "s1", parent_span_id: "p1", flow_id: "f-1", flow_type: "flow_start" }),
  rec({ message: "extra fields", user: { id: 1 }, tags: ["a"], "odd key\u0000": "v" }),
  rec({ timestamp: "2026-11-25T09:00:00.000Z", level: "WARNING", message: "ms 0", line: -3, elapsed_ms: Number.NaN }),
  rec({ timestamp: undefined, logger: "", message: "" }),
  rec({ flow_type: "flow_end", flow_id: "bare-flow" }),
  rec({
    flow_type: "flow_end",
    flow_id: "full-flow",
    function: "GET /x/:id",
    route: "/x/1",
    flow_status: "failed",
    total_ms: 12.5,
    steps: 2,
    failed_at: "B",
    step: "2/2",
    flow_error: "Error: b",
    trace_id: "t1",
    span_id: "s2",
    parent_span_id: "p2",
    http_status: 500,
    aborted: true,
    file: "x.ts",
    line: 3,
    timeline: [{ fn: "A", ms: 1, status: "ok" }, { fn: "B", ms: 0, status: "failed" }],
    step_offsets_ms: [0.05, 1.1],
    labels: { tenant: "t" },
  }),
  rec({ flow_type: "flow_end", flow_id: "odd-flow", flow_status: "success", total_ms: Number.POSITIVE_INFINITY, timeline: [null, 3, { fn: 5 }], http_status: 70_000 }),
];

/** A column's value when a row leaves it out, by type (the tables declare no DEFAULT expressions). */
function defaultOf(type: string): unknown {
  if (type.startsWith("Nullable(")) return null;
  if (type.startsWith("Array(")) return [];
  if (/^(U?Int|Float)/.test(type)) return 0;
  return "";
}

describe("clickhouse rows: omitted columns and cached seconds", () => {
  let ch: ClickHouseServer;
  beforeAll(async () => {
    ch = await startClickHouse();
    for (const ddl of createStatements("rows_t", featuresOf([18, 16, 1]))) await ch.query(ddl);
  }, 60_000);
  afterAll(async () => {
    await ch?.stop();
  });

  it("every column the server stores equals the line's value, or the type's default where the line left it out", async () => {
    const writer = new RowWriter("host-1", 4242);
    const lines = RECORDS.map((r) => writer.line(r, "svc"));
    expect(lines.every((l) => l !== undefined)).toBe(true);
    const flows = lines.filter((_, i) => RECORDS[i]!.flow_type === "flow_end") as string[];
    const records = lines.filter((_, i) => RECORDS[i]!.flow_type !== "flow_end") as string[];
    // left out, not written as "", 0 or []: the bare record's line holds only what it has
    expect(Object.keys(JSON.parse(records[0]!))).toEqual(["time", "time_ms", "service", "host", "pid", "level", "level_no", "logger", "message"]);
    for (const [table, batch] of [[FLOWS_TABLE, flows], [RECORDS_TABLE, records]] as const) {
      await ch.query(`INSERT INTO rows_t.${table} FORMAT JSONEachRow`, `${batch.join("\n")}\n`);
      const columns = (await ch.rows<{ name: string; type: string }>(`DESCRIBE TABLE rows_t.${table}`)).map((c) => ({ name: c.name, type: c.type }));
      const select = columns.map((c) => (c.name === "time" ? "toUnixTimestamp(time) AS time" : c.name)).join(", ");
      // insertion order: one part, read back in the table's key order, so match on the line itself
      const stored = await ch.rows<Record<string, unknown>>(`SELECT ${select} FROM rows_t.${table}`);
      const expected = batch.map((line) => {
        const sent = JSON.parse(line) as Record<string, unknown>;
        return Object.fromEntries(columns.map((c) => [c.name, c.name in sent ? sent[c.name] : defaultOf(c.type)]));
      });
      const key = (row: Record<string, unknown>) => JSON.stringify([row.message, row.flow_id]);
      expect([...stored].sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual([...expected].sort((a, b) => (key(a) < key(b) ? -1 : 1)));
    }
    const zero = await ch.rows<{ message: string; e: number | null }>(`SELECT message, elapsed_ms AS e FROM rows_t.${RECORDS_TABLE} WHERE message LIKE '%elapsed%' ORDER BY message`);
    expect(zero).toEqual([
      { message: "no elapsed is NULL", e: null },
      { message: "zero elapsed is 0, not NULL", e: 0 },
    ]);
  }, 60_000);
});

describe("clickhouse rows: time columns", () => {
  const timeOf = (writer: RowWriter, timestamp: unknown) => {
    const row = JSON.parse(writer.line(rec({ timestamp }), "svc")!) as { time: number; time_ms?: number };
    return row.time * 1000 + (row.time_ms ?? 0);
  };

  it("equal Date.parse for every timestamp shape, whether the second was seen before or not", () => {
    const writer = new RowWriter("h", 1);
    const base = Date.parse("2026-11-25T09:00:00.000Z");
    const stamps: string[] = [];
    for (let ms = 0; ms < 3000; ms += 7) stamps.push(new Date(base + ms).toISOString());
    stamps.push(
      "2026-11-25T09:00:01Z", // no milliseconds
      "2026-11-25T09:00:01.5Z",
      "2026-11-25T10:00:01.123+01:00", // same second, written with an offset
      "2026-11-25T09:00:01.999Z",
      "1970-01-01T00:00:00.001Z",
      "2026-11-25T09:00:01.12xZ", // not digits: Date.parse decides
      "2026-12-31T23:59:59.999Z",
      "2027-01-01T00:00:00.000Z",
    );
    for (const s of stamps) {
      const parsed = Date.parse(s);
      if (Number.isFinite(parsed)) expect([s, timeOf(writer, s)]).toEqual([s, parsed]);
    }
  });

  it("is now for a missing or unparsable timestamp", () => {
    const writer = new RowWriter("h", 1);
    for (const bad of [undefined, 42, "yesterday", "2026-11-25T09:00:01.12xZ", "-000001-01-01T00:00:00.000Z"]) {
      const before = Date.now();
      const t = timeOf(writer, bad);
      if (typeof bad === "string" && Number.isFinite(Date.parse(bad)) && Date.parse(bad) >= 0) continue;
      expect(t).toBeGreaterThanOrEqual(before - 1000);
      expect(t).toBeLessThanOrEqual(Date.now());
    }
  });
});
