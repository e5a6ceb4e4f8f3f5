/**
 * The one escaper (runtime/format/escape.ts) for text files, the console, HTTP route names
 * and the CLI: its character set, and properties over any text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeControl, escapeJsonText, isUnsafeCode } from "../runtime/format/escape";
import { formatText } from "../runtime/format/text";
import { formatJson } from "../runtime/format/json";

/** The set the issue names, written out independently of the module under test. */
const SET: number[] = [];
for (let c = 0; c <= 0x1f; c++) SET.push(c);
for (let c = 0x7f; c <= 0x9f; c++) SET.push(c);
SET.push(0x061c, 0x200e, 0x200f, 0x2028, 0x2029);
for (let c = 0x202a; c <= 0x202e; c++) SET.push(c);
for (let c = 0x2066; c <= 0x2069; c++) SET.push(c);
const IN_SET = new Set(SET);
const ANY_UNSAFE = new RegExp(`[${SET.map((c) => `\\u${c.toString(16).padStart(4, "0")}`).join("")}]`);

const hostileUnit = fc.oneof(
  fc.constantFrom(...SET.map((c) => String.fromCharCode(c))),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  fc.constantFrom("\\", '"', "a", " ", "\ud800", "\udc00"),
);
const hostileText = fc.string({ unit: hostileUnit, maxLength: 40 });

describe("the escaper's set", () => {
  it("covers C0, DEL, C1, every bidi control and U+2028/9, and nothing else below U+FFFF", () => {
    const wrong: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isUnsafeCode(c) !== IN_SET.has(c)) wrong.push(c);
    expect(wrong).toEqual([]);
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if ((escapeControl(ch) !== ch) !== IN_SET.has(c)) wrong.push(c);
    }
    expect(wrong).toEqual([]);
  });

  it("escapes each one visibly: \\n \\r \\t, \\xHH up to U+00FF, \\uHHHH above", () => {
    expect(escapeControl("a\nb\rc\td")).toBe("a\\nb\\rc\\td");
    expect(escapeControl("\u001b[2J\u0000\u007f\u0085\u009b")).toBe("\\x1b[2J\\x00\\x7f\\x85\\x9b");
    expect(escapeControl("\u061c\u200e\u200f\u202a\u202e\u2066\u2069\u2028\u2029")).toBe(
      "\\u061c\\u200e\\u200f\\u202a\\u202e\\u2066\\u2069\\u2028\\u2029",
    );
    expect(escapeControl("plain ünïcödé ✓ C:\\path \u00a0")).toBe("plain ünïcödé ✓ C:\\path \u00a0");
  });
});

describe("escapeControl (text files, console, route names, CLI)", () => {
  it("leaves no character of the set, and changes nothing else", () => {
    fc.assert(
      fc.property(hostileText, (s) => {
        const out = escapeControl(s);
        expect(out).not.toMatch(ANY_UNSAFE);
        // Removing every escape sequence we could have written leaves the safe characters, in order.
        const safe = [...s].filter((ch) => ch.length > 1 || !IN_SET.has(ch.charCodeAt(0))).join("");
        if (!/\\/.test(s)) expect(out.replace(/\\(?:[nrt]|x[0-9a-f]{2}|u[0-9a-f]{4})/g, "")).toBe(safe);
      }),
      { numRuns: 3000 },
    );
  });

  it("a text record with hostile data is exactly one line without escape sequences", () => {
    fc.assert(
      fc.property(hostileText, hostileText, (message, value) => {
        const line = formatText({ timestamp: "t", level: "INFO", logger: "l", trace_id: "Global", message, [value]: value });
        expect(line).not.toMatch(ANY_UNSAFE);
        expect(line.split("\n")).toHaveLength(1);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("escapeJsonText (JSON that may reach a terminal)", () => {
  it("stays valid JSON with the same value, with none of the set left raw", () => {
    const json = fc.oneof(fc.jsonValue(), hostileText, fc.dictionary(hostileText, hostileText, { maxKeys: 4 }));
    fc.assert(
      fc.property(json, (v) => {
        const text = escapeJsonText(JSON.stringify(v));
        expect(text).not.toMatch(ANY_UNSAFE);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 3000 },
    );
  });

  it("formatJson (the public JSON formatter) escapes bidi controls and C1", () => {
    const line = formatJson({ timestamp: "t", level: "INFO", message: "pay \u202eredro\u202c now \u009b2J" });
    expect(line).toContain("\\u202e");
    expect(line).toContain("\\u009b");
    expect(JSON.parse(line).message).toBe("pay \u202eredro\u202c now \u009b2J");
  });
});
