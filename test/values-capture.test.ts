/**
 * Issue 14, values: records show values as they were at the call, bounded, with every cut
 * marked; a `__proto__` key stays data; one throwing getter loses only its own field; a
 * label never makes a tagged function throw. Through the hot core's own entry points (the
 * shape the transformer emits) and the real JSON / text formatters.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureFields, configureValues, DEFAULT_VALUE_CONFIG, type ValueConfig } from "../runtime/capture";
import { consoleLine } from "../runtime/format/console";
import { jsonLine, loggerFragment } from "../runtime/format/json";
import { textLine } from "../runtime/format/text";
import { __lc } from "../runtime/generated";
import { cleanLabel } from "../runtime/ids";
import { log } from "../runtime/log";
import type { Rec } from "../runtime/record";
import { recordObject } from "../runtime/record-object";
import { installMemoryPipeline, type MemoryPipeline } from "./helpers/memory-pipeline";
import { makers } from "./helpers/hostile-values";

const $S = __lc.sites("src/values.ts", [
  ["pay", 3, 20, 1 | 2],
  ["labelled", 9, 20, 4 | 16],
]);

function pay(order: { amount: number; tags?: string[] }): { amount: number } {
  // eslint-disable-next-line prefer-rest-params
  const $f = __lc.enter($S[0]!, arguments);
  try {
    order.amount = Math.round(order.amount); // the function changes its argument
    order.tags?.push("paid");
    return __lc.ret($f, order);
  } catch ($e) {
    __lc.fail($f, $e);
    throw $e;
  } finally {
    __lc.exit($f);
  }
}

function labelled(id: unknown): unknown {
  const $f = __lc.enter($S[1]!, undefined, id);
  try {
    return id;
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
afterEach(() => configureValues(DEFAULT_VALUE_CONFIG));

function limits(over: Partial<ValueConfig>): void {
  configureValues({ ...DEFAULT_VALUE_CONFIG, ...over });
}

const json = (r: Rec): Record<string, unknown> => JSON.parse(jsonLine(r, loggerFragment("t"), "t")) as Record<string, unknown>;
const lines = (): Array<Record<string, unknown>> => mem.recs.map(json);

describe("values as they were at the call", () => {
  it("logArgs shows the argument before the function changed it, logResult the value returned", () => {
    const order = { amount: 10.7, tags: ["new"] };
    const result = pay(order);
    expect(result).toBe(order);
    order.amount = 99; // the caller changes the result after the call
    const [entry, exit] = lines();
    expect(entry).toMatchObject({ args: [{ amount: 10.7, tags: ["new"] }], message: `[Root] Invoking 'pay' | args=[{"amount":10.7,"tags":["new"]}]` });
    expect(exit).toMatchObject({ result: { amount: 11, tags: ["new", "paid"] } });
    expect(exit!.message).toMatch(/ \| result=\{"amount":11,"tags":\["new","paid"\]\}$/);
  });

  it("captureFields (for integrations' fields) is the same snapshot: bounded, redacted, copied", () => {
    configureValues({ ...DEFAULT_VALUE_CONFIG, maxItems: 2, redact: [["token"]] });
    const extra = { token: "t", list: [1, 2, 3] };
    const got = captureFields(extra);
    extra.list.push(4);
    expect(got).toEqual({ token: "[Redacted]", list: [1, 2, "…[+1 items]"] });
    expect(captureFields("not an object")).toBeUndefined();
  });

  it("log.* fields show the value at the call", () => {
    const cart = { items: [1, 2] };
    log.info("cart", { cart });
    cart.items.push(3);
    expect(lines()[0]).toMatchObject({ cart: { items: [1, 2] } });
  });

  it("the message is taken at the call too (an object message as its JSON)", () => {
    const query = Object.assign(Object.create(null), { q: "shoes" }) as Record<string, string>;
    log.info(query);
    query.q = "changed";
    expect(lines()[0]!.message).toBe('{"q":"shoes"}');
  });
});

describe("never a throw into the app", () => {
  it("log.info of a null-prototype object, a throwing toString, a Proxy that throws on every trap", () => {
    expect(() => log.info(makers.nullProto())).not.toThrow();
    expect(() => log.info(makers.throwingToString())).not.toThrow();
    expect(() => log.info(makers.throwingPrimitive())).not.toThrow();
    expect(() => log.info(makers.throwingProxy())).not.toThrow();
    expect(() => log.info("m", makers.throwingProxy() as Record<string, unknown>)).not.toThrow();
    expect(() => log.info(makers.revokedProxy(), makers.revokedProxy() as Record<string, unknown>)).not.toThrow();
    const out = lines();
    expect(out).toHaveLength(6);
    expect(out[0]!.message).toBe('{"id":"42","q":"x"}');
    expect(out[3]!.message).toBe("[Unserializable: Error: trap]");
    expect(out[4]).toMatchObject({ message: "m", logcrest_error: 'fields could not be read: "[Unserializable: Error: trap]"' });
  });

  it("@flow labelFrom on a null-prototype, throwing or Proxy argument returns normally, with no dynamic label", () => {
    for (const make of [makers.nullProto, makers.throwingToString, makers.throwingPrimitive, makers.throwingProxy, makers.revokedProxy]) {
      const v = make();
      expect(labelled(v)).toBe(v);
      expect(cleanLabel(v)).toBe("");
    }
    const flowIds = mem.objects().filter((r) => r.flow_type === "flow_start").map((r) => r.flow_id);
    expect(flowIds).toHaveLength(5);
    for (const id of flowIds) expect(id).toMatch(/^[0-9a-f]{8}$/);
    // A value with its own toString still labels the flow.
    labelled(new URL("https://shop.example/orders/42"));
    expect(mem.objects().at(-1)!.flow_id).toMatch(/^https-shop-example-orders-42-[0-9a-f]{8}$/);
  });
});

describe("bounded records", () => {
  it("a long string is cut and the cut says how much: …[+N chars]", () => {
    limits({ maxValueLength: 100 });
    log.info("big", { body: "x".repeat(10 * 1024 * 1024) });
    expect(lines()[0]!.body).toBe(`${"x".repeat(100)}…[+10485660 chars]`);
  });

  it("items, keys and depth are cut with markers", () => {
    limits({ maxItems: 3, maxKeys: 2, maxDepth: 2 });
    log.info("m", { list: [1, 2, 3, 4, 5], set: new Set([1, 2, 3, 4]) });
    log.info("m", { deep: { x: { y: { z: 1 } } }, keys: { a: 1, b: 2, c: 3, d: 4 } });
    log.info("m", { map: new Map([[1, 1], [2, 2], [3, 3], [4, 4]]) });
    log.info("m", { a: 1, b: 2, c: 3 });
    const [r1, r2, r3, r4] = lines();
    expect(r1).toMatchObject({ list: [1, 2, 3, "…[+2 items]"], set: [1, 2, 3, "…[+1 items]"] });
    expect(r2).toMatchObject({ deep: { x: "[Object]" }, keys: { a: 1, b: 2, "…": "[+2 keys]" } });
    expect(r3!.map).toEqual({ 1: 1, 2: 2, 3: 3, "…": "[+1 keys]" });
    // The fields object is bounded too.
    expect(r4).toMatchObject({ a: 1, b: 2, "…": "[+1 keys]" });
    expect(r4).not.toHaveProperty("c");
  });

  it("a sparse array is walked by its set elements: holes are one marker per run", () => {
    const sparse: number[] = [];
    sparse[0] = 1;
    sparse[9_999_999] = 2;
    log.info("m", { sparse, small: [1, , 3] });
    const r = lines()[0]!;
    expect(r.sparse).toEqual([1, "…[9999998 empty]", 2]);
    expect(r.small).toEqual([1, "…[1 empty]", 3]);
  });

  it("a typed array or Buffer is its numbers, cut like an array (not a copy of the whole buffer)", () => {
    limits({ maxItems: 4 });
    log.info("m", { buf: Buffer.from([1, 2, 3, 4, 5, 6]), u16: new Uint16Array([7, 8]) });
    expect(lines()[0]).toMatchObject({ buf: [1, 2, 3, 4, "…[+2 items]"], u16: [7, 8] });
  });

  it("every record stays under maxRecordSize: many large fields, and escapes that grow the line", () => {
    const fields: Record<string, string> = {};
    for (let i = 0; i < 100; i++) fields[`f${i}`] = "y".repeat(1024 * 1024);
    log.info("many", fields);
    log.info("controls", { c: "\u0001".repeat(200_000) });
    const controls: Record<string, string> = {};
    for (let i = 0; i < 20; i++) controls[`c${i}`] = "\u0001".repeat(16_384); // within the snapshot budget, six times that escaped
    log.info("many controls", controls);
    log.info("x".repeat(5_000_000));
    for (const r of mem.recs) {
      // The console (coloured or not) too: escaping "\u0001" grows it sixfold past the snapshot budget.
      for (const line of [jsonLine(r, loggerFragment("t"), "t"), textLine(r, "t"), consoleLine(r, undefined, "t", false), consoleLine(r, undefined, "t", true)]) {
        expect(Buffer.byteLength(line)).toBeLessThanOrEqual(262144);
        expect(line.length).toBeGreaterThan(1000);
      }
    }
    const many = lines()[0]!;
    expect(Object.keys(many).some((k) => k === "f0")).toBe(true);
    expect(JSON.stringify(many)).toContain("…[+");
  });
});

describe("data integrity", () => {
  it("a __proto__ key in fields is kept as data; handler records have no prototype to inherit from", () => {
    log.info("m", JSON.parse('{"__proto__": {"isAdmin": true}, "user": "eve"}') as Record<string, unknown>);
    const record = mem.objects()[0]!;
    expect(Object.getPrototypeOf(record)).toBe(null);
    expect(record.isAdmin).toBeUndefined();
    expect(Object.keys(record)).toContain("__proto__");
    expect(lines()[0]).toMatchObject({ user: "eve" });
    expect(jsonLine(mem.recs[0]!, loggerFragment("t"), "t")).toContain('"__proto__":{"isAdmin":true}');
  });

  it("one throwing getter loses only its own field", () => {
    log.info("m", makers.throwingGetter() as Record<string, unknown>);
    expect(lines()[0]).toMatchObject({ ok: 1, bad: "[Unserializable: Error: trap]", after: 2 });
    expect(lines()[0]).not.toHaveProperty("logcrest_error");
  });

  it("a user field named like a record key is written as field_<key>", () => {
    log.info("m", { level: "forged", trace_id: "x", message: "y" });
    expect(recordObject(mem.recs[0]!, "t")).toMatchObject({ level: "INFO", field_level: "forged", field_trace_id: "x", field_message: "y" });
  });
});
