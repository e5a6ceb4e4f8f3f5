/** JSON lines as the byte encoders write them (runtime/format/json-bytes.ts, flow-bytes.ts), and the definition they must equal. */
import { expect } from "vitest";
import { coerce } from "../../runtime/format/coerce";
import { escapeJsonText } from "../../runtime/format/escape";
import type { LineEncoder } from "../../runtime/format/json-bytes";
import type { Rec } from "../../runtime/record";
import { recordObject } from "../../runtime/record-object";

/** The definition every JSON line must equal (docs/ARCHITECTURE.md §3). */
export function definition(r: Rec, loggerName: string): string {
  return escapeJsonText(JSON.stringify(coerce(recordObject(r, loggerName))));
}

/** The encoder's line for `r`, or undefined when it declines. Written at an offset into dirty memory. */
export function encoded(enc: LineEncoder<Rec>, r: Rec): string | undefined {
  const max = enc.measure(r);
  if (max < 0) return undefined;
  const buf = Buffer.alloc(max + 40, 0xee);
  const end = enc.encode(r, buf, 17);
  if (end < 0) return undefined;
  expect(end - 17).toBeLessThanOrEqual(max);
  expect(buf[end]).toBe(0xee); // nothing written past the end it reports
  return buf.toString("utf8", 17, end);
}
