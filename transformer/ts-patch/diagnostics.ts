/**
 * The analysis core's diagnostics as TypeScript diagnostics, so a bad tag is a tsc error
 * with file, line and column, and the build fails (typia's rule: only our own problems
 * become diagnostics; anything else thrown is a bug and propagates).
 */
import type * as ts from "typescript";
import type { Diagnostic } from "../core/plan";

/**
 * tsc prints `error TS<code>`. Our codes are `LC001`..; they map to 920001.. so that a
 * number never collides with TypeScript's own (which stay below 100000).
 */
export const TS_CODE_BASE = 920000;

export function tsCodeFor(code: string): number {
  const n = /^LC(\d+)$/.exec(code);
  return TS_CODE_BASE + (n ? Number(n[1]) : 0);
}

/** A located tsc error for one of the core's diagnostics in `sf`. */
export function toTsDiagnostic(tsi: typeof ts, sf: ts.SourceFile, d: Diagnostic): ts.Diagnostic {
  return {
    file: sf,
    start: d.start,
    length: d.length,
    category: tsi.DiagnosticCategory.Error,
    code: tsCodeFor(d.code),
    source: "logcrest",
    messageText: `[logcrest ${d.code}] ${d.message}`,
  };
}

/** A project-level tsc error (bad plugin options in tsconfig, a failure of the transformer itself). */
export function globalTsDiagnostic(tsi: typeof ts, message: string, sf?: ts.SourceFile): ts.Diagnostic {
  return {
    file: sf,
    start: sf === undefined ? undefined : 0,
    length: sf === undefined ? undefined : 0,
    category: tsi.DiagnosticCategory.Error,
    code: TS_CODE_BASE,
    source: "logcrest",
    messageText: `[logcrest] ${message}`,
  };
}
