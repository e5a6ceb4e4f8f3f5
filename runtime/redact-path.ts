/**
 * The syntax of a redaction path (issue 15), written once for both sides: `configure({
 * redact })` parses its strings with it at run time (runtime/config.ts), and the transformer
 * parses a tag's `redact=` list with it at build time (transformer/core/tags.ts), so a path
 * means the same wherever it is written. It imports nothing, so the build package carries
 * it alone, as it carries runtime/contract.ts.
 *
 * Paths in pino's style: `password`, `headers.authorization`, `card.number`, `*.token`
 * (`*` is one level, any key or index), `items[0].secret`, `headers["x-api-key"]`.
 */

/** A parsed path: property names (`"*"`: any), and for a tag's paths an argument index first. */
export type RedactPath = readonly (string | number)[];

// `[0]`, `[*]`, `["any text"]`, `['any text']`.
const BRACKETED = String.raw`\[(?:(\d+|\*)|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\]`;
// A bare name runs up to `.` or `[`. In a tag's list it also stops at `,` (the separator)
// and at white space (a tag line is split into words there; keys with either are quoted).
const SEGMENT = new RegExp(String.raw`([^.[\]"']+)|${BRACKETED}`, "y");
const LIST_SEGMENT = new RegExp(String.raw`([^.[\]"',\s]+)|${BRACKETED}`, "y");

/**
 * Reads one path of `text` from `from`, with `segment` (sticky). Stops at the end of the
 * text or at the first character that cannot continue a path; undefined when not even one
 * path could be read (an empty path, `a.`, `a[`, `a..b`).
 */
function readPath(text: string, from: number, segment: RegExp): { path: string[]; end: number } | undefined {
  const path: string[] = [];
  let i = from;
  for (;;) {
    if (path.length > 0) {
      if (text[i] === ".") i++;
      else if (text[i] !== "[") return { path, end: i };
    }
    segment.lastIndex = i;
    const m = segment.exec(text);
    if (m === null) return undefined;
    path.push(m[1] ?? m[2] ?? (m[3] ?? m[4])!.replace(/\\(.)/g, "$1"));
    i = segment.lastIndex;
  }
}

/** `a.b["c-d"][0].*` → `["a", "b", "c-d", "0", "*"]`; undefined when it is not a path. */
export function parseRedactPath(text: string): string[] | undefined {
  if (typeof text !== "string" || text === "") return undefined;
  const r = readPath(text, 0, SEGMENT);
  return r !== undefined && r.end === text.length ? r.path : undefined;
}

/** A tag's comma-separated list: every path, or where the first one that is not a path is. */
export type RedactList =
  | { readonly paths: readonly (readonly string[])[]; readonly starts: readonly number[] }
  | { readonly bad: { readonly start: number; readonly end: number } };

/** `password,card.number` → `[["password"], ["card", "number"]]` with each path's offset in `text`. */
export function parseRedactList(text: string): RedactList {
  const paths: string[][] = [];
  const starts: number[] = [];
  let i = 0;
  for (;;) {
    const r = readPath(text, i, LIST_SEGMENT);
    if (r === undefined || (r.end < text.length && text[r.end] !== ",")) {
      const comma = text.indexOf(",", i);
      return { bad: { start: i, end: comma === -1 ? text.length : comma } };
    }
    paths.push(r.path);
    starts.push(i);
    if (r.end === text.length) return { paths, starts };
    i = r.end + 1;
  }
}
