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
