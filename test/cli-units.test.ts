/** The CLI's small pure helpers: escaping, colour decisions, --since parsing. */
import { describe, expect, it } from "vitest";
import { parseSince, UsageError } from "../cli/args";
import { escapeHtml, embedJson } from "../cli/report-template";
import { escapeControl, safeJson, shouldColor } from "../cli/terminal";

describe("escapeControl", () => {
  it("makes every control character visible text", () => {
    expect(escapeControl("a\u001b[31mb\r\n\t\u0000\u007f\u009b\u202e\u2066c")).toBe("a\\x1b[31mb\\r\\n\\t\\x00\\x7f\\x9b\\u202e\\u2066c");
    expect(escapeControl("plain ü 日本 ✓")).toBe("plain ü 日本 ✓");
    // The same set as every other output: Arabic letter mark and the line separators too.
    expect(escapeControl("a\u061cb\u2028c\u2029d\u200ee")).toBe("a\\u061cb\\u2028c\\u2029d\\u200ee");
  });
  it("safeJson stays valid JSON and round-trips", () => {
    const value = { s: "\u001b\u009b\u202e\u007f" };
    const text = safeJson(value);
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("HTML escaping", () => {
  it("escapes markup and keeps embedded JSON from closing its script", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;");
    const value = { id: "</script><script>alert(1)</script>\u2028<!--" };
    const text = embedJson(value);
    expect(text).not.toMatch(/[<>\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("shouldColor", () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it("follows NO_COLOR, FORCE_COLOR and the TTY", () => {
    expect(shouldColor(tty, {})).toBe(true);
    expect(shouldColor(pipe, {})).toBe(false);
    expect(shouldColor(tty, { NO_COLOR: "1" })).toBe(false);
    expect(shouldColor(tty, { NO_COLOR: "" })).toBe(true); // empty NO_COLOR does not count
    expect(shouldColor(pipe, { FORCE_COLOR: "1" })).toBe(true);
    expect(shouldColor(pipe, { FORCE_COLOR: "" })).toBe(true);
    expect(shouldColor(tty, { FORCE_COLOR: "0" })).toBe(false);
    expect(shouldColor(tty, { FORCE_COLOR: "false" })).toBe(false);
    expect(shouldColor(pipe, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
  });
});

describe("parseSince", () => {
  const now = Date.parse("2026-11-25T12:00:00.000Z");
  it("takes spans back from now and ISO times", () => {
    expect(parseSince("30s", now)).toBe(now - 30_000);
    expect(parseSince("10m", now)).toBe(now - 600_000);
    expect(parseSince("2h", now)).toBe(now - 7_200_000);
    expect(parseSince("1.5h", now)).toBe(now - 5_400_000);
    expect(parseSince("3d", now)).toBe(now - 3 * 86_400_000);
    expect(parseSince("1w", now)).toBe(now - 604_800_000);
    expect(parseSince("500ms", now)).toBe(now - 500);
    expect(parseSince("2026-11-25T11:00:00Z", now)).toBe(Date.parse("2026-11-25T11:00:00Z"));
    expect(parseSince("2026-11-25", now)).toBe(Date.parse("2026-11-25"));
  });
  it("rejects anything else", () => {
    for (const bad of ["", "10", "yesterday", "10 minutes", "-5m", "2026-13-45", "1y"]) {
      expect(() => parseSince(bad, now), bad).toThrow(UsageError);
    }
  });
});
