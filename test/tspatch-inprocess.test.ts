/**
 * Adapter rules that need the compiler in-process: a tagged function that another
 * transformer replaced before ours is a located error (never a silent skip), and module
 * formats without a synchronous `require` (AMD, System) are refused with a diagnostic.
 */
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { emitInProcess, VIRTUAL_ROOT } from "./helpers/tspc-inprocess";

const TAGGED = `/** @logcrest */\nexport function f(): number {\n  return 1;\n}\n`;

/** A `before` transformer that rebuilds every function declaration as a new, position-less node. */
const replaceFunctions: ts.TransformerFactory<ts.SourceFile> = (ctx) => (sf) =>
  ts.visitEachChild(
    sf,
    (node) =>
      ts.isFunctionDeclaration(node)
        ? ctx.factory.createFunctionDeclaration(node.modifiers, node.asteriskToken, node.name, node.typeParameters, node.parameters, node.type, node.body)
        : node,
    ctx,
  );

describe("the ts-patch adapter in-process", () => {
  it("reports a tagged function another transformer replaced", () => {
    const r = emitInProcess({ "src/f.ts": TAGGED }, { module: ts.ModuleKind.ESNext }, {}, [replaceFunctions]);
    const ours = r.diagnostics.filter((d) => d.source === "logcrest");
    expect(ours.map((d) => d.messageText)).toEqual([
      `[logcrest] 'f' could not be instrumented: another transformer replaced it before logcrest ran; put logcrest/transformer first in "plugins"`,
    ]);
    expect(ours[0]!.category).toBe(ts.DiagnosticCategory.Error);
    expect(TAGGED.slice(ours[0]!.start!).startsWith("export function f")).toBe(true);
  });

  it.each([
    ["AMD", ts.ModuleKind.AMD],
    ["System", ts.ModuleKind.System],
  ])("refuses %s output with a diagnostic on the file", (name, module) => {
    const r = emitInProcess({ "src/f.ts": TAGGED }, { module, outFile: undefined });
    const ours = r.diagnostics.filter((d) => d.source === "logcrest");
    expect(ours).toHaveLength(1);
    expect(ours[0]!.file?.fileName).toBe(`${VIRTUAL_ROOT}/src/f.ts`);
    expect(ours[0]!.messageText).toBe(`[logcrest] module kind ${name} is not supported: use CommonJS or ES module output`);
    expect(r.outputs.get(`${VIRTUAL_ROOT}/out/src/f.js`)).not.toContain("_lc");
  });

  it("instruments UMD output with require, which Node runs as CommonJS", () => {
    const r = emitInProcess({ "src/f.ts": TAGGED }, { module: ts.ModuleKind.UMD });
    expect(r.diagnostics.filter((d) => d.source === "logcrest")).toEqual([]);
    expect(r.outputs.get(`${VIRTUAL_ROOT}/out/src/f.js`)).toMatch(/var _lc\$\w+ = require\("logcrest"\)\.__lc;/);
  });
});
