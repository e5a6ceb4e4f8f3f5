// Case 3: a @flow with 10 @logcrest steps (sync and async), built by the esbuild plugin.

/** @logcrest */
function step1(x: number): number { return x + 1; }
/** @logcrest */
function step2(x: number): number { return x + 2; }
/** @logcrest */
function step3(x: number): number { return x + 3; }
/** @logcrest */
function step4(x: number): number { return x + 4; }
/** @logcrest */
function step5(x: number): number { return x + 5; }
/** @logcrest */
function step6(x: number): number { return x + 6; }
/** @logcrest */
function step7(x: number): number { return x + 7; }
/** @logcrest */
function step8(x: number): number { return x + 8; }
/** @logcrest */
function step9(x: number): number { return x + 9; }
/** @logcrest */
function step10(x: number): number { return x + 10; }

/** @flow checkout */
export function checkout(x: number): number {
  let v = x;
  v = step1(v); v = step2(v); v = step3(v); v = step4(v); v = step5(v);
  v = step6(v); v = step7(v); v = step8(v); v = step9(v); v = step10(v);
  return v & 0xffff;
}

/** @logcrest */
async function astep(x: number, k: number): Promise<number> { await null; return x + k; }

/** @flow checkout */
export async function checkoutAsync(x: number): Promise<number> {
  let v = x;
  for (let k = 1; k <= 10; k++) v = await astep(v, k);
  return v & 0xffff;
}
