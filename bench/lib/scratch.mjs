// Scratch directories for what cases write: under the OS temp dir (same disk as the
// repository on these machines), removed when the case ends.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function scratchDir(prefix) {
  return mkdtempSync(join(tmpdir(), `lc-bench-${prefix}-`));
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}
