/**
 * The fixpoint of the transform (issue 17): our own output, analyzed again with the prelude
 * marker check out of the way, is refused function by function for a stated reason (LC010),
 * never instrumented a second time. The marker check (SEMANTICS.md rule 23) stays the
 * first line of defence; this is the one behind it.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR, listFixturesSync } from "../fixtures/runner";
import { analyze } from "../transformer/core/analyze";
import { Code } from "../transformer/core/plan";
import { transform } from "../transformer/text/transform";

const ROOT = path.join(FIXTURES_DIR, "..");

describe("a transform of our own output", () => {
  for (const name of listFixturesSync()) {
    it(`${name}: every instrumented function is refused with LC010, none planned again`, () => {
      const file = path.join(FIXTURES_DIR, name, "input.ts");
      const source = readFileSync(file, "utf8");
      const first = analyze(source, file, { root: ROOT });
      const out = transform(source, file, { root: ROOT });
      expect(out.diagnostics).toEqual([]);
      const again = analyze(out.code, file, { root: ROOT });
      expect(again.plans).toEqual([]);
      // One refusal per instrumented function. LC010 names the reason; a tag our insertion
      // moved away from its function (`return /** @logcrest */ $lc.ret($f, () => ...)`) is
      // LC008, a tag on no function: refused as well, never instrumented twice.
      expect(again.diagnostics).toHaveLength(first.plans.length);
      for (const d of again.diagnostics) expect([Code.AlreadyInstrumented, Code.NotAFunction]).toContain(d.code);
      const refusedAsOurs = again.diagnostics.filter((d) => d.code === Code.AlreadyInstrumented);
      expect(refusedAsOurs.length).toBeGreaterThan(0);
      for (const d of refusedAsOurs) expect(d.message).toContain("already instrumented by logcrest");
    });
  }

  it("an untouched function next to an instrumented one is still planned", () => {
    const file = path.join(ROOT, "src", "mixed.ts");
    const out = transform(`/** @logcrest */\nexport function a() { return 1 }\n`, file, { root: ROOT });
    const again = analyze(`${out.code}/** @logcrest */\nexport function b() { return 2 }\n`, file, { root: ROOT });
    expect(again.plans.map((p) => p.name)).toEqual(["b"]);
    expect(again.diagnostics.map((d) => [d.code, d.line])).toEqual([[Code.AlreadyInstrumented, 1]]);
  });
});
