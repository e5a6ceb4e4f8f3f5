/**
 * Site tables: one `Site` per tagged function, built once per module load from the row of
 * literals the transformer emitted. The JSON fragment and the quoted name are made here so
 * no record ever serialises them again.
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

export function sites(file: string, rows: readonly SiteRow[]): Site[] {
  return rows.map((r) => makeSite(r[0], file, r[1], r[2], r[3], r[4], r[5]));
}
