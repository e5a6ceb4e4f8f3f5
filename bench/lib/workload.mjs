// The function every peer instruments in the call cases: the same body everywhere, so the
// only difference between two cases is the instrumentation around it.
//
// Sync:  (x * 31 + 7) | 0
// Async: await null, then the same (one await, so context must survive a suspension).
// Records mirror ours (SPEC §3): an entry record and an exit record with elapsed_ms,
// naming the function, file and line, carrying the trace id.

export const FN = "work";
export const FILE = "bench/src/calls.ts";
export const LINE = 7;

export function body(x) {
  return (x * 31 + 7) | 0;
}

export const entryMessage = (root) => `[${root ? "Root" : "Nested"}] Invoking '${FN}'`;
export const exitMessage = (root, ms) => `[${root ? "Root" : "Nested"}] '${FN}' finished in ${ms.toFixed(2)}ms`;
