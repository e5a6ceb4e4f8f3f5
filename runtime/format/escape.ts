/**
 * The one escaper for everything a person reads (README: Values): text files, the console, HTTP
 * route names and the CLI. One record is one line, and user data can neither forge a line,
 * send terminal escape sequences, nor make a line display as something it is not.
 *
 * Escaped (`UNSAFE`):
 *  - C0 controls U+0000-U+001F and DEL U+007F: `\n`, `\r`, `\t`, else `\xHH` (ESC is `\x1b`);
 *  - C1 controls U+0080-U+009F (`\x85` NEL, `\x9b` the one-byte CSI);
 *  - the bidirectional controls U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069
 *    ("Trojan Source"): `\uHHHH`;
 *  - the line and paragraph separators U+2028, U+2029: `\uHHHH`.
 * Backslashes are left as they are, so Windows paths stay readable.
 *
 * `escapeJsonText` is the same set for JSON text: JSON.stringify already escapes C0, and the
 * rest can only occur inside JSON strings, where `\uHHHH` is a valid escape of the same
 * character. The JSON stays valid and parses to the same value.
 */

const SET = "\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";
// One test before any work: most text has nothing to escape.
const UNSAFE = new RegExp(`[${SET}]`);
const UNSAFE_ALL = new RegExp(`[${SET}]`, "g");
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const JSON_UNSAFE_ALL = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Whether one UTF-16 code unit is in the escaped set (for scanners that test per character). */
export function isUnsafeCode(c: number): boolean {
  if (c < 0x20) return true;
  if (c < 0x7f) return false;
  if (c <= 0x9f) return true;
  if (c < 0x061c) return false;
  return (
    c === 0x061c || c === 0x200e || c === 0x200f || c === 0x2028 || c === 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
  );
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}

function replacement(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code === 0x0a) return "\\n";
  if (code === 0x0d) return "\\r";
  if (code === 0x09) return "\\t";
  return code <= 0xff ? "\\x" + hex(code, 2) : "\\u" + hex(code, 4);
}

function jsonReplacement(ch: string): string {
  return "\\u" + hex(ch.charCodeAt(0), 4);
}

/** Text made safe for one terminal or text-file line: `\x1b[31m` shows as text. */
export function escapeControl(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, replacement) : text;
}

/** JSON text (from JSON.stringify) with the rest of the set escaped as `\uHHHH`; same value. */
export function escapeJsonText(json: string): string {
  return JSON_UNSAFE.test(json) ? json.replace(JSON_UNSAFE_ALL, jsonReplacement) : json;
}
