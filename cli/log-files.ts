/**
 * Finding log files and streaming them as JSON records, line by line.
 *
 * Nothing here loads a whole file: a report over 100,000 flows reads gigabytes of
 * success/ records through `readline`, keeping only what the caller aggregates. Lines that
 * are not JSON objects are counted, never thrown, because crashes truncate the last line
 * and humans put odd things in log directories.
 */
import { createReadStream, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface LogFile {
  readonly path: string;
  readonly size: number;
}

/** `20261125_133453_flows.log` (live) or `20261125_133453_flows.log.2` (backup 2). */
const LOG_FILE = /^(.+\.log)(?:\.(\d+))?$/;

/**
 * The log files of one directory (`logs/flows`), oldest first, or `undefined` when the
 * directory does not exist. Stamped names sort chronologically; within one stamp the
 * backups are older than the live file and `.log.3` is older than `.log.1`.
 */
export function listLogFiles(dir: string): LogFile[] | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const found: { base: string; backup: number; path: string }[] = [];
  for (const name of names) {
    const m = LOG_FILE.exec(name);
    if (m === null) continue;
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    found.push({ base: m[1]!, backup: m[2] === undefined ? 0 : Number(m[2]), path });
  }
  found.sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : b.backup - a.backup));
  return found.map((f) => ({ path: f.path, size: statSync(f.path).size }));
}

/** What one file contained, line by line. */
export interface FileScan {
  /** Lines that parsed as a JSON object and went to the callback. */
  objects: number;
  /** Lines that are not a JSON object (truncated, text-mode records, `[1]`, binary junk). */
  garbage: number;
}

/** A file with lines but not one JSON object: written with `json: false`, or not a log. */
export function looksLikeTextFile(scan: FileScan): boolean {
  return scan.objects === 0 && scan.garbage > 0;
}

/**
 * Streams `file`, calling `onObject` for every line that is a JSON object, and `onBytes`
 * with the size of every chunk read (for progress).
 */
export function scanJsonLines(
  file: LogFile,
  onObject: (record: Record<string, unknown>) => void,
  onBytes?: (bytes: number) => void,
): Promise<FileScan> {
  return new Promise((resolve, reject) => {
    const scan: FileScan = { objects: 0, garbage: 0 };
    const stream = createReadStream(file.path);
    if (onBytes !== undefined) stream.on("data", (chunk) => onBytes(chunk.length));
    stream.on("error", reject);
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on("line", (line) => {
      const text = line.trim();
      if (text === "") return;
      // Cheap first test: every JSON record starts with "{"; text-mode lines never do.
      if (text.charCodeAt(0) !== 0x7b) {
        scan.garbage++;
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        scan.garbage++; // counted and reported by the caller, e.g. a line cut by a crash
        return;
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        scan.garbage++;
        return;
      }
      scan.objects++;
      try {
        onObject(value as Record<string, unknown>);
      } catch (err) {
        // A bug in the aggregation, not bad input: stop and surface it.
        lines.close();
        stream.destroy();
        reject(err);
      }
    });
    lines.on("close", () => resolve(scan));
  });
}
