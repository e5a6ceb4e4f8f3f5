/**
 * Code generation rules that hold for every file: no added line breaks, idempotency,
 * collision-free names, prelude placement, and a source map that maps every original
 * character back to itself.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { describe, expect, it } from "vitest";
import { pickNames } from "../transformer/core/prelude";
import { decodeMappings, encodeMappings, type RawSourceMap } from "../transformer/text/input-map";
import { transform } from "../transformer/text/transform";
import { FIXTURES_DIR, listFixturesSync } from "../fixtures/runner";

const ROOT = path.join(FIXTURES_DIR, "..");
const inputs = listFixturesSync().map((name) => {
  const file = path.join(FIXTURES_DIR, name, "input.ts");
  return { name, file, text: readFileSync(file, "utf8") };
});

function lines(text: string): string[] {
  return text.split("\n");
}

/** Every mapped output character is the original character it maps to; returns the covered original offsets. */
function checkMap(out: string, original: string, map: RawSourceMap): Set<string> {
  const outLines = lines(out);
  const inLines = lines(original);
  const covered = new Set<string>();
  decodeMappings(map.mappings).forEach((segments, genLine) => {
    for (const seg of segments) {
      if (seg.length < 4) continue;
      const [genCol, , line, col] = seg as [number, number, number, number];
      const o = outLines[genLine]![genCol];
      const i = inLines[line]![col];
      if (o !== i) throw new Error(`output ${genLine + 1}:${genCol} '${o}' maps to input ${line + 1}:${col} '${i}'`);
      covered.add(`${line}:${col}`);
    }
  });
  return covered;
}

describe("codegen over every fixture", () => {
  for (const { name, file, text } of inputs) {
    it(`${name}: same line count, every original line's text kept in order, idempotent`, () => {
      const r = transform(text, file, { root: ROOT });
      expect(r.diagnostics).toEqual([]);
      expect(r.code).not.toBe(text);
      expect(lines(r.code)).toHaveLength(lines(text).length);
      // Insertions only: removing nothing means each original line is a subsequence of its output line.
      lines(text).forEach((line, i) => {
        let at = 0;
        const outLine = lines(r.code)[i]!;
        for (const ch of line) {
          at = outLine.indexOf(ch, at);
          expect(at, `line ${i + 1} lost '${ch}'`).toBeGreaterThanOrEqual(0);
          at++;
        }
      });
      const again = transform(r.code, file, { root: ROOT });
      expect(again.code).toBe(r.code);
      expect(again.map).toBeUndefined();
    });

    it(`${name}: the source map maps every original non-space character back to itself`, () => {
      const r = transform(text, file, { root: ROOT });
      const covered = checkMap(r.code, text, r.map!);
      expect(r.map!.sources).toEqual(["input.ts"]);
      lines(text).forEach((line, li) => {
        for (let c = 0; c < line.length; c++) {
          if (line[c] !== " ") expect(covered.has(`${li}:${c}`), `input ${li + 1}:${c + 1} unmapped`).toBe(true);
        }
      });
    });
  }
});

describe("names and prelude", () => {
  it("generated names avoid every identifier in the file (probing past a taken suffix)", () => {
    const file = "/p/a.ts";
    // names are seeded by the project-relative path
    const first = pickNames("", "a.ts");
    const suffix = first.runtime.slice("_lc".length);
    const text = `const taken${suffix} = 1;\n/** @logcrest */ function f() { return taken${suffix} }`;
    const second = pickNames(text, "a.ts");
    expect(second.runtime).not.toBe(first.runtime);
    const r = transform(text, file, { root: "/p" });
    expect(r.code).toContain(second.runtime);
    expect(r.code).not.toContain(first.runtime + " ");
  });

  it("goes on the first line after a shebang and the directive prologue, adding no line", () => {
    const text = '#!/usr/bin/env node\n"use strict"\n/** @logcrest */\nexport function f() {}\n';
    const r = transform(text, "/p/a.ts", { root: "/p" });
    const out = lines(r.code);
    expect(out[0]).toBe("#!/usr/bin/env node");
    expect(out[1]).toMatch(/^"use strict";import \{ __lc as _lc\$\w+ \} from "logcrest"; var /);
    expect(out[2]).toBe("/** @logcrest */");
    expect(out).toHaveLength(lines(text).length);
  });

  it("CommonJS files get require(); ES modules and plain TS get import", () => {
    const cjs = transform("const x = require('x');\n/** @logcrest */ function f() {}\nmodule.exports = f;", "/p/a.js", { root: "/p" });
    expect(cjs.code).toMatch(/^var _lc\$\w+ = require\("logcrest"\)\.__lc;/);
    const cjsExt = transform("/** @logcrest */ function f() {}", "/p/a.cjs", { root: "/p" });
    expect(cjsExt.code).toMatch(/^var _lc\$\w+ = require\("logcrest"\)/);
    const esm = transform("/** @logcrest */ function f() {}", "/p/a.ts", { root: "/p" });
    expect(esm.code).toMatch(/^import \{ __lc as /);
  });

  it("the site table rows carry name, line, level, flags and the static label", () => {
    const r = transform("/** @flow Checkout logArgs level=warn */\nasync function c(a) {}\n/** @flow labelFrom=a */ function d(a) {}", "/p/src/a.ts", { root: "/p" });
    expect(r.code).toContain(`.sites("src/a.ts", [["c",2,30,13,"Checkout"], ["d",3,20,20]])`);
  });

  it("output is valid TypeScript for esbuild, for every fixture", async () => {
    for (const { file, text } of inputs) {
      const r = transform(text, file, { root: ROOT });
      await esbuild.transform(r.code, { loader: "ts", format: "esm" });
    }
  });
});

describe("input source maps", () => {
  it("a file that already carries an inline map is mapped through it to the real source", async () => {
    const original = "const pad = 1;\n\n/** @logcrest */\nexport function f(x: number): number {\n  return x + pad;\n}\n";
    // An earlier step added two banner lines and left an inline map (character-exact) to real.ts.
    const body = lines(original).map((l, li) => Array.from(l, (_c, c) => [c, 0, li, c] as [number, number, number, number]));
    const map = { version: 3, sources: ["real.ts"], names: [], mappings: encodeMappings([[], [], ...body]) };
    const compiled = {
      code: `// banner 1\n// banner 2\n${original}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`,
    };
    const r = transform(compiled.code, "/p/compiled.js", { root: "/p" });
    expect(r.diagnostics).toEqual([]);
    expect(r.map!.sources).toEqual(["real.ts"]);
    // `return` in the output maps to `return` in the real source (line 5).
    const outLines = lines(r.code);
    const retLine = outLines.findIndex((l) => l.includes("return x"));
    const retCol = outLines[retLine]!.indexOf("return x");
    const seg = decodeMappings(r.map!.mappings)[retLine]!.find((s) => s[0] === retCol);
    expect(seg).toBeDefined();
    expect([seg![2], seg![3]]).toEqual([4, 2]);
    expect(r.code).not.toContain("sourceMappingURL");
  });
});

describe("names with line terminators", () => {
  // V8 numbers stack-trace lines at U+2028/U+2029 too, and JSON.stringify leaves them raw:
  // a name copied into the one-line prelude must not add a line (SEMANTICS.md rule 19).
  const terminators = (text: string): number => (text.match(/\r\n|[\n\r\u2028\u2029]/g) ?? []).length;
  it("a method named by a string with U+2028/U+2029 keeps every line where it was", () => {
    const file = path.join(ROOT, "src", "terminators.ts");
    const text = 'export class K {\n  /** @logcrest */\n  "a\u2028b"(): number { return 1 }\n  /** @flow "x\u2029y" */\n  f(): number { return 2 }\n}\n';
    const r = transform(text, file, { root: ROOT });
    expect(r.diagnostics).toEqual([]);
    expect(r.code).toContain("\\u2028");
    expect(terminators(r.code)).toBe(terminators(text));
  });
});
