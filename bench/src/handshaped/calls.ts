// Used only while the esbuild plugin is missing: bench/src/calls.ts as the transformer
// emits it, written by hand in the exact shape of docs/ARCHITECTURE.md §1 (the shape
// test/core-trace.test.ts exercises). Results built from this file say so.
import { __lc as $lc } from "logcrest"; const $S = $lc.sites("bench/src/calls.ts", [["work", 5, 20, 0], ["workAsync", 10, 20, 8], ["quiet", 20, 10, 0], ["insideTrace", 28, 20, 8]]);

export function work(x: number): number {
  const $f = $lc.enter($S[0]!); try { return (x * 31 + 7) | 0; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) }
}

export async function workAsync(x: number): Promise<number> {
  const $f = $lc.enter($S[1]!); return $lc.run($f, async () => { try { await null; return (x * 31 + 7) | 0; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) } });
}

export function quiet(x: number): number {
  const $f = $lc.enter($S[2]!); try { return (x * 31 + 7) | 0; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) }
}

export async function insideTrace<T>(body: () => Promise<T>): Promise<T> {
  const $f = $lc.enter($S[3]!); return $lc.run($f, async () => { try { return await body(); } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) } });
}
