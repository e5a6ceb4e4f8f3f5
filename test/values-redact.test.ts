/**
 * Issue 15, redaction (run side): `configure({ redact })` paths in pino's style, applied to
 * fields, `logArgs` arguments and `logResult` values before the record is queued; a tag's
 * `redact=` paths from the site row; the censor configurable; the caller's objects untouched.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { configureValues, DEFAULT_VALUE_CONFIG } from "../runtime/capture";
import { resolveConfig } from "../runtime/config";
import { jsonLine, loggerFragment } from "../runtime/format/json";
import { __lc } from "../runtime/generated";
import { log } from "../runtime/log";
import type { Rec } from "../runtime/record";
import { parseRedactPath } from "../runtime/redact";
import { installMemoryPipeline, type MemoryPipeline } from "./helpers/memory-pipeline";

let mem: MemoryPipeline;
let warnings: string[];

function redact(option: unknown): void {
  warnings = [];
  const config = resolveConfig({ options: { redact: option as string[] }, env: {}, cwd: "/nonexistent", warn: (m) => warnings.push(m) });
  configureValues(config);
}

beforeEach(() => {
  mem = installMemoryPipeline();
  configureValues(DEFAULT_VALUE_CONFIG);
});

const json = (r: Rec): Record<string, unknown> => JSON.parse(jsonLine(r, loggerFragment("t"), "t")) as Record<string, unknown>;
const lines = (): Array<Record<string, unknown>> => mem.recs.map(json);

// Row 6th element: the tag's paths, argument index first (the transformer resolves names).
const $S = __lc.sites("src/login.ts", [
  ["login", 3, 20, 1 | 2],
  ["register", 9, 20, 1, "", [[0, "password"], [1]]],
  ["any", 15, 20, 1, "", [["*", "secret"]]],
]);

function call<T>(i: number, args: unknown[], result: T): T {
  const $f = __lc.enter($S[i]!, args);
  try {
    return __lc.ret($f, result);
  } finally {
    __lc.exit($f);
  }
}

describe("path syntax", () => {
  it("parses names, wildcards, indexes and quoted keys; rejects what is not a path", () => {
    expect(parseRedactPath("password")).toEqual(["password"]);
    expect(parseRedactPath("*.token")).toEqual(["*", "token"]);
    expect(parseRedactPath('headers["x-api-key"]')).toEqual(["headers", "x-api-key"]);
    expect(parseRedactPath("items[0].card[*]")).toEqual(["items", "0", "card", "*"]);
    expect(parseRedactPath("a..b")).toBeUndefined();
    expect(parseRedactPath("")).toBeUndefined();
    expect(parseRedactPath("a[")).toBeUndefined();
  });

  it("a bad path is one clear warning; the good ones still apply", () => {
    redact(["password", "a..b", 42]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/"a\.\.b" is not a path/);
    log.info("m", { password: "x" });
    expect(lines()[0]!.password).toBe("[Redacted]");
  });
});

describe("configure({ redact })", () => {
  it("fields: names, one-level wildcards, nested paths; everything else kept", () => {
    redact(["password", "*.token", "headers.authorization", "card.number"]);
    const fields = {
      password: "hunter2",
      session: { token: "t-1", user: "ann" },
      headers: { authorization: "Bearer x", host: "shop" },
      card: { number: "4111111111111111", exp: "12/30" },
      deep: { session: { token: "kept: two levels down" } },
    };
    log.info("login", fields);
    expect(lines()[0]).toMatchObject({
      password: "[Redacted]",
      session: { token: "[Redacted]", user: "ann" },
      headers: { authorization: "[Redacted]", host: "shop" },
      card: { number: "[Redacted]", exp: "12/30" },
      deep: { session: { token: "kept: two levels down" } },
    });
    // The caller's object is untouched: only the snapshot is censored.
    expect(fields.password).toBe("hunter2");
    expect(fields.card.number).toBe("4111111111111111");
  });

  it("logArgs arguments and logResult values, each as a root; in the message too", () => {
    redact(["password", "card.number"]);
    call(0, [{ user: "ann", password: "hunter2" }, "plain"], { card: { number: "4111", brand: "visa" } });
    const [entry, exit] = lines();
    expect(entry!.args).toEqual([{ user: "ann", password: "[Redacted]" }, "plain"]);
    expect(entry!.message).not.toContain("hunter2");
    expect(exit!.result).toEqual({ card: { number: "[Redacted]", brand: "visa" } });
    expect(exit!.message).not.toContain("4111");
  });

  it("the censor is configurable: { paths, censor }", () => {
    redact({ paths: ["password"], censor: "***" });
    log.info("m", { password: "x" });
    expect(lines()[0]!.password).toBe("***");
  });

  it("Maps and arrays: a wildcard matches any key or index", () => {
    redact(["users.*.password", "byId.*.password"]);
    log.info("m", { users: [{ name: "a", password: "1" }, { name: "b", password: "2" }], byId: new Map([["u1", { password: "3" }]]) });
    expect(lines()[0]).toMatchObject({ users: [{ name: "a", password: "[Redacted]" }, { name: "b", password: "[Redacted]" }], byId: { u1: { password: "[Redacted]" } } });
  });
});

describe("a tag's redact= paths (site row)", () => {
  it("censor the named property of an argument, or a whole argument", () => {
    call(1, [{ email: "a@b", password: "hunter2" }, "secret-token"], undefined);
    expect(lines()[0]!.args).toEqual([{ email: "a@b", password: "[Redacted]" }, "[Redacted]"]);
  });

  it("combine with the configured paths, compiled again when the configuration changes", () => {
    call(1, [{ password: "p", pin: "1" }, "t"], undefined);
    redact(["pin"]);
    call(1, [{ password: "p", pin: "1" }, "t"], undefined);
    const [before, after] = lines().filter((r) => r.args !== undefined);
    expect(before!.args).toEqual([{ password: "[Redacted]", pin: "1" }, "[Redacted]"]);
    expect(after!.args).toEqual([{ password: "[Redacted]", pin: "[Redacted]" }, "[Redacted]"]);
  });

  it('"*" as the first element applies to every argument', () => {
    call(2, [{ secret: 1, a: 1 }, { secret: 2, b: 2 }], undefined);
    expect(lines()[0]!.args).toEqual([{ secret: "[Redacted]", a: 1 }, { secret: "[Redacted]", b: 2 }]);
  });
});
