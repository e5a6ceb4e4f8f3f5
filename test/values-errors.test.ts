/**
 * Issue 15, errors: `log.error(err)` keeps name, message, stack, the cause chain and an
 * AggregateError's errors, in the same text as a crash record's `exception`; one failure
 * through several tagged frames writes its stack once (later frames: `exception_ref`);
 * `log.exception(message, err)`; a subclass that did not set `name` is named by its class.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { configureValues, DEFAULT_VALUE_CONFIG } from "../runtime/capture";
import { errorName, errorText } from "../runtime/errors";
import { jsonLine, loggerFragment } from "../runtime/format/json";
import { textLine } from "../runtime/format/text";
import { __lc } from "../runtime/generated";
import { log } from "../runtime/log";
import type { Rec } from "../runtime/record";
import { installMemoryPipeline, type MemoryPipeline } from "./helpers/memory-pipeline";

class CardDeclined extends Error {}
class Named extends Error {
  override name = "PaymentError";
}

const $S = __lc.sites("src/pay.ts", [
  ["Gateway.charge", 3, 20, 0],
  ["checkout", 9, 20, 0],
  ["order", 15, 20, 4],
]);

/** A @flow whose own body throws: no crash record of a step has the stack. */
function order(fromStep: boolean): never {
  const $f = __lc.enter($S[2]!);
  try {
    if (fromStep) charge();
    throw new RangeError("quantity over the limit");
  } catch ($e) {
    __lc.fail($f, $e);
    throw $e;
  } finally {
    __lc.exit($f);
  }
}

function charge(): never {
  const $f = __lc.enter($S[0]!);
  try {
    throw new CardDeclined("card declined", { cause: new TypeError("issuer said no") });
  } catch ($e) {
    __lc.fail($f, $e);
    throw $e;
  } finally {
    __lc.exit($f);
  }
}

function checkout(): never {
  const $f = __lc.enter($S[1]!);
  try {
    charge();
  } catch ($e) {
    __lc.fail($f, $e);
    throw $e;
  } finally {
    __lc.exit($f);
  }
}

let mem: MemoryPipeline;
beforeEach(() => {
  mem = installMemoryPipeline();
  configureValues(DEFAULT_VALUE_CONFIG);
});
const json = (r: Rec): Record<string, unknown> => JSON.parse(jsonLine(r, loggerFragment("t"), "t")) as Record<string, unknown>;
const lines = (): Array<Record<string, unknown>> => mem.recs.map(json);

describe("error class names", () => {
  it("a subclass without its own name is named by its class; a set name wins", () => {
    expect(errorName(new CardDeclined("x"))).toBe("CardDeclined");
    expect(errorName(new Named("x"))).toBe("PaymentError");
    expect(errorName(new TypeError("x"))).toBe("TypeError");
    const renamed = new Error("x");
    renamed.name = "Custom";
    expect(errorName(renamed)).toBe("Custom");
    expect(errorText(new CardDeclined("boom")).split("\n")[0]).toBe("CardDeclined: boom");
  });
});

describe("log.error(err)", () => {
  it("an Error as the message: name, message, stack and cause chain in exception", () => {
    const err = new CardDeclined("card declined", { cause: new TypeError("issuer said no", { cause: "timeout" }) });
    log.error(err);
    const r = lines()[0]!;
    expect(r.message).toBe("CardDeclined: card declined");
    const exception = r.exception as string;
    expect(exception.split("\n")[0]).toBe("CardDeclined: card declined");
    expect(exception).toContain("    at ");
    expect(exception).toMatch(/\nCaused by: TypeError: issuer said no\n {4}at /);
    expect(exception).toContain("\nCaused by: NonError: timeout");
  });

  it("an Error as the second argument keeps the message; with log.exception too", () => {
    log.error("payment failed", new Error("boom"));
    log.exception("payment failed again", new RangeError("bad"), { orderId: "ord-42" });
    const [a, b] = lines();
    expect(a).toMatchObject({ level: "ERROR", message: "payment failed" });
    expect((a!.exception as string).split("\n")[0]).toBe("Error: boom");
    expect(b).toMatchObject({ level: "ERROR", message: "payment failed again", orderId: "ord-42" });
    expect((b!.exception as string).split("\n")[0]).toBe("RangeError: bad");
  });

  it("an AggregateError lists its errors, each with its stack", () => {
    log.error(new AggregateError([new Error("a"), new CardDeclined("b")], "all failed"));
    const exception = lines()[0]!.exception as string;
    expect(exception.split("\n")[0]).toBe("AggregateError: all failed");
    expect(exception).toMatch(/\n {2}errors\[0\]: Error: a\n {6}at /);
    expect(exception).toMatch(/\n {2}errors\[1\]: CardDeclined: b\n/);
  });

  it("is captured at the call: a message changed later is not what the record shows", () => {
    const err = new Error("original");
    log.error(err);
    err.message = "changed";
    expect(lines()[0]!.message).toBe("Error: original");
  });

  it("a cause cycle and a hostile error are written as far as they can be read", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(() => log.error(a)).not.toThrow();
    expect(lines()[0]!.exception).toMatch(/Caused by: Error: b[\s\S]*Caused by: \[Circular\] Error: a/);
  });
});

describe("one failure, one stack", () => {
  it("a flow's own throw writes its stack in flow_end; a step's throw is named there", () => {
    expect(() => order(false)).toThrow(RangeError);
    expect(() => order(true)).toThrow(CardDeclined);
    const ends = lines().filter((r) => r.flow_type === "flow_end");
    expect(ends[0]).toMatchObject({ flow_status: "failed", flow_error: "RangeError: quantity over the limit" });
    expect(ends[0]!.exception).toMatch(/^RangeError: quantity over the limit\n {4}at /);
    expect(ends[1]).toMatchObject({ flow_status: "failed", exception_ref: "Gateway.charge" });
    expect(ends[1]).not.toHaveProperty("exception");
  });

  it("the first crash record has the stack; the frames it passes through name that record", () => {
    expect(() => checkout()).toThrow(CardDeclined);
    const [first, second] = lines().filter((r) => r.level === "ERROR");
    expect(first).toMatchObject({ function: "Gateway.charge", message: expect.stringMatching(/crashed after .* \| CardDeclined: card declined$/) });
    expect(first!.exception).toMatch(/^CardDeclined: card declined\n {4}at [\s\S]*\nCaused by: TypeError: issuer said no/);
    expect(first).not.toHaveProperty("exception_ref");
    expect(second).toMatchObject({ function: "checkout", exception: "CardDeclined: card declined", exception_ref: "Gateway.charge" });
    // A later log.error of the same error refers to it too.
    try {
      checkout();
    } catch (err) {
      log.error("checkout failed", err as Error);
    }
    const text = textLine(mem.recs.at(-1)!, "t");
    expect(text).toContain("exception_ref=");
  });
});
