/**
 * Text files (`json: false`) and the console: one record is one line, and user data can
 * neither forge a line nor inject terminal escape sequences.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_VALUE_CONFIG } from "../runtime/capture";
import { useColour, formatConsole } from "../runtime/format/console";
import { escapeControl } from "../runtime/format/escape";
import { formatText } from "../runtime/format/text";
import { ERROR, INFO, WARNING } from "../runtime/levels";
import { K_EXIT, K_FLOW_END } from "../runtime/record";
import { recordObject } from "../runtime/record-object";
import { createPipeline } from "../runtime/create-pipeline";
import type { ResolvedConfig } from "../runtime/config";
import { logFilePaths } from "../runtime/handlers/files";
import { MemoryDriver } from "./helpers/runtime-memory-driver";
import { flowRec, logRec, rec, site } from "./helpers/runtime-recs";

const ESC = "\x1b";

function config(over: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    dir: "/virtual/logs",
    json: false,
    name: "app_logger",
    propagate: false,
    otel: false,
    level: 10,
    maxSize: 0,
    backupCount: 0,
    queueSize: 0,
    ...DEFAULT_VALUE_CONFIG,
    console: true,
    files: true,
    signals: true,
    handlers: [],
    ...over,
  };
}

describe("escapeControl", () => {
  it("escapes CR, LF, ESC, C1 controls, line separators and bidi overrides", () => {
    expect(escapeControl("a\nb\rc\td")).toBe("a\\nb\\rc\\td");
    expect(escapeControl(`${ESC}[31mred`)).toBe("\\x1b[31mred");
    expect(escapeControl("\u0000\u007f")).toBe("\\x00\\x7f");
    expect(escapeControl("\u0085\u009b")).toBe("\\x85\\x9b");
    expect(escapeControl("x\u2028y\u2029z")).toBe("x\\u2028y\\u2029z");
    expect(escapeControl("\u202eevil\u2066")).toBe("\\u202eevil\\u2066");
    expect(escapeControl("plain ünïcödé ✓ C:\\path")).toBe("plain ünïcödé ✓ C:\\path");
  });
});

describe("text layout", () => {
  it("has the documented layout", () => {
    const r = rec({ kind: K_EXIT, traceId: "3a7e2b1f", site: site("OrderService.process", "src/orders.ts", 12), root: true, ms: 1.234 });
    expect(formatText(recordObject(r, "app_logger"))).toBe(
      "2026-11-25T13:34:53.123Z INFO     app_logger [3a7e2b1f] OrderService.process (src/orders.ts:12) - " +
        "[Root] 'OrderService.process' finished in 1.23ms",
    );
  });

  it("fields follow the message, except what the message already says word for word", () => {
    const user = formatText(recordObject(logRec(INFO, "took long", { elapsed_ms: 5, who: "a b" }), "n"));
    expect(user).toMatch(/ - took long \| elapsed_ms=5 \| who="a b"$/);
    const end = flowRec(K_FLOW_END);
    end.ms = 1.5;
    const text = formatText(recordObject(end, "n"));
    expect(text).toBe(
      "2026-11-25T13:34:53.123Z INFO     n [3a7e2b1f] checkout - [Flow End] 'checkout' | flow_id=checkout-3a7e2b1f | success in 1.50ms" +
        " | steps=0 | timeline=[]",
    );
  });

  it("a result or args value the message shows is not printed again as a field (plain words, objects, CR/LF)", () => {
    for (const value of ["crlf", "a\r\nb", 42, { a: [1, "x"] }, null]) {
      const exit = rec({ kind: K_EXIT, site: site("f"), root: true, ms: 1.234, value, hasValue: true });
      const text = formatText(recordObject(exit, "n"));
      expect(text.split("result=")).toHaveLength(2);
      expect(text).toContain(" | result=");
    }
  });

  it("log forging: a message with newlines stays one line in a text file", async () => {
    const driver = new MemoryDriver();
    const p = createPipeline(config({ console: false }), { stamp: "20260101_000000", driver });
    const forged = "login ok\n2026-11-25T00:00:00.000Z CRITICAL app_logger [Global] - admin logged in\r\nmore";
    p.push(logRec(INFO, forged, { user: "x\ny", note: "a\u2028b" }));
    p.push(logRec(WARNING, "second"));
    await p.close();
    const text = driver.text(logFilePaths("/virtual/logs", "20260101_000000").success);
    const lines = text.split("\n").filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("login ok\\n2026-11-25T00:00:00.000Z CRITICAL");
    expect(lines[0]).toContain("\\r\\nmore");
    expect(lines[0]).toContain('user="x\\ny"');
    expect(lines[0]).toContain('note="a\\u2028b"');
    expect(text).not.toMatch(/[\r\u2028]/);
    expect(lines[1]).toContain("WARNING  app_logger [Global] - second");
  });

  it("text files carry no ANSI codes, even for user escapes", async () => {
    const driver = new MemoryDriver();
    const p = createPipeline(config({ console: false }), { stamp: "s", driver });
    p.push(logRec(ERROR, `${ESC}[2J${ESC}]0;pwned\u0007`, { k: `${ESC}[31m` }));
    await p.close();
    const text = driver.text(logFilePaths("/virtual/logs", "s").error);
    expect(text).not.toContain(ESC);
    expect(text).toContain("\\x1b[2J\\x1b]0;pwned\\x07");
  });
});

describe("console", () => {
  it("shows INFO and up on the console, coloured, with user escapes neutralised", async () => {
    const out: string[] = [];
    const p = createPipeline(config({ json: true }), {
      stamp: "s",
      driver: new MemoryDriver(),
      consoleWrite: (t) => out.push(t),
      consoleColour: true,
    });
    p.push(logRec(10, "debug hidden"));
    p.push(logRec(INFO, `hi ${ESC}[31mfake red${ESC}[0m \u009b31m`));
    p.push(logRec(ERROR, "bad"));
    await p.flush();
    const text = out.join("");
    const lines = text.split("\n").filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(text).not.toContain("debug hidden");
    expect(lines[0]).toContain("\x1b[32mINFO    \x1b[0m");
    expect(lines[0]).toContain("hi \\x1b[31mfake red\\x1b[0m \\x9b31m");
    expect(lines[1]).toContain("\x1b[31mERROR   \x1b[0m");
    // The only escape sequences are ours: dim, reset, level colour.
    const sequences = text.match(/\x1b\[[0-9;]*m/g) ?? [];
    expect(new Set(sequences)).toEqual(new Set(["\x1b[2m", "\x1b[0m", "\x1b[32m", "\x1b[31m"]));
    await p.close();
  });

  it("without colour the console line is the text line", () => {
    const record = recordObject(logRec(INFO, "same"), "n");
    expect(formatConsole(record, false)).toBe(formatText(record));
    expect(formatConsole(record, false)).not.toContain(ESC);
  });

  it("console: false writes nothing to the console", async () => {
    const out: string[] = [];
    const p = createPipeline(config({ console: false }), { stamp: "s", driver: new MemoryDriver(), consoleWrite: (t) => out.push(t) });
    p.push(logRec(ERROR, "x"));
    await p.close();
    expect(out).toEqual([]);
  });

  it("honours FORCE_COLOR, NO_COLOR and the TTY", () => {
    expect(useColour({}, true)).toBe(true);
    expect(useColour({}, false)).toBe(false);
    expect(useColour({ TERM: "dumb" }, true)).toBe(false);
    expect(useColour({ NO_COLOR: "1" }, true)).toBe(false);
    expect(useColour({ NO_COLOR: "" }, true)).toBe(true);
    expect(useColour({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(useColour({ FORCE_COLOR: "" }, false)).toBe(true);
    expect(useColour({ FORCE_COLOR: "0" }, true)).toBe(false);
    expect(useColour({ FORCE_COLOR: "false" }, true)).toBe(false);
    expect(useColour({ FORCE_COLOR: "1", NO_COLOR: "1" }, false)).toBe(true);
  });
});
