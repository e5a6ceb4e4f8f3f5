// Every case proves it did the work it claims: after a run, the lines on disk are counted
// and compared with what the run says it wrote. A mismatch throws, and the runner fails.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Number of "\n"-terminated lines in a file (0 when it does not exist). */
export function countFileLines(path) {
  let buf;
  try {
    buf = readFileSync(path);
  } catch (err) {
    if (err.code === "ENOENT") return 0;
    throw err;
  }
  let n = 0;
  let i = -1;
  while ((i = buf.indexOf(10, i + 1)) !== -1) n++;
  return n;
}

/** Lines of every file under `dir` whose name matches `pattern`, recursively. */
export function countDirLines(dir, pattern = /\.log(\.\d+)?$/) {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir);
  } catch (err) {
    if (err.code === "ENOENT") return 0;
    throw err;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) total += countDirLines(path, pattern);
    else if (pattern.test(name)) total += countFileLines(path);
  }
  return total;
}

export class WorkMismatch extends Error {
  constructor(label, expected, actual) {
    super(`${label}: expected ${expected} written, found ${actual}. The run did not do the work it claims.`);
    this.name = "WorkMismatch";
    this.expected = expected;
    this.actual = actual;
  }
}

/** Throws a WorkMismatch unless `actual === expected`. */
export function expectCount(label, expected, actual) {
  if (actual !== expected) throw new WorkMismatch(label, expected, actual);
  return actual;
}

/**
 * Asynchronous writers finish their I/O after their own flush/close resolves (winston) or
 * without any completion signal: poll until the count reaches (or passes) `expected` or
 * stops moving for `quietMs`, then let the caller compare.
 */
export async function settleCount(count, expected, { quietMs = 1500, timeoutMs = 60_000 } = {}) {
  const started = Date.now();
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const n = count();
    // More than expected is final too: the caller's comparison reports it.
    if (n >= expected) return n;
    if (n !== last) {
      last = n;
      lastChange = Date.now();
    }
    if (Date.now() - lastChange > quietMs || Date.now() - started > timeoutMs) return n;
    await new Promise((r) => setTimeout(r, 50));
  }
}
