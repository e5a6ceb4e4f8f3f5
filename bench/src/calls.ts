// The functions of the call cases, instrumented the way users do it: a JSDoc tag, built by
// the logcrest esbuild plugin (bench/lib/build-ours.mjs). Same bodies as bench/lib/workload.mjs.

/** @logcrest */
export function work(x: number): number {
  return (x * 31 + 7) | 0;
}

/** @logcrest */
export async function workAsync(x: number): Promise<number> {
  await null;
  return (x * 31 + 7) | 0;
}

/**
 * Compiled in, but below the configured level (INFO): filtered at run time, or compiled
 * out by a `minLevel: "info"` build.
 * @logcrest debug
 */
export function quiet(x: number): number {
  return (x * 31 + 7) | 0;
}

/** Not tagged: the same function uninstrumented, from the same bundle (case 8's baseline). */
export function bare(x: number): number {
  return (x * 31 + 7) | 0;
}

/**
 * Runs `body` inside an async root: case 5 measures uninstrumented awaits made while a
 * trace is active.
 * @logcrest
 */
export async function insideTrace<T>(body: () => Promise<T>): Promise<T> {
  return await body();
}
