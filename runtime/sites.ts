/**
 * Site tables: one `Site` per tagged function and per `log.*` call site, built once per
 * module load from the row of literals the transformer emitted. The JSON fragment and the
 * quoted name are made here so no record ever serialises them again.
 */
import { escapeJsonText } from "./format/escape";
import { cleanLabel } from "./ids";
import type { SiteRow } from "./contract";
import type { Site } from "./record";
import type { RedactPath } from "./redact";

export type { SiteRow } from "./contract";

export function makeSite(
  name: string,
  file: string,
  line: number,
  level: number,
  flags: number,
  label?: string,
  redact?: readonly RedactPath[],
): Site {
  const json = escapeJsonText(
    file === ""
      ? `"function":${JSON.stringify(name)}`
      : `"function":${JSON.stringify(name)},"file":${JSON.stringify(file)},"line":${line}`,
  );
  return {
    name,
    file,
    line,
    level,
    flags,
    label: cleanLabel(label),
    json,
    quoted: `'${name}'`,
    nestedFlowWarned: false,
    bytes: undefined,
    redact: Array.isArray(redact) && redact.length > 0 ? redact : undefined,
  };
}

/**
 * Every site a module's table made, shared by every copy of the runtime in the process (like
 * runtime/state.ts) so a table built by one copy is known to another. A WeakSet: `has` runs
 * no user code whatever value it is given (no getter, no Proxy trap), and tables of modules
 * that are gone are not kept alive.
 */
const KEY = Symbol.for("logcrest.sites.v1");
type Holder = { [KEY]?: WeakSet<object> };
const MADE: WeakSet<object> = ((globalThis as Holder)[KEY] ??= new WeakSet<object>());

export function sites(file: string, rows: readonly SiteRow[]): Site[] {
  const table = rows.map((r) => makeSite(r[0], file, r[1], r[2], r[3], r[4], r[5]));
  for (const site of table) MADE.add(site);
  return table;
}

/**
 * The site generated code passed as a `log.*` call's receiver (`log.info.call(SITE, ...)`),
 * or undefined. Only a site a table made is taken: any other receiver (`log` itself in a
 * plain call, an object, a string, a look-alike with the same keys) is never read as one.
 */
export function callSite(value: unknown): Site | undefined {
  return typeof value === "object" && value !== null && MADE.has(value) ? (value as Site) : undefined;
}
