/**
 * Records as the integrations really write them: the runtime is configured to write JSON
 * files into a temporary directory, and tests read `flows/`, `success/` and `error/` back.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LogcrestOptions } from "../../runtime/config";
import { configure, flush, shutdown } from "../../runtime/lifecycle";

export type Obj = Record<string, any>;

export interface LogDir {
  readonly dir: string;
  /** Every record written so far, per folder, flushed first. Lines are checked to be JSON. */
  read(): Promise<{ flows: Obj[]; success: Obj[]; error: Obj[]; rawFlows: string }>;
  /** The flow_start and flow_end records of one flow, waiting until its flow_end is written. */
  flow(id: string): Promise<{ starts: Obj[]; ends: Obj[]; end: Obj }>;
  /** Waits until `predicate` holds over the flow records. */
  waitFlows(predicate: (flows: Obj[]) => boolean, what: string): Promise<Obj[]>;
  /** Every non-flow record of the flow's trace. */
  traceRecords(traceId: string): Promise<Obj[]>;
  remove(): Promise<void>;
}

function readFolder(dir: string): string {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return ""; // nothing written there yet
    throw err;
  }
  return names
    .filter((n) => n.endsWith(".log"))
    .map((n) => readFileSync(join(dir, n), "utf8"))
    .join("");
}

function parseLines(text: string): Obj[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Obj);
}

/** `extra`: more configuration, e.g. `maxSize: 0` where a test writes more than one file holds. */
export function useLogDir(extra: LogcrestOptions = {}): LogDir {
  const dir = mkdtempSync(join(tmpdir(), "logcrest-http-"));
  configure({ dir, console: false, json: true, level: "debug", ...extra });
  const read = async () => {
    await flush();
    const rawFlows = readFolder(join(dir, "flows"));
    return {
      flows: parseLines(rawFlows),
      success: parseLines(readFolder(join(dir, "success"))),
      error: parseLines(readFolder(join(dir, "error"))),
      rawFlows,
    };
  };
  const waitFlows = async (predicate: (flows: Obj[]) => boolean, what: string) => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const { flows } = await read();
      if (predicate(flows)) return flows;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    dir,
    read,
    waitFlows,
    async flow(id) {
      const flows = await waitFlows((f) => f.some((r) => r.flow_id === id && r.flow_type === "flow_end"), `flow_end of ${id}`);
      const mine = flows.filter((r) => r.flow_id === id);
      const starts = mine.filter((r) => r.flow_type === "flow_start");
      const ends = mine.filter((r) => r.flow_type === "flow_end");
      return { starts, ends, end: ends[0]! };
    },
    async traceRecords(traceId) {
      const { success, error } = await read();
      return [...success, ...error].filter((r) => r.trace_id === traceId);
    },
    async remove() {
      await shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A log directory for the whole test file, plus every process warning emitted meanwhile
 * (nested flows, refused fields). Call at the top level of a test file.
 */
export function useLogDirAndWarnings(beforeAll: (fn: () => void) => void, afterAll: (fn: () => Promise<void>) => void): {
  logs: () => LogDir;
  warnings: Array<Error & { code?: string }>;
} {
  let logs: LogDir | undefined;
  const warnings: Array<Error & { code?: string }> = [];
  const onWarning = (w: Error): void => void warnings.push(w);
  beforeAll(() => {
    logs = useLogDir();
    process.on("warning", onWarning);
  });
  afterAll(async () => {
    process.off("warning", onWarning);
    await logs?.remove();
  });
  return { logs: () => logs!, warnings };
}
