/**
 * The hot core through tagged functions built by the real text emitter (so the code under
 * test is exactly what the transformer emits, docs/ARCHITECTURE.md §1): trace roots and
 * nesting, context propagation, disabled levels, errors, logResult/logArgs.
 */
import { EventEmitter } from "node:events";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { currentTraceId } from "../runtime/context";
import { log } from "../runtime/log";
import { instrumented } from "./helpers/instrumented";
import { installMemoryPipeline, type MemoryPipeline } from "./helpers/memory-pipeline";

/** Tagged functions, built by the real emitter (test/helpers/instrumented.ts). */
const SOURCE = `import { currentTraceId, log } from "logcrest";
import type { EventEmitter } from "node:events";
/** @logcrest */
export function outer(x: number): number {
  return inner(x) + 1;
}
/** @logcrest */
export function inner(x: number): number {
  log.info("inside inner");
  return x * 2;
}
/** @logcrest */
export async function asyncOuter(ms: number): Promise<[string | undefined, string | undefined]> {
  const mine = currentTraceId();
  const theirs = await asyncInner(ms);
  return [mine, theirs];
}
/** @logcrest */
export async function asyncInner(ms: number): Promise<string | undefined> {
  await new Promise((r) => setTimeout(r, ms));
  return currentTraceId();
}
/** @logcrest */
export function secret(password: string): boolean {
  return password.length > 3;
}
/** @logcrest logArgs logResult */
export function open(a: number, b: number): number {
  return a + b;
}
/** @logcrest */
export function boom(value: unknown): never {
  throw value;
}
/** @logcrest debug */
export function quiet(): number {
  return 7;
}
/** @logcrest */
export function starter(emitter: EventEmitter, seen: Array<string | undefined>, done: () => void): string | undefined {
  setTimeout(() => {
    seen.push(currentTraceId());
    emitter.emit("go");
  }, 5);
  Promise.resolve().then(() => seen.push(currentTraceId()));
  emitter.on("go", () => {
    seen.push(currentTraceId());
    done();
  });
  return currentTraceId();
}
`;

interface Demo {
  outer(x: number): number;
  inner(x: number): number;
  asyncOuter(ms: number): Promise<[string | undefined, string | undefined]>;
  asyncInner(ms: number): Promise<string | undefined>;
  secret(password: string): boolean;
  open(a: number, b: number): number;
  boom(value: unknown): never;
  quiet(): number;
  starter(emitter: EventEmitter, seen: Array<string | undefined>, done: () => void): string | undefined;
}

let built: Awaited<ReturnType<typeof instrumented<Demo>>>;
let outer: Demo["outer"], asyncOuter: Demo["asyncOuter"], asyncInner: Demo["asyncInner"], secret: Demo["secret"];
let open: Demo["open"], boom: Demo["boom"], quiet: Demo["quiet"], starter: Demo["starter"];
beforeAll(async () => {
  built = await instrumented<Demo>("core-trace-demo", SOURCE);
  ({ outer, asyncOuter, asyncInner, secret, open, boom, quiet, starter } = built.module);
});

let mem: MemoryPipeline;
beforeEach(() => {
  mem = installMemoryPipeline();
});

describe("trace roots and nesting", () => {
  it("a root opens a trace that nested calls and log.* share, then closes it", () => {
    expect(outer(4)).toBe(9);
    const recs = mem.objects();
    expect(recs.map((r) => r.message)).toEqual([
      "[Root] Invoking 'outer'",
      "[Nested] Invoking 'inner'",
      "inside inner",
      expect.stringMatching(/^\[Nested\] 'inner' finished in \d+\.\d\dms$/),
      expect.stringMatching(/^\[Root\] 'outer' finished in \d+\.\d\dms$/),
    ]);
    const trace = recs[0]!.trace_id as string;
    expect(trace).toMatch(/^[0-9a-f]{8}$/);
    expect(new Set(recs.map((r) => r.trace_id))).toEqual(new Set([trace]));
    expect(recs[0]).toMatchObject({ function: "outer", file: built.file, line: built.lineOf("function outer("), level: "INFO" });
    expect(typeof recs[4]!.elapsed_ms).toBe("number");
    // the context is gone after the root returns
    expect(currentTraceId()).toBeUndefined();
    log.info("after");
    expect(mem.objects().at(-1)!.trace_id).toBe("Global");
  });

  it("two calls in a row are two different roots", () => {
    outer(1);
    outer(2);
    const roots = mem.objects().filter((r) => r.message === "[Root] Invoking 'outer'");
    expect(roots).toHaveLength(2);
    expect(roots[0]!.trace_id).not.toBe(roots[1]!.trace_id);
  });

  it("async: the trace follows await, and concurrent roots never mix", async () => {
    const [a, b] = await Promise.all([asyncOuter(20), asyncOuter(5)]);
    expect(a[0]).toMatch(/^[0-9a-f]{8}$/);
    expect(a[0]).toBe(a[1]);
    expect(b[0]).toBe(b[1]);
    expect(a[0]).not.toBe(b[0]);
    // the caller's context is untouched after the async roots started
    expect(currentTraceId()).toBeUndefined();
    const byTrace = new Map<unknown, string[]>();
    for (const r of mem.objects()) byTrace.set(r.trace_id, [...(byTrace.get(r.trace_id) ?? []), String(r.message)]);
    expect(byTrace.size).toBe(2);
    for (const msgs of byTrace.values()) {
      expect(msgs.filter((m) => m.startsWith("[Root]"))).toHaveLength(2);
      expect(msgs.filter((m) => m.startsWith("[Nested]"))).toHaveLength(2);
    }
  });

  it("async timing lasts until the promise settles", async () => {
    await asyncInner(30);
    const exitRec = mem.objects().find((r) => String(r.message).includes("finished"))!;
    expect(exitRec.elapsed_ms as number).toBeGreaterThanOrEqual(25);
  });

  it("the context reaches timers, promise callbacks and event emitters started inside a root", async () => {
    const emitter = new EventEmitter();
    const seen: Array<string | undefined> = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const trace = starter(emitter, seen, done);
    expect(currentTraceId()).toBeUndefined();
    await finished;
    expect(seen).toEqual([trace, trace, trace]);
  });
});

describe("what a record holds", () => {
  it("never logs args or results without the opt-in", () => {
    secret("hunter2");
    const text = JSON.stringify(mem.objects());
    expect(text).not.toContain("hunter2");
    expect(mem.objects().every((r) => !("args" in r) && !("result" in r))).toBe(true);
  });

  it("logArgs and logResult add the fields and the message parts", () => {
    expect(open(2, 3)).toBe(5);
    const [entry, exit] = mem.objects();
    expect(entry).toMatchObject({ message: "[Root] Invoking 'open' | args=[2,3]", args: [2, 3] });
    expect(exit!.message).toMatch(/^\[Root\] 'open' finished in \d+\.\d\dms \| result=5$/);
    expect(exit!.result).toBe(5);
  });

  it("a throw writes an ERROR record and re-throws the same value", () => {
    const err = new TypeError("bad input");
    let caught: unknown;
    try {
      boom(err);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(err);
    const recs = mem.objects();
    expect(recs).toHaveLength(2);
    expect(recs[1]).toMatchObject({ level: "ERROR", function: "boom" });
    expect(recs[1]!.message).toMatch(/^\[Root\] 'boom' crashed after \d+\.\d\dms \| TypeError: bad input$/);
    expect(String(recs[1]!.exception)).toContain("TypeError: bad input\n    at ");
    expect(typeof recs[1]!.elapsed_ms).toBe("number");
  });

  it("non-Error throws keep their identity and are described as NonError", () => {
    const thrown = { code: 42 };
    expect(() => boom("plain string")).toThrow("plain string");
    let caught: unknown;
    try {
      boom(thrown);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(thrown);
    const fails = mem.objects().filter((r) => r.level === "ERROR");
    expect(fails[0]!.message).toMatch(/\| NonError: plain string$/);
  });

  it("a disabled level writes nothing and changes no context", () => {
    mem = installMemoryPipeline(20);
    expect(quiet()).toBe(7);
    expect(mem.recs).toHaveLength(0);
    expect(currentTraceId()).toBeUndefined();
  });
});
