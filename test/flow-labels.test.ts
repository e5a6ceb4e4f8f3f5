/**
 * `@flow checkout labelFrom=orderId` (SPEC §4): the static label and the value read at the
 * call, each cleaned, joined, the whole bounded as one label. Property tests over any
 * static label and any value; fixtures/flow-label-from runs it through both build paths.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanLabel, joinLabels } from "../runtime/ids";

const CLEAN = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/;
const value = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.integer(), fc.double(), fc.constant(undefined), fc.constant(null), fc.constant(""));

/** The README's rules as four regex passes: what cleanLabel's single pass must equal. */
function readmeClean(text: string): string {
  const cleaned = text.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-+|-+$/g, "");
  return cleaned.slice(0, 32).replace(/-+$/, "");
}

describe("cleanLabel", () => {
  it("is the README's rules, for any text: request ids, method and path, upper case, non-ASCII, long runs", () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: "grapheme" }),
      fc.string({ unit: fc.constantFrom("a", "Z", "9", "-", " ", "/", "_", "K", "\u212a", "İ", "é"), maxLength: 80 }),
      fc.constantFrom("GET /orders/42", "3F2504E0-4F89-11D3-9A0C-0305E82C3301", "x".repeat(100), "--a--b--", `${"a".repeat(31)}-b`, `${"a".repeat(32)}-b`),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(cleanLabel(t)).toBe(readmeClean(t));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("static label + labelFrom", () => {
  it("examples", () => {
    expect(joinLabels(cleanLabel("checkout"), "ord-42")).toBe("checkout-ord-42");
    expect(joinLabels(cleanLabel("checkout"), "ORD 42")).toBe("checkout-ord-42");
    expect(joinLabels(cleanLabel("checkout"), "")).toBe("checkout");
    expect(joinLabels(cleanLabel("checkout"), undefined)).toBe("checkout");
    expect(joinLabels(cleanLabel("checkout"), 7)).toBe("checkout-7");
    expect(joinLabels("", "GET /orders/42")).toBe("get-orders-42");
    expect(joinLabels(cleanLabel("checkout"), "x".repeat(50))).toBe(`checkout-${"x".repeat(23)}`);
    expect(joinLabels(cleanLabel("checkout"), "-- !")).toBe("checkout");
  });

  it("is always a clean label of at most 32 characters", () => {
    fc.assert(
      fc.property(fc.string(), value, (label, dynamic) => {
        const out = joinLabels(cleanLabel(label), dynamic);
        expect(out.length).toBeLessThanOrEqual(32);
        expect(out).toMatch(CLEAN);
        // Cleaning it again changes nothing: it is a finished label.
        expect(cleanLabel(out)).toBe(out);
      }),
    );
  });

  it("keeps both parts whole when they fit, and the static part first otherwise", () => {
    fc.assert(
      fc.property(fc.string(), value, (label, dynamic) => {
        const head = cleanLabel(label);
        const tail = cleanLabel(dynamic);
        const out = joinLabels(head, dynamic);
        if (head === "") expect(out).toBe(tail);
        else if (tail === "") expect(out).toBe(head);
        else if (head.length + 1 + tail.length <= 32) expect(out).toBe(`${head}-${tail}`);
        else expect(`${head}-${tail}`.startsWith(out)).toBe(true);
      }),
    );
  });
});
