/**
 * Taking values must not feed the queue: a tagged getter read while a `logArgs` value is
 * captured at the call (runtime/capture.ts) writes nothing, and a handler that calls log.*
 * writes nothing from inside the drain.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_VALUE_CONFIG } from "../runtime/capture";
import { __lc } from "../runtime/generated";
import { DEBUG } from "../runtime/levels";
import { log } from "../runtime/log";
import { createPipeline } from "../runtime/create-pipeline";
import { S } from "../runtime/state";
import type { LogRecord } from "../runtime/handlers/types";
import { MemoryDriver } from "./helpers/runtime-memory-driver";

const $S = __lc.sites("src/model.ts", [
  ["Model.total", 3, 20, 0],
  ["save", 9, 20, 1],
]);

class Model {
  constructor(private readonly items: number[]) {}
  get total(): number {
    const $f = __lc.enter($S[0]!);
    try {
      return this.items.reduce((a, b) => a + b, 0);
    } finally {
      __lc.exit($f);
    }
  }
  toJSON(): unknown {
    return { items: this.items, total: this.total };
  }
}

function save(model: Model): boolean {
  // eslint-disable-next-line prefer-rest-params
  const $f = __lc.enter($S[1]!, arguments);
  try {
    return model !== undefined;
  } finally {
    __lc.exit($f);
  }
}

const saved = { pipeline: S.pipeline, minLevel: S.minLevel, build: S.build };
afterEach(() => {
  Object.assign(S, saved);
});

describe("re-entrancy", () => {
  it("instrumented code run by the formatter and log.* from a handler write nothing", async () => {
    const seen: LogRecord[] = [];
    const pipeline = createPipeline(
      {
        dir: "/mem/logs",
        json: true,
        name: "t",
        propagate: false,
        otel: false,
        level: DEBUG,
        maxSize: 0,
        backupCount: 0,
        queueSize: 0,
        ...DEFAULT_VALUE_CONFIG,
        console: false,
        files: true,
        signals: true,
        handlers: [
          (record: LogRecord) => {
            seen.push(record);
            log.info("echo from a handler"); // would loop forever if it were queued
          },
        ],
      },
      { stamp: "20260101_000000", driver: new MemoryDriver() },
    );
    S.pipeline = pipeline;
    S.build = () => pipeline;
    S.minLevel = DEBUG;

    expect(save(new Model([1, 2, 3]))).toBe(true);
    await pipeline.flush();
    await new Promise((r) => setImmediate(r));
    await pipeline.flush();
    expect(seen.map((r) => r.message)).toEqual([
      '[Root] Invoking \'save\' | args=[{"items":[1,2,3],"total":6}]',
      expect.stringMatching(/^\[Root\] 'save' finished in/),
    ]);
    // Handlers get the snapshot taken at the call (issue 14), with the getter's value in it.
    expect(seen[0]!.args).toEqual([{ items: [1, 2, 3], total: 6 }]);
    expect((seen[0]!.args as unknown[])[0]).not.toBeInstanceOf(Model);
    // the level is back once the drain is over
    expect(S.minLevel).toBe(DEBUG);
    log.info("after");
    await pipeline.flush();
    expect(seen.at(-1)!.message).toBe("after");
    await pipeline.close();
  });
});
