/**
 * Random 8-hex ids for traces and flows.
 *
 * One `randomFillSync` per 1,024 ids instead of one per id: crypto calls cost microseconds,
 * a table lookup costs nanoseconds, and ids are made on every root call.
 */
import { randomFillSync } from "node:crypto";

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const pool = new Uint8Array(4096);
let pos = pool.length;

export function hex8(): string {
  if (pos === pool.length) {
    randomFillSync(pool);
    pos = 0;
  }
  const id = HEX[pool[pos]!]! + HEX[pool[pos + 1]!]! + HEX[pool[pos + 2]!]! + HEX[pool[pos + 3]!]!;
  pos += 4;
  return id;
}

/**
 * Cleans a flow label (SPEC §4): lower-case; runs outside [a-z0-9-] become "-"; runs of "-"
 * collapse; "-" trimmed from both ends; cut to 32 characters; a trailing "-" trimmed again.
 */
export function cleanLabel(raw: unknown): string {
  if (raw === undefined || raw === null) return "";
  const text = typeof raw === "string" ? raw : String(raw);
  if (text === "") return "";
  let out = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
  if (out.length > 32) out = out.slice(0, 32).replace(/-+$/, "");
  return out;
}

/** `label-xxxxxxxx`, or the bare hex when the cleaned label is empty. */
export function flowId(cleanedLabel: string, hex: string): string {
  return cleanedLabel === "" ? hex : `${cleanedLabel}-${hex}`;
}
