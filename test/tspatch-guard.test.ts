/**
 * The TypeScript version guard of `logcrest/transformer`: TS 5.x and 6.x run; TypeScript 7
 * (native compiler, no transformer API) and anything unknown fail loudly, pointing to the
 * esbuild plugin.
 */
import * as ts from "typescript";
import { describe, expect, it } from "vitest";
import logcrestTransformer from "../transformer/ts-patch/index";
import { assertSupportedTypeScript, UnsupportedTypeScriptError } from "../transformer/ts-patch/guard";

/** A TypeScript module object that only differs from the real one in its version. */
function fakeTs(version: string): typeof ts {
  return { ...ts, version } as typeof ts;
}

function programFor(): ts.Program {
  return ts.createProgram({ rootNames: [], options: {} });
}

describe("TypeScript version guard", () => {
  it("accepts TypeScript 5.0 to 6.x", () => {
    for (const v of ["5.0.2", "5.4.5", "5.9.3", "6.0.3", "6.7.0-dev.20270101"]) {
      expect(() => assertSupportedTypeScript(v), v).not.toThrow();
    }
  });

  it("rejects TypeScript 7 with a message pointing to logcrest/esbuild", () => {
    const program = programFor();
    let thrown: unknown;
    try {
      logcrestTransformer(program, {}, { ts: fakeTs("7.0.0"), addDiagnostic: () => 0 });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UnsupportedTypeScriptError);
    const message = (thrown as Error).message;
    expect(message).toContain("TypeScript 7.0.0");
    expect(message).toContain("no transformer API");
    expect(message).toContain("logcrest/esbuild");
    expect((thrown as UnsupportedTypeScriptError).code).toBe("LC_TS_VERSION");
  });

  it("rejects versions older than 5.0 and unparseable ones", () => {
    for (const v of ["4.9.5", "3.9.0", "", "next", "8.0.0"]) {
      expect(() => assertSupportedTypeScript(v), v).toThrow(UnsupportedTypeScriptError);
    }
    expect(() => assertSupportedTypeScript("4.9.5")).toThrow(/supports TypeScript 5\.0 to 6\.x.*logcrest\/esbuild/);
  });

  it("runs with the TypeScript in node_modules (6.x)", () => {
    const factory = logcrestTransformer(programFor(), {}, { ts, addDiagnostic: () => 0 });
    expect(typeof factory.before).toBe("function");
    expect(Object.keys(factory)).toEqual(["before"]);
  });

  it("says how to configure it when ts-patch passes no extras (a non-default plugin type)", () => {
    expect(() => logcrestTransformer(programFor(), {}, undefined)).toThrow(/without "type"/);
  });
});
