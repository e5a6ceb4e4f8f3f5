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

/** Longest cleaned label (README: What a tagged call writes). */
const MAX_LABEL = 32;

/**
 * The text of a label value, or "" when it has none: strings, numbers, booleans and BigInts
 * as text; an object only through its own `toString` (a URL, a class's id type). A plain
 * or null-prototype object, a throwing `toString`, a Proxy: no label (README: Tags: the value
 * never changes what the function does).
 */
function labelText(raw: unknown): string {
  switch (typeof raw) {
    case "string":
      return raw;
    case "number":
    case "boolean":
    case "bigint":
      return String(raw);
    case "object":
      break;
    default:
      return "";
  }
  if (raw === null) return "";
  try {
    const toString = (raw as { toString?: unknown }).toString;
    if (typeof toString !== "function" || toString === Object.prototype.toString || Array.isArray(raw)) return "";
    const text: unknown = String(raw);
    return typeof text === "string" ? text : "";
  } catch {
    return "";
  }
}

/**
 * Cleans a flow label (README: Tags): lower-case; runs outside [a-z0-9-] become "-"; runs of "-"
 * collapse; "-" trimmed from both ends; cut to 32 characters; a trailing "-" trimmed again.
 *
 * One pass over the text, stopping once the label is full: labels come from request
 * headers on every HTTP request, where four regex passes over a hostile header cost more
 * than the rest of the flow's start. The rules amount to: the runs of [a-z0-9], joined by
 * single "-", each run added as one slice (not a character at a time: a string per
 * character was most of this function's cost). Text with upper-case or non-ASCII
 * characters is lower-cased first (a few lower-case to ASCII letters, e.g. the Kelvin sign
 * to "k"). Never throws.
 */
export function cleanLabel(raw: unknown): string {
  let text = labelText(raw);
  if (text === "") return "";
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 0x7f) {
      text = text.toLowerCase();
      break;
    }
  }
  const end = text.length;
  let out = "";
  let i = 0;
  while (i < end && out.length <= MAX_LABEL) {
    while (i < end && !isLabelChar(text.charCodeAt(i))) i++;
    const start = i;
    // A run longer than the label can hold is not scanned to its end.
    while (i < end && i - start <= MAX_LABEL && isLabelChar(text.charCodeAt(i))) i++;
    if (i > start) out = out === "" ? text.slice(start, i) : `${out}-${text.slice(start, i)}`;
  }
  if (out.length > MAX_LABEL) {
    out = out.slice(0, MAX_LABEL);
    if (out.endsWith("-")) out = out.slice(0, -1);
  }
  return out;
}

/** [a-z0-9]: what a cleaned label is made of, besides the "-" between runs. */
function isLabelChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/**
 * `@flow checkout labelFrom=orderId`: the static label (already cleaned) and the value read
 * at the call, each cleaned, joined by "-", and the whole cut as one label is (32 characters):
 * `checkout` + `"ORD 42"` → `checkout-ord-42`. An empty value leaves the static label.
 */
export function joinLabels(cleanedStatic: string, dynamic: unknown): string {
  const tail = cleanLabel(dynamic);
  if (cleanedStatic === "") return tail;
  return tail === "" ? cleanedStatic : cleanLabel(`${cleanedStatic}-${tail}`);
}

/** `label-xxxxxxxx`, or the bare hex when the cleaned label is empty. */
export function flowId(cleanedLabel: string, hex: string): string {
  return cleanedLabel === "" ? hex : `${cleanedLabel}-${hex}`;
}
