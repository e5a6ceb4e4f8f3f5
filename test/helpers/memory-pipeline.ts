/**
 * A pipeline that keeps records in memory, for tests of the hot core that must not depend
 * on files. It implements the same `Pipeline` contract as runtime/pipeline.ts.
 */
import type { Rec } from "../../runtime/record";
import { recordObject } from "../../runtime/record-object";
import { S, type Pipeline } from "../../runtime/state";

export interface MemoryPipeline extends Pipeline {
  recs: Rec[];
  objects(): Array<Record<string, unknown>>;
}

export function installMemoryPipeline(minLevel = 10): MemoryPipeline {
  const recs: Rec[] = [];
  const pipeline: MemoryPipeline = {
    recs,
    objects: () => recs.map((r) => recordObject(r, "test")),
    push: (rec) => void recs.push(rec),
    flush: async () => {},
    flushSync: () => {},
    close: async () => {},
    closeSync: () => {},
    exitFlush: () => {},
  };
  S.pipeline = pipeline;
  S.minLevel = minLevel;
  S.build = () => pipeline;
  return pipeline;
}
