// Used only while the esbuild plugin is missing: bench/src/flow.ts in the transformer's
// shape (docs/ARCHITECTURE.md §1), written by hand. Results built from this file say so.
import { __lc as $lc } from "logcrest"; const $S = $lc.sites("bench/src/flow.ts", [["step1", 4, 20, 0], ["step2", 6, 20, 0], ["step3", 8, 20, 0], ["step4", 10, 20, 0], ["step5", 12, 20, 0], ["step6", 14, 20, 0], ["step7", 16, 20, 0], ["step8", 18, 20, 0], ["step9", 20, 20, 0], ["step10", 22, 20, 0], ["checkout", 25, 20, 4, "checkout"], ["astep", 33, 20, 8], ["checkoutAsync", 36, 20, 12, "checkout"]]);

function step1(x: number): number { const $f = $lc.enter($S[0]!); try { return x + 1; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) } }
function step2(x: number): number { const $f = $lc.enter($S[1]!); try { return x + 2; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) } }
function step3(x: number): number { const $f = $lc.enter($S[2]!); try { return x + 3; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) } }
function step4(x: number): number { const $f = $lc.enter($S[3]!); try { return x + 4; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) } }
function step5(x: number): number { const $f = $lc.enter($S[4]!); try { return x + 5; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) } }
function step6(x: number): number { const $f = $lc.enter($S[5]!); try { return x + 6; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) } }
function step7(x: number): number { const $f = $lc.enter($S[6]!); try { return x + 7; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) } }
function step8(x: number): number { const $f = $lc.enter($S[7]!); try { return x + 8; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) } }
function step9(x: number): number { const $f = $lc.enter($S[8]!); try { return x + 9; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) } }
function step10(x: number): number { const $f = $lc.enter($S[9]!); try { return x + 10; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) } }

export function checkout(x: number): number {
  const $f = $lc.enter($S[10]!); try { let v = x; v = step1(v); v = step2(v); v = step3(v); v = step4(v); v = step5(v); v = step6(v); v = step7(v); v = step8(v); v = step9(v); v = step10(v); return v & 0xffff; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) }
}

async function astep(x: number, k: number): Promise<number> { const $f = $lc.enter($S[11]!); return $lc.run($f, async () => { try { await null; return x + k; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) } }); }

export async function checkoutAsync(x: number): Promise<number> {
  const $f = $lc.enter($S[12]!); return $lc.run($f, async () => { try { let v = x; for (let k = 1; k <= 10; k++) v = await astep(v, k); return v & 0xffff; } catch ($e) { $lc.fail($f, $e); throw $e } finally { $lc.exit($f) } });
}
