/**
 * Hands a record to the pipeline, building the pipeline (and resolving the config, which
 * sets the minimum level) on the very first record.
 */
import { S, type Pipeline } from "./state";
import type { Rec } from "./record";

function build(): Pipeline {
  if (S.build === undefined) {
    // runtime/index.ts installs the builder; reaching here means a partial import.
    throw new Error("logcrest: runtime not initialised (import 'logcrest', not an internal module)");
  }
  return S.build();
}

/** Resolves the config if nothing has yet, so `S.minLevel` is meaningful. */
export function ensureReady(): void {
  if (S.pipeline === undefined) build();
}

export function emit(rec: Rec): void {
  (S.pipeline ?? build()).push(rec);
}
