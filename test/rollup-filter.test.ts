/**
 * `logcrest/rollup` and `logcrest/vite` declare a transform hook filter so that Rolldown (and
 * so Vite 8) never calls into JavaScript for a module the byte scan would pass over. The
 * filter must admit every text the byte scan admits, or a tagged file would silently go
 * uninstrumented.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import logcrest from "../adapters/rollup";
import { mayNeedTransform } from "../transformer/core/gate";

const plugin = logcrest({ cache: false });
const filter = plugin.transform.filter.code;

describe("the transform hook filter", () => {
  it("admits every text the byte scan admits", () => {
    const pieces = fc.constantFrom("@logcrest", "@flow", "logcrest", "log.info(", "log", "import { log as L } from ", '"logcrest"', "L.warn(", "/** ", " */", "\n", "flow", "@", "x");
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 12 }), (parts) => {
        const text = parts.join("");
        if (mayNeedTransform(text)) expect(filter.test(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("passes over a module that names neither a tag nor logcrest", () => {
    expect(filter.test('export function price(n: number) { return n * 2 }\nconsole.log("flow of goods")\n')).toBe(false);
    expect(filter.test("/** @flow checkout */\nexport function checkout() {}\n")).toBe(true);
    expect(filter.test('import { log } from "logcrest";\nlog.info("x");\n')).toBe(true);
  });
});
