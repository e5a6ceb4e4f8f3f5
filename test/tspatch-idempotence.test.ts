/**
 * Idempotence: code the transformer already instrumented (its own JS output, compiled
 * again with allowJs) is left exactly as it is — the transformer hands back the same
 * SourceFile and the emit equals a plugin-less emit — although it still carries the
 * `@logcrest` JSDoc comments. The analysis core recognises our prelude marker.
 */
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { emitInProcess, VIRTUAL_ROOT } from "./helpers/tspc-inprocess";

const SOURCE = `"use strict";
/** @logcrest logResult */
export function add(a: number, b: number): number {
  return a + b;
}

/** @flow labelFrom=0 */
export const run = async (id: string) => add(id.length, 1);

export class C {
  /** @logcrest */
  constructor(readonly x: number) {}
}
`;

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe.each([
  ["ESM", ts.ModuleKind.ESNext],
  ["CommonJS", ts.ModuleKind.CommonJS],
])("a second run over %s output", (_label, module) => {
  it("changes nothing", () => {
    const first = emitInProcess({ "src/a.ts": SOURCE }, { module });
    expect(first.diagnostics.map((d) => d.messageText)).toEqual([]);
    expect(first.unchanged.get(`${VIRTUAL_ROOT}/src/a.ts`)).toBe(false);
    const js = first.outputs.get(`${VIRTUAL_ROOT}/out/src/a.js`)!;
    expect(count(js, ".enter(")).toBe(3);
    expect(js).toContain("/** @logcrest logResult */");

    const options = { module, allowJs: true, outDir: `${VIRTUAL_ROOT}/again` };
    const second = emitInProcess({ "src/a.js": js }, options);
    const plain = emitInProcess({ "src/a.js": js }, options, false);
    expect(second.diagnostics.map((d) => d.messageText)).toEqual([]);
    expect(second.unchanged.get(`${VIRTUAL_ROOT}/src/a.js`)).toBe(true);
    const again = second.outputs.get(`${VIRTUAL_ROOT}/again/src/a.js`)!;
    expect(again).toBe(plain.outputs.get(`${VIRTUAL_ROOT}/again/src/a.js`));
    expect(count(again, ".enter(")).toBe(3);
    expect(count(again, "__lc")).toBe(1);
  });
});

describe("in-process diagnostics", () => {
  it("carry the file, offset and length of the offending word", () => {
    const text = `/** @logcrest info loud */\nexport function f(): void {}\n`;
    const r = emitInProcess({ "src/f.ts": text }, { module: ts.ModuleKind.ESNext });
    const ours = r.diagnostics.filter((d) => d.source === "logcrest");
    expect(ours).toHaveLength(1);
    const d = ours[0]!;
    expect(d.file?.fileName).toBe(`${VIRTUAL_ROOT}/src/f.ts`);
    expect(d.category).toBe(ts.DiagnosticCategory.Error);
    expect(text.slice(d.start!, d.start! + d.length!)).toBe("loud");
    expect(d.messageText).toMatch(/^\[logcrest LC001\] unknown option 'loud'/);
  });
});
